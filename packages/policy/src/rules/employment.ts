import { defineRule } from '../rules.ts';

export interface JobSeeker {
  /** Within legal working age (computed by the caller from the statutory retirement schedule). */
  workingAge: boolean;
  ableAndWilling: boolean;
  registeredUnemployed: boolean;
  memberOfZeroEmploymentHousehold: boolean;
  /** Whole years until the person's statutory retirement date. */
  yearsToRetirement: number;
  /** Months of continuous registered unemployment. */
  unemployedMonths: number;
  /** Graduated from a college within N years and from a 低保 / disabled / poor household. */
  recentGraduateFromHardshipHousehold: boolean;
  graduateYears: number;
  landLostFarmer: boolean;
  /** Unemployed and disabled, demobilised urban veteran, county-level model worker, military family, or single parent. */
  specialGroup: boolean;
}

/**
 * 就业困难人员 (Henan list as used by Zhengzhou): the gate (working age, able and willing, registered unemployed),
 * then the first category that applies. Outcome: the category code, or null when not a 就业困难人员.
 */
export const difficultyCategory = defineRule<JobSeeker, string | null>({
  id: 'employment.difficulty.category',
  label: '就业困难人员认定类别',
  entity: 'person',
  cites: ['HN-JYKN#条件', 'HN-JYKN#类别', 'ZM-PLAN#十二'],
  inputs: {
    workingAge: { label: '在法定劳动年龄内', type: 'boolean' },
    ableAndWilling: { label: '有劳动能力和就业意愿', type: 'boolean' },
    registeredUnemployed: { label: '已进行失业登记', type: 'boolean' },
    memberOfZeroEmploymentHousehold: { label: '城镇零就业家庭成员', type: 'boolean' },
    yearsToRetirement: { label: '距法定退休年龄', type: 'integer', unit: '年' },
    unemployedMonths: { label: '连续失业', type: 'integer', unit: '个月' },
    recentGraduateFromHardshipHousehold: { label: '低保、残疾人等困难家庭高校毕业生', type: 'boolean' },
    graduateYears: { label: '毕业年限', type: 'integer', unit: '年' },
    landLostFarmer: { label: '就业困难的被征地农民', type: 'boolean' },
    specialGroup: {
      label: '失业的残疾人、复员转业军人、县级以上劳动模范、军烈属或单亲家庭成员',
      type: 'boolean',
    },
  },
  reasons: {
    gate_working_age: { subject: '在法定劳动年龄内', cites: ['HN-JYKN#条件'] },
    gate_able: { subject: '有劳动能力和就业意愿', cites: ['HN-JYKN#条件'] },
    gate_registered: { subject: '已进行失业登记', cites: ['HN-JYKN#条件'] },
    zero_household: { subject: '属于城镇零就业家庭成员', cites: ['HN-JYKN#类别', 'HN-JYKN#零就业家庭'] },
    near_retirement: {
      subject: '距法定退休年龄',
      against: '规定年限',
      unit: 'years',
      cites: ['HN-JYKN#类别'],
    },
    long_unemployed: { subject: '连续失业', against: '规定月数', unit: 'months', cites: ['HN-JYKN#类别'] },
    graduate: { subject: '毕业年限', against: '规定年限', unit: 'years', cites: ['HN-JYKN#类别'] },
    land_lost: { subject: '属于就业困难的被征地农民', cites: ['HN-JYKN#类别'] },
    special_group: {
      subject: '属于残疾人、复员转业军人、劳动模范、军烈属或单亲家庭等特定群体',
      cites: ['HN-JYKN#类别'],
    },
  },
  formulas: {
    '2015-01-01': (ctx) => {
      const i = ctx.input;
      if (!ctx.fact('gate_working_age', i.workingAge)) return null;
      if (!ctx.fact('gate_able', i.ableAndWilling)) return null;
      if (!ctx.fact('gate_registered', i.registeredUnemployed)) return null;
      if (ctx.fact('zero_household', i.memberOfZeroEmploymentHousehold)) return 'ZERO_EMPLOYMENT_HOUSEHOLD';
      if (
        ctx.check(
          'near_retirement',
          i.yearsToRetirement,
          '<=',
          ctx.num('employment.difficulty.near_retirement_years'),
        )
      ) {
        return 'NEAR_RETIREMENT';
      }
      if (
        ctx.check(
          'long_unemployed',
          i.unemployedMonths,
          '>=',
          ctx.num('employment.difficulty.unemployed_months'),
        )
      ) {
        return 'LONG_TERM_UNEMPLOYED';
      }
      if (
        i.recentGraduateFromHardshipHousehold &&
        ctx.check('graduate', i.graduateYears, '<=', ctx.num('employment.difficulty.graduate_years'))
      ) {
        return 'HARDSHIP_GRADUATE';
      }
      if (ctx.fact('land_lost', i.landLostFarmer)) return 'LAND_LOST_FARMER';
      if (ctx.fact('special_group', i.specialGroup)) return 'SPECIAL_GROUP';
      return null;
    },
  },
  describe: (c) => (c ? `认定为就业困难人员（${CATEGORY_TEXT[c] ?? c}）` : '不符合就业困难人员认定条件'),
});

const CATEGORY_TEXT: Record<string, string> = {
  ZERO_EMPLOYMENT_HOUSEHOLD: '城镇零就业家庭成员',
  NEAR_RETIREMENT: '距法定退休年龄 10 年以内',
  LONG_TERM_UNEMPLOYED: '连续失业 6 个月以上',
  HARDSHIP_GRADUATE: '困难家庭高校毕业生',
  LAND_LOST_FARMER: '就业困难的被征地农民',
  SPECIAL_GROUP: '特定群体',
};

export interface HouseholdEmployment {
  urban: boolean;
  /** Members of legal working age, able and willing to work. */
  workingAgeAbleMembers: number;
  /** Of those, how many are employed (any form, including flexible work). */
  employedMembers: number;
  hasBusinessOrInvestmentIncome: boolean;
}

/** 零就业家庭 (Henan): urban; every working-age able and willing member unemployed; no business/investment income. */
export const zeroEmploymentHousehold = defineRule<HouseholdEmployment, boolean>({
  id: 'employment.zero_employment_household',
  label: '零就业家庭',
  entity: 'household',
  cites: ['HN-JYKN#零就业家庭', 'ZM-PLAN#十二'],
  inputs: {
    urban: { label: '城镇居民家庭', type: 'boolean' },
    workingAgeAbleMembers: {
      label: '法定劳动年龄内有劳动能力和就业意愿的成员人数',
      type: 'integer',
      unit: '人',
    },
    employedMembers: { label: '其中已就业人数', type: 'integer', unit: '人' },
    hasBusinessOrInvestmentIncome: { label: '有经营性、投资性收入', type: 'boolean' },
  },
  reasons: {
    urban: { subject: '城镇居民家庭', cites: ['HN-JYKN#零就业家庭'] },
    has_labour: {
      subject: '法定劳动年龄内有劳动能力和就业意愿的成员人数',
      against: '',
      unit: 'count',
      cites: ['HN-JYKN#零就业家庭'],
    },
    none_employed: { subject: '其中就业人数', against: '', unit: 'count', cites: ['HN-JYKN#零就业家庭'] },
    no_business_income: { subject: '无经营性、投资性收入', cites: ['HN-JYKN#零就业家庭'] },
  },
  formulas: {
    '2015-01-01': (ctx) =>
      ctx.fact('urban', ctx.input.urban) &&
      ctx.check('has_labour', ctx.input.workingAgeAbleMembers, '>', 0) &&
      ctx.check('none_employed', ctx.input.employedMembers, '==', 0) &&
      ctx.fact('no_business_income', !ctx.input.hasBusinessOrInvestmentIncome),
  },
  describe: (z) => (z ? '属于零就业家庭，应动态“清零”' : '不属于零就业家庭'),
});

/** Social-insurance / post subsidy duration in months: ≤ 36, or until retirement when within 5 years of it. */
export const subsidyDuration = defineRule<{ monthsToRetirement: number }, number>({
  id: 'employment.subsidy.duration_months',
  label: '社会保险补贴和岗位补贴可享受月数',
  entity: 'person',
  cites: ['JYBZ-ZJ#期限', 'ZM-PLAN#十二'],
  inputs: { monthsToRetirement: { label: '距法定退休年龄', type: 'integer', unit: '个月' } },
  reasons: {
    near_retirement: {
      subject: '距法定退休年龄',
      against: '可延长至退休的年限',
      unit: 'months',
      cites: ['JYBZ-ZJ#期限'],
    },
  },
  formulas: {
    '2017-10-13': (ctx) => {
      const max = ctx.num('employment.subsidy.max_months');
      const toRetire = Math.max(0, ctx.input.monthsToRetirement);
      const near = ctx.check(
        'near_retirement',
        toRetire,
        '<',
        ctx.num('employment.subsidy.near_retirement_years') * 12,
      );
      return near ? toRetire : Math.min(max, toRetire);
    },
  },
  describe: (m) => `可享受补贴 ${m} 个月`,
});

/** Discriminatory wording in a job posting: gender, marriage/childbirth, hepatitis B, ethnicity/religion, hukou. */
const BLOCKED: readonly { code: string; pattern: RegExp; label: string; cites: readonly string[] }[] = [
  {
    code: 'gender',
    pattern: /限男|男性优先|仅限男|只招男|男士优先|要求男性|限女|仅招女|只招女|女性优先|女士优先/,
    label: '性别限制',
    cites: ['FNQY-FA#43', 'JYCJ-FA#26'],
  },
  {
    code: 'marriage',
    pattern: /已婚已育|已婚|未婚|未育|婚育|不得怀孕|怀孕|孕检|妊娠|生育(?!保险)/,
    label: '婚育限制',
    cites: ['FNQY-FA#43'],
  },
  { code: 'hbv', pattern: /乙肝|两对半|HBsAg|乙型肝炎/i, label: '乙肝歧视', cites: ['JYCJ-FA#30'] },
  {
    code: 'ethnicity',
    pattern: /限汉族|民族限制|不招少数民族|宗教信仰/,
    label: '民族或宗教限制',
    cites: ['JYCJ-FA#28', 'JYCJ-FA#26'],
  },
  {
    code: 'hukou',
    pattern: /本地户籍|本地户口|本市户口|限.{0,4}户籍|城镇户口|农村户口|非农户口/,
    label: '户籍限制',
    cites: ['JYCJ-FA#31'],
  },
];
const AGE = /(\d{2})\s*(岁|周岁)\s*(以下|以内|以上)|年龄.{0,6}\d{2}|\d{2}\s*[-—–~至到]\s*\d{2}\s*(岁|周岁)/;

export type PostingCheck = 'block' | 'warn' | 'ok';

export const postingDiscrimination = defineRule<{ text: string }, PostingCheck>({
  id: 'employment.posting.discrimination_check',
  label: '招聘信息就业歧视审核',
  entity: 'case',
  cites: ['JYCJ-FA#26', 'ZM-PLAN#十二'],
  inputs: { text: { label: '招聘信息全文', type: 'text' } },
  reasons: {
    gender: { subject: '含性别限制用语', cites: ['FNQY-FA#43', 'JYCJ-FA#26'] },
    marriage: { subject: '含婚育状况限制用语', cites: ['FNQY-FA#43'] },
    hbv: { subject: '含乙肝检测或乙肝病原携带者限制用语', cites: ['JYCJ-FA#30'] },
    ethnicity: { subject: '含民族或宗教限制用语', cites: ['JYCJ-FA#28', 'JYCJ-FA#26'] },
    hukou: { subject: '含户籍限制用语', cites: ['JYCJ-FA#31'] },
    age: { subject: '含年龄限制（法律未明确禁止，提示审核）', cites: ['JYCJ-FA#26'] },
  },
  formulas: {
    '2022-10-30': (ctx) => {
      let blocked = false;
      for (const b of BLOCKED) if (ctx.fact(b.code, b.pattern.test(ctx.input.text))) blocked = true;
      const age = ctx.fact('age', AGE.test(ctx.input.text));
      return blocked ? 'block' : age ? 'warn' : 'ok';
    },
  },
  describe: (r) =>
    r === 'block'
      ? '含就业歧视内容，不予发布，请修改'
      : r === 'warn'
        ? '含年龄限制，提示复核后可发布'
        : '未发现就业歧视内容',
});

export const employmentRules = [
  difficultyCategory,
  zeroEmploymentHousehold,
  subsidyDuration,
  postingDiscrimination,
];
