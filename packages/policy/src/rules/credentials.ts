import { defineRule, type RuleContext } from '../rules.ts';

const LEVELS = ['学徒工', '初级工', '中级工', '高级工', '技师', '高级技师', '特级技师', '首席技师'];
const LEVEL_INPUT = {
  label: '职业技能等级',
  type: 'enum',
  options: Object.fromEntries(LEVELS.map((l) => [l, l])),
} as const;

const TITLE_INPUTS = {
  yearsInGrade: { label: '现职称任职年限', type: 'integer', unit: '年' },
  meetsEducation: { label: '学历符合该系列一般规定', type: 'boolean' },
  grassrootsYears: { label: '在基层一线连续工作年限', type: 'integer', unit: '年' },
  consecutiveQualifiedYears: { label: '年度考核连续合格以上等次的年数', type: 'integer', unit: '年' },
} as const;

export interface SkillHolding {
  level: string;
  /** Years of technical work since obtaining the level (whole years). */
  years: number;
}

/** 技能等级 + years → the engineering title one may apply for (方案（九）; 2018 贯通意见). */
export const skillToTitle = defineRule<SkillHolding, string | null>({
  id: 'credentials.skill_to_title',
  label: '技能人才可申报的工程技术职称',
  entity: 'person',
  cites: ['ZM-PLAN#九', 'GCJS-2018#贯通'],
  inputs: {
    level: LEVEL_INPUT,
    years: { label: '取得该等级后从事技术技能工作年限', type: 'integer', unit: '年' },
  },
  formulas: {
    '2018-01-01': (ctx) =>
      (ctx.table('credentials.skill_to_title', { level: ctx.input.level, years: ctx.input.years })?.title as
        | string
        | undefined) ?? null,
  },
  describe: (t) => (t ? `可申报${t}` : '尚不满足贯通申报工程技术职称的条件'),
});

/** Position on the eight-step ladder (0 学徒工 … 7 首席技师); unknown levels are an error, not "no result". */
export const skillLadderOrder = defineRule<{ level: string }, number>({
  id: 'credentials.skill_ladder_order',
  label: '职业技能等级序次',
  entity: 'person',
  cites: ['RSBF-2022-8J#等级序列', 'ZM-PLAN#九'],
  inputs: { level: LEVEL_INPUT },
  formulas: {
    '2022-03-01': (ctx) => {
      const row = ctx.table('credentials.skill_ladder', { level: ctx.input.level });
      if (!row) throw new Error(`未知的职业技能等级「${ctx.input.level}」`);
      return row.order as number;
    },
  },
  describe: (n) => `职业技能等级序列第 ${n} 级（学徒工为 0）`,
});

/** 特级技师 are treated as 正高级 title holders. */
export const skillEquivalentTitle = defineRule<{ level: string }, string | null>({
  id: 'credentials.skill_equivalent_title',
  label: '技能等级比照的职称层级',
  entity: 'person',
  cites: ['RSBF-2022-8J#特级技师待遇', 'ZM-PLAN#九'],
  inputs: { level: LEVEL_INPUT },
  formulas: {
    '2022-03-01': (ctx) =>
      (ctx.table('credentials.skill_ladder', { level: ctx.input.level })?.equivalentTitle as string | null) ??
      null,
  },
  describe: (t) => (t ? `比照${t}职称享受待遇` : '无比照职称层级'),
});

/** Technical-school classes count as 中专 / 大专 / 本科 for title applications. */
export const schoolClassEducation = defineRule<{ schoolClass: string }, string | null>({
  id: 'credentials.school_class_education',
  label: '技工院校班级比照学历',
  entity: 'person',
  cites: ['GCJS-2018#技工院校', 'ZM-PLAN#九'],
  inputs: {
    schoolClass: {
      label: '技工院校毕业班级',
      type: 'enum',
      options: { 中级工班: '中级工班', 高级工班: '高级工班', 预备技师班: '预备技师班', 技师班: '技师班' },
    },
  },
  formulas: {
    '2018-01-01': (ctx) =>
      (ctx.table('credentials.school_class_equivalence', { schoolClass: ctx.input.schoolClass })?.education as
        | string
        | undefined) ?? null,
  },
  describe: (e) => (e ? `按${e}学历申报职称` : '该班级无学历比照'),
});

export interface TitleApplicant {
  /** Whole years holding the current title. */
  yearsInGrade: number;
  /** Meets the series' education requirement without relaxation. */
  meetsEducation: boolean;
  /** Consecutive years in grassroots front-line work in their own profession. */
  grassrootsYears: number;
  /** Consecutive years of annual assessment 合格 or better, counted back from the latest. */
  consecutiveQualifiedYears: number;
}

const GRASSROOTS = '基层一线专业技术人员职称倾斜';

const isGrassrootsTilt = (ctx: RuleContext<TitleApplicant>) =>
  ctx.check(
    'grassroots_years',
    ctx.input.grassrootsYears,
    '>=',
    ctx.num('credentials.grassroots.min_years'),
  ) &&
  ctx.check(
    'qualified_years',
    ctx.input.consecutiveQualifiedYears,
    '>=',
    ctx.num('credentials.grassroots.min_qualified_years'),
  );

/**
 * May apply for the next title: base rule on years in grade and education, with the grassroots exception
 * (方案（八）) relaxing years by the configured relief and waiving the education limit.
 */
export const titleEligible = defineRule<TitleApplicant, boolean>({
  id: 'credentials.title.eligible',
  label: '可申报上一级职称',
  entity: 'person',
  cites: ['ZC-2016#基层'],
  inputs: TITLE_INPUTS,
  reasons: {
    years_in_grade: {
      subject: '现职称任职年限',
      against: '规定年限',
      unit: 'years',
      cites: ['ZC-2016#基层'],
    },
    education: { subject: '学历符合规定', cites: ['ZC-2016#基层'] },
    grassroots_years: {
      subject: '基层一线工作年限',
      against: '倾斜政策要求',
      unit: 'years',
      cites: ['ZM-PLAN#八', 'ZC-2016#基层'],
    },
    qualified_years: {
      subject: '年度考核连续合格以上等次',
      against: '倾斜政策要求',
      unit: 'years',
      cites: ['ZM-PLAN#八'],
    },
    relaxed_years: { subject: '现职称任职年限', against: '放宽后年限', unit: 'years', cites: ['ZM-PLAN#八'] },
  },
  formulas: {
    '2016-11-01': (ctx) =>
      ctx.check(
        'years_in_grade',
        ctx.input.yearsInGrade,
        '>=',
        ctx.num('credentials.title.years_in_grade'),
      ) && ctx.fact('education', ctx.input.meetsEducation),
  },
  exceptions: [
    {
      label: GRASSROOTS,
      cites: ['ZM-PLAN#八', 'ZC-2016#基层'],
      when: isGrassrootsTilt,
      value: (ctx) =>
        ctx.check(
          'relaxed_years',
          ctx.input.yearsInGrade,
          '>=',
          ctx.num('credentials.title.years_in_grade') - ctx.num('credentials.grassroots.years_relief'),
        ),
    },
  ],
  describe: (ok) => (ok ? '可申报上一级职称' : '暂不符合申报上一级职称的条件'),
});

/** A title obtained through the grassroots tilt is valid at grassroots only (定向评价、定向使用). */
export const titleGrassrootsOnly = defineRule<TitleApplicant, boolean>({
  id: 'credentials.title.grassroots_only',
  label: '职称限基层有效',
  entity: 'person',
  cites: ['ZC-2016#基层', 'ZM-PLAN#八'],
  inputs: TITLE_INPUTS,
  uses: ['credentials.title.eligible'],
  reasons: {
    years_in_grade: {
      subject: '现职称任职年限',
      against: '一般规定年限',
      unit: 'years',
      cites: ['ZC-2016#基层'],
    },
    education: { subject: '学历符合一般规定', cites: ['ZC-2016#基层'] },
  },
  formulas: {
    '2016-11-01': (ctx) => {
      if (ctx.rule('credentials.title.eligible') !== true) return false;
      const byBase =
        ctx.check(
          'years_in_grade',
          ctx.input.yearsInGrade,
          '>=',
          ctx.num('credentials.title.years_in_grade'),
        ) && ctx.fact('education', ctx.input.meetsEducation);
      return !byBase;
    },
  },
  describe: (only) => (only ? '按基层倾斜政策取得，职称限定在基层有效' : '职称不受基层有效限制'),
});

export const credentialRules = [
  skillToTitle,
  skillLadderOrder,
  skillEquivalentTitle,
  schoolClassEducation,
  titleEligible,
  titleGrassrootsOnly,
];
