import { z } from 'zod';
import { ZIsoDate, ZUuid } from './registry.ts';

/**
 * Employment assistance (就业援助): 就业困难人员 identification, assistance cases with plan steps and follow-ups,
 * the 零就业家庭 live list and its 清零 dashboard, and employment subsidies (issue 4, parts 6 and 7).
 */

export const difficultyCategories = {
  ZERO_EMPLOYMENT_HOUSEHOLD: '城镇零就业家庭成员',
  NEAR_RETIREMENT: '距法定退休年龄 10 年以内',
  LONG_TERM_UNEMPLOYED: '连续失业 6 个月以上',
  HARDSHIP_GRADUATE: '困难家庭高校毕业生',
  LAND_LOST_FARMER: '就业困难的被征地农民',
  SPECIAL_GROUP: '残疾人、复员转业军人等特定群体',
} as const;
export type DifficultyCategory = keyof typeof difficultyCategories;

export const ZTownshipCode = z.string().regex(/^\d{9}$/, '乡镇（街道）代码须为 9 位数字');

// ── 就业困难人员认定 ────────────────────────────────────────────────────────────────────────────────────────

/** What the registry does not hold and staff confirm at identification (defaults: none apply, able and willing). */
export const ZIdentifyRequest = z
  .object({
    personId: ZUuid,
    asOf: ZIsoDate.optional(),
    ableAndWilling: z.boolean().default(true),
    recentGraduateFromHardshipHousehold: z.boolean().default(false),
    graduateYears: z.number().int().min(0).max(99).default(99),
    landLostFarmer: z.boolean().default(false),
    specialGroup: z.boolean().default(false),
  })
  .strict();
export type TIdentifyRequest = z.input<typeof ZIdentifyRequest>;

export const ZIdentification = z.object({
  id: ZUuid.nullable(),
  personId: ZUuid,
  personName: z.string(),
  idNumberMasked: z.string(),
  gender: z.enum(['M', 'F']),
  age: z.number().int(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  category: z.string().nullable(),
  categoryLabel: z.string().nullable(),
  asOf: ZIsoDate,
  decisionId: ZUuid.nullable(),
  reasons: z.array(z.string()),
  /** Facts read from the registry and the employment records. */
  facts: z.object({
    registeredUnemployed: z.boolean(),
    unemployedMonths: z.number().int(),
    yearsToRetirement: z.number().int(),
    memberOfZeroEmploymentHousehold: z.boolean(),
  }),
  openCaseId: ZUuid.nullable(),
});
export type TIdentification = z.infer<typeof ZIdentification>;

export const ZCandidateQuery = z
  .object({
    townshipCode: ZTownshipCode,
    /** Only those the rule identifies (default) or every unemployed person screened. */
    onlyIdentified: z.coerce.boolean().default(true),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
export type TCandidateQuery = z.input<typeof ZCandidateQuery>;
export const ZCandidateList = z.object({
  townshipCode: z.string(),
  screened: z.number().int(),
  candidates: z.array(ZIdentification),
});
export type TCandidateList = z.infer<typeof ZCandidateList>;

// ── 援助个案 ───────────────────────────────────────────────────────────────────────────────────────────────

export const stepKinds = {
  counselling: '心理疏导',
  guidance: '职业指导',
  training: '职业培训',
  job_referral: '岗位推荐',
  public_welfare_post: '公益性岗位安置',
  entrepreneurship: '创业扶持',
  other: '其他帮扶',
} as const;
export const ZStepKind = z.enum(
  Object.keys(stepKinds) as [keyof typeof stepKinds, ...(keyof typeof stepKinds)[]],
  '帮扶措施类别不正确',
);

export const followupWays = {
  visit: '上门走访',
  phone: '电话',
  office: '窗口面谈',
  online: '微信或网上',
} as const;
export const ZFollowupWay = z.enum(
  Object.keys(followupWays) as [keyof typeof followupWays, ...(keyof typeof followupWays)[]],
  '跟进方式不正确',
);

export const ZNewStep = z
  .object({
    kind: ZStepKind,
    title: z.string().trim().min(1, '请填写措施内容').max(200),
    ownerName: z.string().trim().min(1, '请填写责任人').max(50),
    dueOn: ZIsoDate,
  })
  .strict();
export type TNewStep = z.infer<typeof ZNewStep>;

export const ZOpenCaseRequest = z
  .object({
    personId: ZUuid,
    steps: z.array(ZNewStep).max(20).default([]),
    note: z.string().max(500).optional(),
  })
  .strict();
export type TOpenCaseRequest = z.input<typeof ZOpenCaseRequest>;

export const ZStepUpdateRequest = z
  .object({ state: z.enum(['done', 'cancelled']), note: z.string().max(500).optional() })
  .strict();
export type TStepUpdateRequest = z.infer<typeof ZStepUpdateRequest>;

export const ZFollowupRequest = z
  .object({
    followedOn: ZIsoDate,
    way: ZFollowupWay,
    content: z.string().trim().min(1, '请填写跟进内容').max(1000),
    nextStep: z.string().trim().max(500).default(''),
    stepId: ZUuid.optional(),
  })
  .strict();
export type TFollowupRequest = z.input<typeof ZFollowupRequest>;

export const ZCloseCaseRequest = z.object({ note: z.string().max(500).optional() }).strict();
export type TCloseCaseRequest = z.infer<typeof ZCloseCaseRequest>;

export const ZAssistanceStep = z.object({
  id: ZUuid,
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  overdue: z.boolean(),
});
export type TAssistanceStep = z.infer<typeof ZAssistanceStep>;

export const ZAssistanceEvent = z.object({
  id: ZUuid,
  kind: z.string(),
  toState: z.string().nullable(),
  occurredOn: z.string().nullable(),
  way: z.string().nullable(),
  wayLabel: z.string().nullable(),
  note: z.string().nullable(),
  nextStep: z.string().nullable(),
  stepId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  at: z.string(),
});

export const ZAssistanceCaseSummary = z.object({
  id: ZUuid,
  personId: ZUuid,
  personName: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  category: z.string(),
  categoryLabel: z.string(),
  status: z.enum(['open', 'closed']),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  steps: z.number().int(),
  overdueSteps: z.number().int(),
});
export type TAssistanceCaseSummary = z.infer<typeof ZAssistanceCaseSummary>;

export const ZAssistanceCase = ZAssistanceCaseSummary.extend({
  identificationDecisionId: ZUuid,
  closureDecisionId: ZUuid.nullable(),
  closeNote: z.string().nullable(),
  /** Current employment as the records show it, for the closure rule. */
  employment: z.object({ employed: z.boolean(), since: z.string().nullable(), months: z.number().int() }),
  closureMonths: z.number().int(),
  planSteps: z.array(ZAssistanceStep),
  events: z.array(ZAssistanceEvent),
});
export type TAssistanceCase = z.infer<typeof ZAssistanceCase>;

export const ZCaseListQuery = z
  .object({
    status: z.enum(['open', 'closed', 'all']).default('open'),
    townshipCode: ZTownshipCode.optional(),
    overdueOnly: z.coerce.boolean().default(false),
  })
  .strict();
export type TCaseListQuery = z.input<typeof ZCaseListQuery>;
export const ZCaseList = z.object({ cases: z.array(ZAssistanceCaseSummary) });

// ── 零就业家庭 ─────────────────────────────────────────────────────────────────────────────────────────────

export const ZZeroHousehold = z.object({
  spellId: ZUuid,
  householdId: ZUuid,
  householdNumber: z.string().nullable(),
  headName: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipCode: z.string(),
  enteredOn: z.string(),
  leftOn: z.string().nullable(),
  leaveReason: z.string().nullable(),
  entryDecisionId: ZUuid,
});
export type TZeroHousehold = z.infer<typeof ZZeroHousehold>;

export const ZZeroListQuery = z
  .object({
    townshipCode: ZTownshipCode.optional(),
    status: z.enum(['current', 'cleared']).default('current'),
  })
  .strict();
export const ZZeroList = z.object({ households: z.array(ZZeroHousehold) });

export const ZZeroDashboard = z.object({
  today: z.string(),
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      current: z.number().int(),
      clearedThisMonth: z.number().int(),
      enteredThisMonth: z.number().int(),
    }),
  ),
  /** Daily snapshots, oldest first. */
  series: z.array(z.object({ date: z.string(), townshipCode: z.string(), households: z.number().int() })),
});
export type TZeroDashboard = z.infer<typeof ZZeroDashboard>;

export const ZRecomputeRequest = z.object({ townshipCode: ZTownshipCode.optional() }).strict();
export const ZRecomputeResult = z.object({ jobId: ZUuid });

export const ZHouseholdRecheck = z.object({
  householdId: ZUuid,
  qualifies: z.boolean(),
  change: z.enum(['entered', 'left', 'none']),
  reasons: z.array(z.string()),
});
export type THouseholdRecheck = z.infer<typeof ZHouseholdRecheck>;

// ── 就业补贴 ───────────────────────────────────────────────────────────────────────────────────────────────

export const subsidyKindLabels = {
  social_insurance: '社会保险补贴',
  post: '岗位补贴',
  flexible_social_insurance: '灵活就业社会保险补贴',
  public_welfare_post: '公益性岗位补贴',
} as const;
export type SubsidyKind = keyof typeof subsidyKindLabels;
export const ZSubsidyKind = z.enum(
  Object.keys(subsidyKindLabels) as [SubsidyKind, ...SubsidyKind[]],
  '补贴类别不正确',
);

export const subsidyStatusLabels = {
  submitted: '待审核',
  approved: '已批准',
  rejected: '未通过',
  paid: '已发放',
} as const;
export const ZSubsidyStatus = z.enum(['submitted', 'approved', 'rejected', 'paid']);

export const ZYearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式须为 YYYY-MM');

/**
 * An application: staff name the person (personId) and, for employer subsidies, the employer; an employer names
 * its hire by ID number (it cannot browse the registry) and is itself the employer.
 */
export const ZSubsidyApplyRequest = z
  .object({
    kind: ZSubsidyKind,
    personId: ZUuid.optional(),
    idNumber: z.string().trim().optional(),
    organisationId: ZUuid.optional(),
    periodFrom: ZYearMonth,
    months: z.number().int().min(1, '至少申请 1 个月').max(120),
    monthlyContributionFen: z.number().int().min(0).default(0),
    contractSigned: z.boolean().default(false),
    insurancePaid: z.boolean().default(false),
    flexibleRegistered: z.boolean().default(false),
    recentGraduate: z.boolean().default(false),
  })
  .strict();
export type TSubsidyApplyRequest = z.input<typeof ZSubsidyApplyRequest>;

export const ZSubsidyPayment = z.object({
  id: ZUuid,
  amountFen: z.number().int(),
  months: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  voucherNo: z.string(),
  paidOn: z.string(),
});

export const ZSubsidyApplication = z.object({
  id: ZUuid,
  kind: ZSubsidyKind,
  kindLabel: z.string(),
  personId: ZUuid,
  personName: z.string(),
  idNumberMasked: z.string(),
  organisationId: ZUuid.nullable(),
  organisationName: z.string().nullable(),
  periodFrom: z.string(),
  months: z.number().int(),
  monthsAllowed: z.number().int(),
  monthlyAmountFen: z.number().int(),
  amountFen: z.number().int(),
  status: ZSubsidyStatus,
  statusLabel: z.string(),
  eligible: z.boolean(),
  reasons: z.array(z.string()),
  pendingParameters: z.array(z.string()),
  eligibilityDecisionId: ZUuid,
  channel: z.enum(['employer', 'staff']),
  reviewNote: z.string().nullable(),
  createdAt: z.string(),
  payments: z.array(ZSubsidyPayment),
  paidMonths: z.number().int(),
});
export type TSubsidyApplication = z.infer<typeof ZSubsidyApplication>;

export const ZSubsidyListQuery = z
  .object({ status: ZSubsidyStatus.optional(), kind: ZSubsidyKind.optional() })
  .strict();
export type TSubsidyListQuery = z.input<typeof ZSubsidyListQuery>;
export const ZSubsidyList = z.object({ applications: z.array(ZSubsidyApplication) });

export const ZSubsidyReviewRequest = z
  .object({ decision: z.enum(['approve', 'reject']), note: z.string().trim().max(500).default('') })
  .strict();
export type TSubsidyReviewRequest = z.input<typeof ZSubsidyReviewRequest>;

export const ZSubsidyPayRequest = z
  .object({
    months: z.number().int().min(1),
    voucherNo: z.string().trim().min(4, '请填写支付凭证号').max(64),
    paidOn: ZIsoDate,
  })
  .strict();
export type TSubsidyPayRequest = z.infer<typeof ZSubsidyPayRequest>;
