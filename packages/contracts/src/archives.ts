/**
 * Personnel archives contracts (issue 5): custodians, the custody ledger, intake with its policy decision, transfers
 * (online application, unit direct, 跨省通办) and the agencies' queues, and the citizen's own archive status.
 *
 * There is no fee anywhere: 人社部发〔2021〕112号 第八条 bans every archive charge. Every mutating request carries an
 * `Idempotency-Key` header. ID numbers appear only masked.
 */
import { z } from 'zod';
import { ZIsoDate, ZUuid } from './registry.ts';

const ZText = (max: number, message = '内容过长') =>
  z
    .string()
    .trim()
    .max(max, message)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), '不能包含不可见的控制字符');

/** The ten material classes (DOMAIN §1). */
export const archiveMaterialClasses = {
  1: '履历材料',
  2: '自传材料',
  3: '鉴定、考核、考察材料',
  4: '学历、学位、培训和专业技术职务材料',
  5: '政审材料',
  6: '党团材料',
  7: '奖励材料',
  8: '处分材料',
  9: '工资、任免、出国等材料',
  10: '其他材料',
} as const satisfies Record<number, string>;
export const ZMaterialClass = z.number().int().min(1, '材料类别为 1–10').max(10, '材料类别为 1–10');

export const ZArchiveAgencyKind = z.enum(['public_service', 'authorised_unit', 'external']);
export const archiveAgencyKindLabels = {
  public_service: '公共就业和人才服务机构',
  authorised_unit: '经授权的单位',
  external: '县外档案管理机构',
} as const;
export const ZArchiveAgency = z.object({
  id: ZUuid,
  code: z.string(),
  name: z.string(),
  kind: ZArchiveAgencyKind,
  inCounty: z.boolean(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  contact: z.string().nullable(),
});
export type TArchiveAgency = z.infer<typeof ZArchiveAgency>;
export const ZArchiveAgencyList = z.object({ agencies: z.array(ZArchiveAgency) });

export const ZArchiveChannel = z.enum(
  ['confidential_post', 'staff_courier', 'self_carried'],
  '转递方式不正确',
);
export const archiveChannelLabels = {
  confidential_post: '机要通信',
  staff_courier: '专人送取',
  self_carried: '本人自带',
} as const;
export const ZTransferMethod = z.enum(
  ['confidential_post', 'staff_courier'],
  '转递方式只能是机要通信或专人送取',
);

export const ZArchiveScope = z.enum(
  [
    'non_public_staff',
    'left_public_sector',
    'unemployed_graduate',
    'abroad_self_funded',
    'foreign_office_staff',
    'flexible_employment',
    'other_social',
    'none',
  ],
  '人员类别不正确',
);

// ── Materials ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZNewMaterial = z.object({
  class: ZMaterialClass,
  title: ZText(200).pipe(z.string().min(1, '请填写材料题名')),
  pages: z.number().int().min(0).max(10_000),
  materialDate: ZIsoDate.nullable().optional(),
  bornDigital: z.boolean().optional(),
  volume: z.enum(['original', 'copy']).optional(),
});
export type TNewMaterial = z.infer<typeof ZNewMaterial>;

export const ZArchiveMaterial = z.object({
  id: ZUuid,
  class: z.number(),
  title: z.string(),
  pages: z.number(),
  materialDate: z.string().nullable(),
  bornDigital: z.boolean(),
  volume: z.enum(['original', 'copy']).nullable(),
});
export type TArchiveMaterial = z.infer<typeof ZArchiveMaterial>;

export const ZCatalogueClass = z.object({
  class: z.number(),
  label: z.string(),
  items: z.number(),
  pages: z.number(),
});

/** What the intake page lists: required materials, and those that may never be demanded (with the clause). */
export const ZIntakeMaterialList = z.object({
  required: z.array(z.object({ material: z.string(), cites: z.array(z.string()) })),
  neverRequired: z.array(z.object({ material: z.string(), text: z.string(), cites: z.array(z.string()) })),
});
export type TIntakeMaterialList = z.infer<typeof ZIntakeMaterialList>;

// ── Intake ────────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZIntakeRequest = z.object({
  personId: ZUuid,
  scope: ZArchiveScope,
  locatedHere: z.boolean(),
  channel: ZArchiveChannel,
  /** Where the archive comes from (an agency record), if known. */
  sourceAgencyId: ZUuid.nullable().optional(),
  /** Missing materials: a 告知承诺 is recorded for them; never a refusal. */
  missing: z
    .array(ZText(100).pipe(z.string().min(1)))
    .max(30)
    .default([]),
  /** The date agreed in the 告知承诺 by which the missing materials are brought. */
  pledgeDueDate: ZIsoDate.optional(),
  volumes: z
    .object({ original: z.number().int().min(1).max(50), copy: z.number().int().min(0).max(50) })
    .default({ original: 1, copy: 0 }),
  materials: z.array(ZNewMaterial).max(500).default([]),
});
export type TIntakeRequest = z.input<typeof ZIntakeRequest>;

export const ZIntakeOutcome = z.enum(['accept', 'accept_with_pledge', 'refuse_self_carried', 'not_in_scope']);
export const ZIntakeResult = z.object({
  intakeId: ZUuid,
  outcome: ZIntakeOutcome,
  outcomeText: z.string(),
  decisionId: ZUuid,
  reasons: z.array(z.string()),
  cites: z.array(z.object({ id: z.string(), citation: z.string() })),
  archiveId: ZUuid.nullable(),
  archiveNumber: z.string().nullable(),
  pledge: z.object({ id: ZUuid, missing: z.array(z.string()), dueDate: z.string() }).nullable(),
});
export type TIntakeResult = z.infer<typeof ZIntakeResult>;

// ── Transfers ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZTransferKind = z.enum(['online_application', 'unit_direct', 'cross_region']);
export const transferKindLabels = {
  online_application: '本人网上申请',
  unit_direct: '单位直接转递',
  cross_region: '跨省通办',
} as const;
export const ZTransferState = z.enum(['requested', 'approved', 'sent', 'received', 'returned', 'withdrawn']);
export type TTransferState = z.infer<typeof ZTransferState>;
export const transferStateLabels = {
  requested: '已申请',
  approved: '已开具调档函',
  sent: '已转出',
  received: '已接收（回执）',
  returned: '退回补充',
  withdrawn: '已撤回',
} as const;
export const ZTransferDirection = z.enum(['internal', 'inbound', 'outbound']);
export const transferDirectionLabels = {
  internal: '县内',
  inbound: '转入本县',
  outbound: '转出本县',
} as const;

export const ZTransferEvent = z.object({
  fromState: ZTransferState.nullable(),
  toState: ZTransferState,
  note: z.string().nullable(),
  at: z.string(),
});

export const ZTransfer = z.object({
  id: ZUuid,
  archiveId: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  kind: ZTransferKind,
  direction: ZTransferDirection,
  from: ZArchiveAgency,
  to: ZArchiveAgency,
  state: ZTransferState,
  reason: z.string().nullable(),
  letterNumber: z.string().nullable(),
  method: ZTransferMethod.nullable(),
  trackingNumber: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  returnReason: z.string().nullable(),
  requestedAt: z.string(),
  sentAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  events: z.array(ZTransferEvent),
});
export type TTransfer = z.infer<typeof ZTransfer>;

/** Citizen: apply online to move my archive to a receiving agency. */
export const ZTransferApplication = z.object({
  toAgencyId: ZUuid,
  reason: ZText(200).pipe(z.string().min(1, '请填写转档原因')),
});

/**
 * Staff: a transfer started by an agency — a unit with archive authority after the person's 入职 (unit_direct), or
 * 跨省通办 with an agency outside the county (cross_region, inbound: `personId` + `counterpartAgencyId` holds it;
 * outbound: `archiveId` + `counterpartAgencyId` receives it).
 */
export const ZStartTransfer = z.union([
  z.object({
    kind: z.literal('unit_direct'),
    archiveId: ZUuid,
    reason: ZText(200).default('入职后由单位直接转递'),
  }),
  z.object({
    kind: z.literal('cross_region'),
    direction: z.literal('inbound'),
    personId: ZUuid,
    counterpartAgencyId: ZUuid,
    reason: ZText(200).default('跨省通办：转入本县'),
  }),
  z.object({
    kind: z.literal('cross_region'),
    direction: z.literal('outbound'),
    archiveId: ZUuid,
    counterpartAgencyId: ZUuid,
    /** The counterpart's 调档函 number (outbound: the letter comes from outside). */
    letterNumber: ZText(60).pipe(z.string().min(1, '请填写对方调档函编号')),
    reason: ZText(200).default('跨省通办：转出本县'),
  }),
]);
export type TStartTransfer = z.input<typeof ZStartTransfer>;

export const ZApproveTransfer = z.object({
  /** Only when the letter comes from an agency outside the county: its number. */
  letterNumber: ZText(60).optional(),
});
export const ZSendTransfer = z.object({
  method: ZTransferMethod,
  trackingNumber: ZText(60).pipe(z.string().min(4, '请填写机要编号或送取人登记号')),
});
export const ZReturnTransfer = z.object({ reason: ZText(300).pipe(z.string().min(1, '请写明需补充的材料')) });
export const ZTransferNote = z.object({ note: ZText(300).optional() });

export const ZQueueName = z.enum(['to_approve', 'to_send', 'to_receive', 'overdue', 'returned']);
export type TQueueName = z.infer<typeof ZQueueName>;
export const queueLabels = {
  to_approve: '待开具调档函',
  to_send: '待转出',
  to_receive: '待接收',
  overdue: '已超期',
  returned: '退回补充',
} as const;
export const ZQueueSummary = z.object({
  agency: ZArchiveAgency,
  counts: z.record(ZQueueName, z.number()),
});
export const ZTransferList = z.object({ transfers: z.array(ZTransfer) });

// ── Archive page ──────────────────────────────────────────────────────────────────────────────────────────────────

export const ZCustodyEntry = z.object({
  seq: z.number(),
  from: z.string().nullable(),
  to: z.string(),
  toAgencyId: ZUuid,
  reason: z.enum(['intake', 'transfer', 'record']),
  note: z.string().nullable(),
  at: z.string(),
});

export const ZArchiveDetail = z.object({
  id: ZUuid,
  archiveNumber: z.string(),
  person: z.object({ id: ZUuid, name: z.string(), idNumberMasked: z.string() }),
  custodian: ZArchiveAgency,
  ledger: z.array(ZCustodyEntry),
  volumes: z.array(
    z.object({ kind: z.enum(['original', 'copy']), volumeNumber: z.number(), items: z.number() }),
  ),
  catalogue: z.array(ZCatalogueClass),
  materials: z.array(ZArchiveMaterial),
  pledges: z.array(
    z.object({
      id: ZUuid,
      missing: z.array(z.string()),
      dueDate: z.string(),
      status: z.enum(['open', 'fulfilled']),
    }),
  ),
  transfers: z.array(ZTransfer),
});
export type TArchiveDetail = z.infer<typeof ZArchiveDetail>;

export const ZArchiveSummary = z.object({
  id: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  items: z.number(),
  openTransfer: ZTransferState.nullable(),
});
export const ZArchiveList = z.object({ archives: z.array(ZArchiveSummary), total: z.number() });
export const ZArchiveListQuery = z.object({
  name: ZText(40).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The citizen's own archive: where it is, transfer history, catalogue by class. */
export const ZMyArchive = z.object({
  archive: z
    .object({
      id: ZUuid,
      archiveNumber: z.string(),
      custodian: ZArchiveAgency,
      since: z.string(),
      ledger: z.array(ZCustodyEntry),
      catalogue: z.array(ZCatalogueClass),
      pledges: z.array(z.object({ missing: z.array(z.string()), dueDate: z.string(), status: z.string() })),
      transfers: z.array(ZTransfer),
    })
    .nullable(),
});
export type TMyArchive = z.infer<typeof ZMyArchive>;

export const ZOverdueSweepResult = z.object({ overdue: z.number(), newlyAlerted: z.number() });

// ── 告知承诺 follow-up ───────────────────────────────────────────────────────────────────────────────────────────

/** An open or fulfilled 告知承诺 of an archive the agency holds, for the pledge queue. */
export const ZPledge = z.object({
  id: ZUuid,
  archiveId: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  missing: z.array(z.string()),
  dueDate: z.string(),
  status: z.enum(['open', 'fulfilled']),
  overdue: z.boolean(),
  fulfilledAt: z.string().nullable(),
});
export type TPledge = z.infer<typeof ZPledge>;
export const ZPledgeList = z.object({ pledges: z.array(ZPledge) });
export const ZPledgeListQuery = z.object({
  /** `overdue`: open past the due date; `open`: every open pledge; `all`: also the fulfilled ones. */
  filter: z.enum(['open', 'overdue', 'all']).default('open'),
});

/** The missing materials arrived: they are added to the catalogue and the pledge is fulfilled, in one step. */
export const ZFulfilPledge = z.object({
  materials: z.array(ZNewMaterial).min(1, '请登记补交的材料').max(50),
});
export type TFulfilPledge = z.input<typeof ZFulfilPledge>;
export const ZFulfilPledgeResult = z.object({
  pledge: ZPledge,
  materialIds: z.array(ZUuid),
  /** True when the pledge had already been fulfilled (nothing was added this time). */
  alreadyFulfilled: z.boolean(),
});

// ── Counterpart agencies outside the county ─────────────────────────────────────────────────────────────────────

/** A counterpart agency outside the county (跨省通办), kept as a record by the county's agencies. */
export const ZCounterpartAgency = z.object({
  name: ZText(100).pipe(z.string().min(2, '请填写机构名称')),
  regionName: ZText(60).pipe(z.string().min(2, '请填写所在地区')),
  address: ZText(200).optional(),
  contact: ZText(100).optional(),
});
export type TCounterpartAgency = z.input<typeof ZCounterpartAgency>;

/** A unit with archive authority: people it hired (current 入职 placements) and where their archives are. */
export const ZUnitDirectCandidate = z.object({
  placementId: ZUuid,
  personId: ZUuid,
  personName: z.string(),
  idNumberMasked: z.string(),
  startDate: z.string(),
  archive: z
    .object({
      id: ZUuid,
      archiveNumber: z.string(),
      custodianName: z.string(),
      heldHere: z.boolean(),
      openTransfer: ZTransferState.nullable(),
    })
    .nullable(),
});
export type TUnitDirectCandidate = z.infer<typeof ZUnitDirectCandidate>;
export const ZUnitDirectCandidates = z.object({
  /** False when the acting agency is not a unit with archive authority (no direct transfer). */
  authorised: z.boolean(),
  candidates: z.array(ZUnitDirectCandidate),
});
