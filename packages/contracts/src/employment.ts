/**
 * Employment core contracts (issue 4): job postings, job seekers, matching, referrals, placements and follow-ups.
 *
 * Occupation codes are 细类 codes of the curated 职业分类大典 (2022) list (`isOccupationCode`); the server answers an
 * unknown code with UNKNOWN_CODE naming it. Money is integer fen. Personal data in responses is masked; an employer
 * never sees a candidate's ID number, phone number or full name.
 */
import { z } from 'zod';
import { ZEducation, ZIsoDate, ZOccupationCode, ZPlaceCode, ZUuid, ZVillageCode } from './registry.ts';

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, `${label}不能包含不可见的控制字符`);

const ZSkills = z.array(text(30, '技能').min(1, '技能不能为空')).max(20, '技能最多 20 项');
const ZFen = z.number().int('金额须为整数（分）').min(0, '金额不能为负数').max(100_000_000, '金额过大');

export const hoursKinds = {
  full_time: '全日制',
  part_time: '非全日制',
  shift: '倒班',
  flexible: '灵活用工',
} as const;
export type HoursKind = keyof typeof hoursKinds;
export const ZHoursKind = z.enum(
  Object.keys(hoursKinds) as [HoursKind, ...HoursKind[]],
  '工作时间类型不正确',
);

export const contractTypes = {
  open_ended: '无固定期限劳动合同',
  fixed_term: '固定期限劳动合同',
  part_time: '非全日制用工',
  seasonal: '季节性用工',
  dispatch: '劳务派遣',
  internship: '实习见习',
} as const;
export type ContractType = keyof typeof contractTypes;
export const ZContractType = z.enum(
  Object.keys(contractTypes) as [ContractType, ...ContractType[]],
  '合同类型不正确',
);

export const postingStatuses = { draft: '草稿', published: '招聘中', closed: '已关闭' } as const;
export type PostingStatus = keyof typeof postingStatuses;
export const ZPostingStatus = z.enum(['draft', 'published', 'closed'], '岗位状态不正确');

/** Workplace: a village or township of the county (by code), or a place outside the county (县外, by name). */
export const ZWorkplace = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('village'), code: ZVillageCode }).strict(),
    z
      .object({
        kind: z.literal('township'),
        code: z.string().regex(/^\d{9}$/, '乡镇（街道）代码须为 9 位数字'),
      })
      .strict(),
    z
      .object({ kind: z.literal('outside'), name: text(60, '工作地点').min(2, '请填写县外工作地点') })
      .strict(),
  ],
  { error: '工作地点须为本县村（社区）、乡镇（街道）或县外地点' },
);
export type TWorkplace = z.infer<typeof ZWorkplace>;

const postingFields = {
  title: text(40, '岗位名称').min(2, '请填写岗位名称'),
  occupationCode: ZOccupationCode,
  description: text(2000, '岗位描述').default(''),
  skills: ZSkills.default([]),
  education: ZEducation.nullable().default(null),
  experienceYears: z.number().int().min(0, '工作经验不能为负数').max(40, '工作经验要求过高').default(0),
  wageMinFen: ZFen,
  wageMaxFen: ZFen,
  workplace: ZWorkplace,
  hours: ZHoursKind,
  hoursNote: text(60, '工作时间说明').nullable().default(null),
  hoursPerWeek: z.number().int().min(1).max(84, '每周工时不能超过 84 小时').nullable().default(null),
  headcount: z.number().int('招聘人数须为整数').min(1, '招聘人数至少 1 人').max(10_000, '招聘人数过多'),
  contractType: ZContractType,
  closingDate: ZIsoDate.nullable().default(null),
};

const wageOrder = (v: { wageMinFen?: number | undefined; wageMaxFen?: number | undefined }) =>
  v.wageMinFen === undefined || v.wageMaxFen === undefined || v.wageMaxFen >= v.wageMinFen;
const wageIssue = { message: '最高工资不能低于最低工资', path: ['wageMaxFen'] };

export const ZCreatePostingRequest = z
  .object({
    ...postingFields,
    /** The employer. Staff (employment.manage) name it; an employer's own organisation is used otherwise. */
    organisationId: ZUuid.optional(),
  })
  .strict()
  .refine(wageOrder, wageIssue);
export type TCreatePostingRequest = z.infer<typeof ZCreatePostingRequest>;

export const ZUpdatePostingRequest = z
  .object({
    title: postingFields.title.optional(),
    occupationCode: ZOccupationCode.optional(),
    description: text(2000, '岗位描述').optional(),
    skills: ZSkills.optional(),
    education: ZEducation.nullable().optional(),
    experienceYears: z.number().int().min(0).max(40).optional(),
    wageMinFen: ZFen.optional(),
    wageMaxFen: ZFen.optional(),
    workplace: ZWorkplace.optional(),
    hours: ZHoursKind.optional(),
    hoursNote: text(60, '工作时间说明').nullable().optional(),
    hoursPerWeek: z.number().int().min(1).max(84).nullable().optional(),
    headcount: z.number().int().min(1).max(10_000).optional(),
    contractType: ZContractType.optional(),
    closingDate: ZIsoDate.nullable().optional(),
    version: z.number().int().min(1),
  })
  .strict()
  .refine(wageOrder, wageIssue);
export type TUpdatePostingRequest = z.infer<typeof ZUpdatePostingRequest>;

export const ZPublishPostingRequest = z
  .object({
    /** The employer read the age-limit warning and confirms the posting as written. */
    confirmAgeLimit: z.boolean().default(false),
  })
  .strict();
export type TPublishPostingRequest = z.infer<typeof ZPublishPostingRequest>;

/** One finding of the discrimination check, with its clauses. */
export const ZPostingFinding = z.object({
  code: z.string(),
  sentence: z.string(),
  cites: z.array(z.object({ id: z.string(), citation: z.string() })),
});
export type TPostingFinding = z.infer<typeof ZPostingFinding>;

export const ZPostingCheck = z.object({
  decisionId: ZUuid,
  outcome: z.enum(['block', 'warn', 'ok']),
  outcomeText: z.string(),
  blocked: z.array(ZPostingFinding),
  warnings: z.array(ZPostingFinding),
  checkedAt: z.string(),
});
export type TPostingCheck = z.infer<typeof ZPostingCheck>;

export const ZPosting = z.object({
  id: ZUuid,
  organisationId: ZUuid,
  organisationName: z.string(),
  title: z.string(),
  occupationCode: z.string(),
  occupationName: z.string(),
  description: z.string(),
  skills: z.array(z.string()),
  education: ZEducation.nullable(),
  experienceYears: z.number().int(),
  wageMinFen: z.number().int(),
  wageMaxFen: z.number().int(),
  workplace: ZWorkplace,
  /** e.g. 官渡镇 · 官渡村, or the outside place's name. */
  workplaceText: z.string(),
  hours: ZHoursKind,
  hoursNote: z.string().nullable(),
  hoursPerWeek: z.number().int().nullable(),
  headcount: z.number().int(),
  contractType: ZContractType,
  closingDate: z.string().nullable(),
  status: ZPostingStatus,
  ageLimitConfirmed: z.boolean(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  /** The last discrimination check, when one ran. */
  check: ZPostingCheck.nullable(),
  /** Referrals per state (staff and the posting's employer only; null elsewhere). */
  referralCounts: z.record(z.string(), z.number().int()).nullable(),
});
export type TPosting = z.infer<typeof ZPosting>;

export const ZPublishPostingResponse = z.object({
  result: z.enum(['published', 'blocked', 'needs_confirmation']),
  message: z.string(),
  posting: ZPosting,
});
export type TPublishPostingResponse = z.infer<typeof ZPublishPostingResponse>;

export const ZPostingListQuery = z
  .object({
    status: ZPostingStatus.optional(),
    organisationId: ZUuid.optional(),
    occupationCode: ZOccupationCode.optional(),
    q: text(40, '关键词').optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type TPostingListQuery = z.infer<typeof ZPostingListQuery>;

export const ZPostingList = z.object({ items: z.array(ZPosting), total: z.number().int() });
export type TPostingList = z.infer<typeof ZPostingList>;

// ── Job seekers ────────────────────────────────────────────────────────────────────────────────────────────────

export const seekerStatuses = {
  registered: '已登记求职',
  unemployed: '失业',
  employed: '已就业',
  in_training: '参加培训',
  flexible: '灵活就业',
} as const;
export type SeekerStatus = keyof typeof seekerStatuses;
export const ZSeekerStatus = z.enum(
  Object.keys(seekerStatuses) as [SeekerStatus, ...SeekerStatus[]],
  '求职状态不正确',
);

const seekerFields = {
  occupationsWanted: z.array(ZOccupationCode).max(5, '意向职业最多 5 个'),
  skills: ZSkills.default([]),
  education: ZEducation.nullable().default(null),
  experienceYears: z.number().int().min(0).max(60).default(0),
  expectedWageFen: ZFen.nullable().default(null),
  /** Acceptable places: village (12) or township (9) codes of the county; empty = anywhere within the commute. */
  acceptablePlaces: z.array(ZPlaceCode).max(20).default([]),
  maxCommuteKm: z.number().int().min(0).max(500).nullable().default(null),
  hoursWanted: z.array(ZHoursKind).max(4).default([]),
  availableFrom: ZIsoDate.nullable().default(null),
  certificates: z.array(text(40, '证书').min(1)).max(20).default([]),
};

export const ZRegisterSeekerRequest = z
  .object({
    ...seekerFields,
    /** Staff name the person; a citizen registers themselves (omit). */
    personId: ZUuid.optional(),
    status: z.enum(['registered', 'unemployed', 'in_training', 'flexible']).default('registered'),
  })
  .strict();
export type TRegisterSeekerRequest = z.infer<typeof ZRegisterSeekerRequest>;

export const ZUpdateSeekerRequest = z
  .object({
    occupationsWanted: seekerFields.occupationsWanted.optional(),
    skills: ZSkills.optional(),
    education: ZEducation.nullable().optional(),
    experienceYears: z.number().int().min(0).max(60).optional(),
    expectedWageFen: ZFen.nullable().optional(),
    acceptablePlaces: z.array(ZPlaceCode).max(20).optional(),
    maxCommuteKm: z.number().int().min(0).max(500).nullable().optional(),
    hoursWanted: z.array(ZHoursKind).max(4).optional(),
    availableFrom: ZIsoDate.nullable().optional(),
    certificates: z.array(text(40, '证书').min(1)).max(20).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type TUpdateSeekerRequest = z.infer<typeof ZUpdateSeekerRequest>;

export const ZSeekerStatusRequest = z
  .object({ status: ZSeekerStatus, since: ZIsoDate, note: text(200, '说明').optional() })
  .strict();
export type TSeekerStatusRequest = z.infer<typeof ZSeekerStatusRequest>;

export const ZSeeker = z.object({
  id: ZUuid,
  personId: ZUuid,
  /** Staff see the name; an employer sees a masked name (张**). */
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  age: z.number().int(),
  villageCode: z.string().nullable(),
  placeText: z.string(),
  status: ZSeekerStatus,
  statusSince: z.string(),
  occupationsWanted: z.array(z.object({ code: z.string(), name: z.string() })),
  skills: z.array(z.string()),
  education: ZEducation.nullable(),
  experienceYears: z.number().int(),
  expectedWageFen: z.number().int().nullable(),
  acceptablePlaces: z.array(z.object({ code: z.string(), name: z.string() })),
  maxCommuteKm: z.number().int().nullable(),
  hoursWanted: z.array(ZHoursKind),
  availableFrom: z.string().nullable(),
  certificates: z.array(z.string()),
  assistancePriority: z.boolean(),
  channel: z.enum(['portal', 'staff', 'import']),
  registeredOn: z.string(),
  version: z.number().int(),
});
export type TSeeker = z.infer<typeof ZSeeker>;

/** Search-first (求职登记): by ID number (POST body, never a URL), or name within a village, or status. */
export const ZSeekerSearchRequest = z
  .object({
    idNumber: z.string().max(40).optional(),
    name: text(50, '姓名').optional(),
    villageCode: ZVillageCode.optional(),
    status: ZSeekerStatus.optional(),
    occupationCode: ZOccupationCode.optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .strict();
export type TSeekerSearchRequest = z.infer<typeof ZSeekerSearchRequest>;

export const ZSeekerSearchResponse = z.object({
  items: z.array(ZSeeker),
  total: z.number().int(),
  /** With an ID-number search: the person exists but has no seeker registration yet (register them). */
  unregisteredPerson: z.object({ personId: ZUuid, name: z.string(), idNumberMasked: z.string() }).nullable(),
});
export type TSeekerSearchResponse = z.infer<typeof ZSeekerSearchResponse>;

// ── Matching ───────────────────────────────────────────────────────────────────────────────────────────────────

export const ZMatchParts = z.object({
  occupation: z.number(),
  skills: z.number(),
  distance: z.number(),
  wage: z.number(),
  hours: z.number(),
  education: z.number(),
  priority: z.number(),
});

export const ZPostingMatch = z.object({
  posting: ZPosting,
  score: z.number(),
  parts: ZMatchParts,
  reasons: z.array(z.string()),
  distanceKm: z.number().nullable(),
});
export type TPostingMatch = z.infer<typeof ZPostingMatch>;

export const ZCandidateMatch = z.object({
  seeker: ZSeeker,
  score: z.number(),
  parts: ZMatchParts,
  reasons: z.array(z.string()),
  distanceKm: z.number().nullable(),
  /** The seeker's open referral to this posting, if any. */
  referralState: z.string().nullable(),
});
export type TCandidateMatch = z.infer<typeof ZCandidateMatch>;

export const ZMatchQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

export const ZPostingMatches = z.object({
  items: z.array(ZPostingMatch),
  index: z.lazy(() => ZMatchIndexStatus),
});
export type TPostingMatches = z.infer<typeof ZPostingMatches>;
export const ZCandidateMatches = z.object({
  items: z.array(ZCandidateMatch),
  index: z.lazy(() => ZMatchIndexStatus),
});
export type TCandidateMatches = z.infer<typeof ZCandidateMatches>;

export const ZJobSearchQuery = z
  .object({
    q: text(60, '关键词').default(''),
    placeCode: z
      .string()
      .regex(/^(\d{6}|\d{9}|\d{12})$/, '地点代码须为 6、9 或 12 位数字')
      .optional(),
    occupationCode: z
      .string()
      .regex(/^\d(-\d{2}){0,3}$/, '职业代码格式不正确')
      .optional(),
    hours: ZHoursKind.optional(),
    wageMinFen: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type TJobSearchQuery = z.infer<typeof ZJobSearchQuery>;

export const ZJobSearchResult = z.object({
  items: z.array(z.object({ posting: ZPosting, score: z.number(), matched: z.array(z.string()) })),
  index: z.lazy(() => ZMatchIndexStatus),
});
export type TJobSearchResult = z.infer<typeof ZJobSearchResult>;

export const ZMatchIndexStatus = z.object({
  state: z.enum(['empty', 'building', 'ready', 'failed']),
  builtAt: z.string().nullable(),
  buildMs: z.number().nullable(),
  postings: z.number().int(),
  openPostings: z.number().int(),
  seekers: z.number().int(),
  segmenter: z.string().nullable(),
  error: z.string().nullable(),
});
export type TMatchIndexStatus = z.infer<typeof ZMatchIndexStatus>;

/** One matching weight as a dated policy parameter (rulebook `employment.matching.*`), for the 评分规则 popover. */
export const ZMatchWeight = z.object({
  part: z.enum(['occupation', 'skills', 'distance', 'wage', 'hours', 'education', 'priority']),
  parameterId: z.string(),
  label: z.string(),
  /** The parameter's value in force. */
  value: z.number(),
  /** Points this part gives at most after the six fits are scaled to 100 (priority: the boost as is). */
  points: z.number(),
  since: z.string().nullable(),
  cites: z.array(z.string()),
  /** 待确认: nobody has confirmed the local value yet. */
  pending: z.boolean(),
});
export type TMatchWeight = z.infer<typeof ZMatchWeight>;
export const ZMatchWeights = z.object({ asOf: z.string(), items: z.array(ZMatchWeight) });
export type TMatchWeights = z.infer<typeof ZMatchWeights>;

// ── Referrals, placements, follow-ups ──────────────────────────────────────────────────────────────────────────

export const referralStates = {
  requested: '求职者申请',
  referred: '已推荐',
  interview: '面试中',
  hired: '已录用',
  rejected: '未录用',
  withdrawn: '已撤回',
} as const;
export type ReferralState = keyof typeof referralStates;
export const ZReferralState = z.enum(
  Object.keys(referralStates) as [ReferralState, ...ReferralState[]],
  '推荐状态不正确',
);

export const ZCreateReferralRequest = z
  .object({ seekerId: ZUuid, postingId: ZUuid, note: text(200, '备注').optional() })
  .strict();
export type TCreateReferralRequest = z.infer<typeof ZCreateReferralRequest>;

/** A citizen applies to a published posting (creates a referral request). */
export const ZApplyRequest = z.object({ postingId: ZUuid }).strict();
export type TApplyRequest = z.infer<typeof ZApplyRequest>;

export const ZReferralTransitionRequest = z
  .object({
    to: z.enum(['referred', 'interview', 'hired', 'rejected', 'withdrawn']),
    note: text(200, '备注').optional(),
    interviewAt: z.iso.datetime({ offset: true, error: '面试时间格式不正确' }).optional(),
    /** For `hired`: the first working day (the placement's start) and the agreed monthly wage. */
    startDate: ZIsoDate.optional(),
    wageFen: ZFen.optional(),
  })
  .strict();
export type TReferralTransitionRequest = z.infer<typeof ZReferralTransitionRequest>;

export const ZReferral = z.object({
  id: ZUuid,
  state: ZReferralState,
  source: z.enum(['portal', 'staff', 'employer']),
  seeker: z.object({ id: ZUuid, name: z.string(), age: z.number().int(), placeText: z.string() }),
  posting: z.object({
    id: ZUuid,
    title: z.string(),
    organisationId: ZUuid,
    organisationName: z.string(),
    workplaceText: z.string(),
    wageMinFen: z.number().int(),
    wageMaxFen: z.number().int(),
  }),
  score: z.number().nullable(),
  reasons: z.array(z.string()),
  interviewAt: z.string().nullable(),
  note: z.string().nullable(),
  placementId: ZUuid.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TReferral = z.infer<typeof ZReferral>;

export const ZReferralListQuery = z
  .object({
    state: ZReferralState.optional(),
    postingId: ZUuid.optional(),
    seekerId: ZUuid.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type TReferralListQuery = z.infer<typeof ZReferralListQuery>;
export const ZReferralList = z.object({ items: z.array(ZReferral), total: z.number().int() });
export type TReferralList = z.infer<typeof ZReferralList>;

export const followupResults = { employed: '仍在岗', left: '已离职', unreachable: '联系不上' } as const;
export type FollowupResult = keyof typeof followupResults;
export const ZFollowupResult = z.enum(['employed', 'left', 'unreachable'], '回访结果不正确');

export const ZRecordFollowupRequest = z
  .object({
    result: ZFollowupResult,
    checkedOn: ZIsoDate,
    /** For `left`: the last working day (ends the placement). */
    endDate: ZIsoDate.optional(),
    note: text(200, '备注').optional(),
  })
  .strict();
export type TRecordFollowupRequest = z.infer<typeof ZRecordFollowupRequest>;

export const ZFollowup = z.object({
  id: ZUuid,
  placementId: ZUuid,
  dueMonth: z.union([z.literal(1), z.literal(3), z.literal(6)]),
  dueDate: z.string(),
  result: ZFollowupResult.nullable(),
  checkedOn: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
  personName: z.string(),
  organisationName: z.string(),
  startDate: z.string(),
});
export type TFollowup = z.infer<typeof ZFollowup>;

export const ZFollowupListQuery = z
  .object({
    /** due: not done and due on or before `until` (default today + 7 days); all: every follow-up. */
    filter: z.enum(['due', 'all']).default('due'),
    until: ZIsoDate.optional(),
  })
  .strict();
export const ZFollowupList = z.object({ items: z.array(ZFollowup) });
export type TFollowupList = z.infer<typeof ZFollowupList>;

/** Retention at 1, 3 and 6 months: of the placements whose follow-up was done, the share still employed. */
export const ZRetention = z.object({
  marks: z.array(
    z.object({
      month: z.union([z.literal(1), z.literal(3), z.literal(6)]),
      /** Placements that reached the mark (due date passed). */
      due: z.number().int(),
      /** Of those, follow-ups recorded. */
      checked: z.number().int(),
      employed: z.number().int(),
      /** employed ÷ checked, 0..1; null when none checked. */
      share: z.number().nullable(),
    }),
  ),
  placements: z.number().int(),
});
export type TRetention = z.infer<typeof ZRetention>;

export const ZEmploymentIdParams = z.object({ id: ZUuid }).strict();
