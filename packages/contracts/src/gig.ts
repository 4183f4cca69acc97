import { z } from 'zod';
import { ZIsoDate, ZUuid } from './registry.ts';

/**
 * Gig market (灵工市场, issue 4 part 3): labour-market sites in the townships, short or daily tasks posted by employers
 * or households, claimed, checked in and completed by registered workers, with payment recorded and confirmed.
 * Money in fen; dates `YYYY-MM-DD` (Asia/Shanghai).
 */

export const gigSiteKinds = { gig_station: '零工驿站', labour_market: '劳务市场' } as const;
export type GigSiteKind = keyof typeof gigSiteKinds;
export const ZGigSiteKind = z.enum(['gig_station', 'labour_market'], '站点类型不正确');

export const gigPayUnits = { day: '元/天', task: '元/件（整项）' } as const;
export const ZGigPayUnit = z.enum(['day', 'task'], '计酬方式不正确');

export const gigTaskStatuses = { open: '招工中', closed: '已结束', cancelled: '已取消' } as const;
export type GigTaskStatus = keyof typeof gigTaskStatuses;

export const gigClaimStatuses = {
  claimed: '已接单',
  checked_in: '已签到',
  completed: '已完工',
  withdrawn: '已退出',
} as const;
export type GigClaimStatus = keyof typeof gigClaimStatuses;

export const gigPaymentMethods = {
  cash: '现金',
  bank_transfer: '银行转账',
  wechat: '微信',
  alipay: '支付宝',
} as const;
export const ZGigPaymentMethod = z.enum(['cash', 'bank_transfer', 'wechat', 'alipay'], '支付方式不正确');

export const gigPosterKinds = { employer: '用人单位', household: '农户（家庭）' } as const;

// ID and phone numbers stay out of free text: the task is shown to every worker and echoed in notifications.
const personalData = /(?<![0-9A-Za-z])(\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/;
const ZGigText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((s) => !personalData.test(s), `${label}中请勿填写手机号或身份证号（接单后通过平台联系）`);

/** 9-digit township or 12-digit village code (checked against the county's places by the server). */
const ZSitePlaceCode = z.string().regex(/^\d{9}(\d{3})?$/, '须为 9 位乡镇（街道）或 12 位村（社区）代码');

export const ZCreateGigSiteRequest = z.object({
  name: ZGigText('站点名称', 60).pipe(z.string().min(2, '请填写站点名称')),
  kind: ZGigSiteKind,
  placeCode: ZSitePlaceCode,
  address: ZGigText('地址', 120).pipe(z.string().min(2, '请填写地址')),
  openingHours: ZGigText('开放时间', 60).pipe(z.string().min(2, '请填写开放时间')),
  contactOrganisationId: ZUuid.optional(),
});
export type TCreateGigSiteRequest = z.infer<typeof ZCreateGigSiteRequest>;

export const ZGigSite = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZGigSiteKind,
  kindLabel: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  address: z.string(),
  openingHours: z.string(),
  contactOrganisationId: z.string().nullable(),
  contactOrganisationName: z.string().nullable(),
  isActive: z.boolean(),
});
export type TGigSite = z.infer<typeof ZGigSite>;

/** 停用 / 启用 a site: a stopped site takes no new tasks; its tasks and history stay. */
export const ZSetGigSiteActiveRequest = z.object({ isActive: z.boolean() });
export type TSetGigSiteActiveRequest = z.infer<typeof ZSetGigSiteActiveRequest>;

export const ZGigSiteListQuery = z.object({
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, '乡镇（街道）代码须为 9 位数字')
    .optional(),
});
export const ZGigSiteList = z.object({ sites: z.array(ZGigSite) });
export type TGigSiteList = z.infer<typeof ZGigSiteList>;

export const ZCreateGigTaskRequest = z
  .object({
    siteId: ZUuid,
    title: ZGigText('任务名称', 60).pipe(z.string().min(2, '请填写任务名称')),
    description: ZGigText('任务说明', 1000).default(''),
    /** employer: the employer account's own organisation, or `employerId` when staff post for it. */
    posterKind: z.enum(['employer', 'household'], '发布方不正确'),
    employerId: ZUuid.optional(),
    /** household: a citizen posts for their own household; a village worker or officer names the household. */
    householdId: ZUuid.optional(),
    payUnit: ZGigPayUnit,
    payFen: z
      .number({ error: '请填写报酬' })
      .int('报酬以分为单位，须为整数')
      .min(100, '报酬不能低于 1 元')
      .max(10_000_000, '报酬过高，请核对'),
    workDate: ZIsoDate,
    days: z.number().int().min(1, '天数至少 1 天').max(31, '零工任务不超过 31 天').default(1),
    headcount: z.number().int().min(1, '人数至少 1 人').max(500, '人数不超过 500 人'),
  })
  .superRefine((v, ctx) => {
    if (v.posterKind === 'household' && v.employerId)
      ctx.addIssue({ code: 'custom', path: ['employerId'], message: '农户发布的任务不能指定用人单位' });
    if (v.posterKind === 'employer' && v.householdId)
      ctx.addIssue({ code: 'custom', path: ['householdId'], message: '用人单位发布的任务不能指定家庭户' });
  });
export type TCreateGigTaskRequest = z.input<typeof ZCreateGigTaskRequest>;
export type TCreateGigTaskInput = z.output<typeof ZCreateGigTaskRequest>;

export const ZGigPayment = z.object({
  amountFen: z.number().int(),
  method: ZGigPaymentMethod,
  methodLabel: z.string(),
  paidOn: z.string(),
  isConfirmed: z.boolean(),
  confirmedAt: z.string().nullable(),
});
export type TGigPayment = z.infer<typeof ZGigPayment>;

export const ZGigClaim = z.object({
  id: z.string(),
  taskId: z.string(),
  /** The worker's name (poster and staff see it to check people in; never an ID or phone number). */
  workerName: z.string(),
  status: z.enum(['claimed', 'checked_in', 'completed', 'withdrawn']),
  statusLabel: z.string(),
  claimedAt: z.string(),
  checkedInAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  payment: ZGigPayment.nullable(),
});
export type TGigClaim = z.infer<typeof ZGigClaim>;

export const ZGigTask = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  siteAddress: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  title: z.string(),
  description: z.string(),
  posterKind: z.enum(['employer', 'household']),
  /** The employer's name, or "某村村民" for a household (a household's names are not published). */
  posterLabel: z.string(),
  payUnit: ZGigPayUnit,
  payFen: z.number().int(),
  payText: z.string(),
  workDate: z.string(),
  days: z.number().int(),
  headcount: z.number().int(),
  claimedCount: z.number().int(),
  remaining: z.number().int(),
  status: z.enum(['open', 'closed', 'cancelled']),
  statusLabel: z.string(),
  /** The caller's own live claim on this task, if any (portal). */
  myClaim: ZGigClaim.nullable(),
  /** The poster or staff in scope may manage it (claims, payments, close). */
  canManage: z.boolean(),
  /** Reasons of the discrimination check when it warned (e.g. an age limit). */
  warnings: z.array(z.string()),
  createdAt: z.string(),
});
export type TGigTask = z.infer<typeof ZGigTask>;

export const ZGigTaskDetail = ZGigTask.extend({ claims: z.array(ZGigClaim) });
export type TGigTaskDetail = z.infer<typeof ZGigTaskDetail>;

export const ZGigTaskListQuery = z.object({
  status: z.enum(['open', 'closed', 'cancelled']).optional(),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, '乡镇（街道）代码须为 9 位数字')
    .optional(),
  siteId: ZUuid.optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TGigTaskListQuery = z.infer<typeof ZGigTaskListQuery>;

export const ZGigTaskList = z.object({
  items: z.array(ZGigTask),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TGigTaskList = z.infer<typeof ZGigTaskList>;

/** Portal: open tasks from today on, nearest first (same village, same township, then the rest of the county). */
export const ZNearbyGigQuery = z.object({
  villageCode: z
    .string()
    .regex(/^\d{12}$/, '村（社区）代码须为 12 位数字')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type TNearbyGigQuery = z.infer<typeof ZNearbyGigQuery>;

export const ZGigClaimRequest = z.object({
  /** Staff at a site claiming for a walk-in worker; a citizen claims for themself and leaves it out. */
  personId: ZUuid.optional(),
});
export type TGigClaimRequest = z.infer<typeof ZGigClaimRequest>;

export const ZRecordGigPaymentRequest = z.object({
  amountFen: z.number({ error: '请填写金额' }).int('金额以分为单位，须为整数').min(1, '金额须大于 0'),
  method: ZGigPaymentMethod,
  paidOn: ZIsoDate,
});
export type TRecordGigPaymentRequest = z.infer<typeof ZRecordGigPaymentRequest>;

export const ZMyGigClaim = ZGigClaim.extend({ task: ZGigTask.omit({ myClaim: true }) });
export const ZMyGigClaimList = z.object({ items: z.array(ZMyGigClaim) });
export type TMyGigClaim = z.infer<typeof ZMyGigClaim>;
export type TMyGigClaimList = z.infer<typeof ZMyGigClaimList>;

/** A township's (or the county's) gig-market activity per site and month. */
export const ZGigActivityQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为 YYYY-MM'),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, '乡镇（街道）代码须为 9 位数字')
    .optional(),
});
export type TGigActivityQuery = z.infer<typeof ZGigActivityQuery>;
export const ZGigActivityRow = z.object({
  siteId: z.string(),
  siteName: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  tasks: z.number().int(),
  headcount: z.number().int(),
  claims: z.number().int(),
  completed: z.number().int(),
  paidFen: z.number().int(),
  confirmedPayments: z.number().int(),
});
export const ZGigActivity = z.object({ month: z.string(), rows: z.array(ZGigActivityRow) });
export type TGigActivity = z.infer<typeof ZGigActivity>;
