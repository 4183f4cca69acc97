import { defineRule } from '../rules.ts';

/**
 * 就业援助 case closure and 就业补贴 eligibility and amounts (issue 4, parts 6 and 7). The identification of
 * 就业困难人员, the 零就业家庭 test and the subsidy duration are in `employment.ts`.
 */

/** A 就业援助 case may be closed once the person has held employment for the configured months. */
export const assistanceCanClose = defineRule<{ employedMonths: number }, boolean>({
  id: 'employment.assistance.can_close',
  label: '就业援助个案可结案',
  entity: 'case',
  cites: ['ZM-PLAN#十二'],
  inputs: { employedMonths: { label: '已连续就业', type: 'integer', unit: '个月' } },
  reasons: {
    employed: {
      subject: '已连续就业',
      against: '结案所需稳定就业月数',
      unit: 'months',
      cites: ['ZM-PLAN#十二'],
    },
  },
  formulas: {
    '2021-01-01': (ctx) =>
      ctx.check('employed', ctx.input.employedMonths, '>=', ctx.num('employment.assistance.closure_months')),
  },
  describe: (ok) => (ok ? '已稳定就业，可以结案' : '尚未稳定就业满规定月数，不能结案'),
});

export const subsidyKinds = {
  social_insurance: '社会保险补贴（用人单位招用就业困难人员）',
  post: '岗位补贴（用人单位招用就业困难人员）',
  flexible_social_insurance: '灵活就业社会保险补贴',
  public_welfare_post: '公益性岗位补贴',
} as const;
export type SubsidyKind = keyof typeof subsidyKinds;

export interface SubsidyApplicant {
  kind: SubsidyKind;
  /** Identified as 就业困难人员 on the date (a stored identification decision). */
  difficultyIdentified: boolean;
  /** 离校 2 年内未就业高校毕业生 (flexible-employment subsidy only). */
  recentGraduate: boolean;
  /** A labour contract with the applying employer (or the 公益性岗位 unit). */
  contractSigned: boolean;
  /** Social insurance is being paid for the months applied for. */
  insurancePaid: boolean;
  /** Registered as flexibly employed (灵活就业登记). */
  flexibleRegistered: boolean;
  /** Months left under the duration limit after the months already paid. */
  remainingMonths: number;
}

/** Who may receive which 就业补贴: the person's category, the employment relation, contributions, months left. */
export const subsidyEligible = defineRule<SubsidyApplicant, boolean>({
  id: 'employment.subsidy.eligible',
  label: '就业补贴申请条件',
  entity: 'case',
  cites: ['JYBZ-ZJ#社保补贴', 'JYBZ-ZJ#岗位补贴', 'JYBZ-ZJ#灵活就业', 'JYBZ-ZJ#期限', 'ZM-PLAN#十二'],
  inputs: {
    kind: { label: '补贴类别', type: 'enum', options: subsidyKinds },
    difficultyIdentified: { label: '已认定为就业困难人员', type: 'boolean' },
    recentGraduate: { label: '离校 2 年内未就业高校毕业生', type: 'boolean' },
    contractSigned: { label: '已签订劳动合同', type: 'boolean' },
    insurancePaid: { label: '已按规定缴纳社会保险费', type: 'boolean' },
    flexibleRegistered: { label: '已进行灵活就业登记', type: 'boolean' },
    remainingMonths: { label: '剩余可享受补贴', type: 'integer', unit: '个月' },
  },
  reasons: {
    difficulty: { subject: '已认定为就业困难人员', cites: ['JYBZ-ZJ#社保补贴', 'JYBZ-ZJ#岗位补贴'] },
    flexible_person: {
      subject: '属于就业困难人员或离校 2 年内未就业高校毕业生',
      cites: ['JYBZ-ZJ#灵活就业'],
    },
    contract: { subject: '已签订劳动合同', cites: ['JYBZ-ZJ#社保补贴', 'JYBZ-ZJ#岗位补贴'] },
    insurance: { subject: '已按规定缴纳社会保险费', cites: ['JYBZ-ZJ#社保补贴', 'JYBZ-ZJ#灵活就业'] },
    flexible_registered: { subject: '已进行灵活就业登记', cites: ['JYBZ-ZJ#灵活就业'] },
    remaining: {
      subject: '剩余可享受补贴月数',
      against: '下限',
      unit: 'months',
      cites: ['JYBZ-ZJ#期限'],
    },
  },
  formulas: {
    '2017-10-13': (ctx) => {
      const i = ctx.input;
      let ok: boolean;
      switch (i.kind) {
        case 'flexible_social_insurance':
          ok =
            ctx.fact('flexible_person', i.difficultyIdentified || i.recentGraduate) &&
            ctx.fact('flexible_registered', i.flexibleRegistered) &&
            ctx.fact('insurance', i.insurancePaid);
          break;
        case 'post':
        case 'public_welfare_post':
          ok = ctx.fact('difficulty', i.difficultyIdentified) && ctx.fact('contract', i.contractSigned);
          break;
        default:
          ok =
            ctx.fact('difficulty', i.difficultyIdentified) &&
            ctx.fact('contract', i.contractSigned) &&
            ctx.fact('insurance', i.insurancePaid);
      }
      return ok && ctx.check('remaining', i.remainingMonths, '>', 0);
    },
  },
  describe: (ok) => (ok ? '符合补贴申请条件' : '不符合补贴申请条件'),
});

/**
 * Monthly amount in fen. 社保补贴: the employer's actual contribution, up to a local cap; 灵活就业: at most 2/3 of
 * the person's contribution; 岗位补贴 and 公益性岗位: a local monthly amount. Local amounts are 待确认 parameters.
 */
export const subsidyMonthlyAmount = defineRule<{ kind: SubsidyKind; monthlyContributionFen: number }, number>(
  {
    id: 'employment.subsidy.monthly_amount',
    label: '就业补贴月补贴标准',
    entity: 'case',
    cites: ['JYBZ-ZJ#社保补贴', 'JYBZ-ZJ#岗位补贴', 'JYBZ-ZJ#灵活就业', 'JYBZ-ZJ#公益性岗位'],
    inputs: {
      kind: { label: '补贴类别', type: 'enum', options: subsidyKinds },
      monthlyContributionFen: { label: '月实际缴纳社会保险费', type: 'fen' },
    },
    reasons: {
      cap: {
        subject: '月实际缴纳社会保险费',
        against: '社会保险补贴月上限',
        unit: 'fen',
        cites: ['JYBZ-ZJ#社保补贴'],
      },
      flexible: {
        subject: '月实际缴纳社会保险费',
        against: '',
        unit: 'fen',
        cites: ['JYBZ-ZJ#灵活就业'],
      },
      post: { subject: '按岗位补贴标准发放', cites: ['JYBZ-ZJ#岗位补贴'] },
      public_welfare: { subject: '按公益性岗位补贴标准发放', cites: ['JYBZ-ZJ#公益性岗位'] },
    },
    formulas: {
      '2017-10-13': (ctx) => {
        const c = Math.max(0, Math.floor(ctx.input.monthlyContributionFen));
        switch (ctx.input.kind) {
          case 'social_insurance': {
            const cap = ctx.num('employment.subsidy.social_insurance_cap_fen');
            return ctx.check('cap', c, '<=', cap) ? c : cap;
          }
          case 'flexible_social_insurance':
            ctx.check('flexible', c, '>', 0);
            return Math.floor(c * ctx.num('employment.subsidy.flexible_max_ratio'));
          case 'post':
            ctx.fact('post', true);
            return ctx.num('employment.subsidy.post_monthly_fen');
          default:
            ctx.fact('public_welfare', true);
            return ctx.num('employment.subsidy.public_welfare_post_monthly_fen');
        }
      },
    },
    describe: (fen) => `每月补贴 ${(fen / 100).toFixed(2)} 元`,
  },
);

export const employmentAssistanceRules = [assistanceCanClose, subsidyEligible, subsidyMonthlyAmount];
