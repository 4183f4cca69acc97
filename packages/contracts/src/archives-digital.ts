/**
 * Archives digitisation and use (issue 5 parts 4–6): scans and born-digital documents attached to material items,
 * the catalogue with what is digitised, online transfer of a digitised archive between agencies (package of items and
 * SM3 digests, verified on receipt), borrowing/inspection with approval and a time limit, 存档证明, and the 民生档案
 * one-stop index. Everything here is free: no fee field exists (人社部发〔2021〕112号 第八条).
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

/** Scans and born-digital documents: PDF, JPEG, PNG, TIFF, checked by content. */
export const scanAcceptLabel = 'PDF、JPEG、PNG、TIFF';

// ── Attachments ───────────────────────────────────────────────────────────────────────────────────────────────────

export const ZAttachment = z.object({
  id: ZUuid,
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number(),
  /** SM3 of the content (hex): the file's name in the store. */
  digest: z.string(),
  uploadedAt: z.string(),
});
export type TAttachment = z.infer<typeof ZAttachment>;

// ── Digitisation catalogue ────────────────────────────────────────────────────────────────────────────────────────

export const ZDigitalItem = z.object({
  id: ZUuid,
  class: z.number(),
  title: z.string(),
  pages: z.number(),
  materialDate: z.string().nullable(),
  bornDigital: z.boolean(),
  digitised: z.boolean(),
  files: z.array(ZAttachment),
});
export type TDigitalItem = z.infer<typeof ZDigitalItem>;

export const ZDigitalCatalogue = z.object({
  archiveId: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  custodian: z.object({ id: ZUuid, name: z.string() }),
  /** True when the acting staff member's agency holds the archive (may upload and send). */
  canManage: z.boolean(),
  classes: z.array(
    z.object({
      class: z.number(),
      label: z.string(),
      items: z.number(),
      pages: z.number(),
      digitisedItems: z.number(),
      digitisedPages: z.number(),
    }),
  ),
  items: z.array(ZDigitalItem),
  totals: z.object({
    items: z.number(),
    pages: z.number(),
    digitisedItems: z.number(),
    digitisedPages: z.number(),
  }),
});
export type TDigitalCatalogue = z.infer<typeof ZDigitalCatalogue>;

/** Born-digital document: a new material item whose original is the uploaded file (multipart fields or query). */
export const ZBornDigitalQuery = z.object({
  class: z.coerce.number().int().min(1, '材料类别为 1–10').max(10, '材料类别为 1–10'),
  title: ZText(200).pipe(z.string().min(1, '请填写材料题名')),
  pages: z.coerce.number().int().min(1).max(10_000).default(1),
  materialDate: ZIsoDate.optional(),
});
export type TBornDigitalQuery = z.infer<typeof ZBornDigitalQuery>;

// ── Online transfer of a digitised archive ───────────────────────────────────────────────────────────────────────

export const ZDigitalManifestItem = z.object({
  materialId: ZUuid,
  class: z.number(),
  title: z.string(),
  pages: z.number(),
  bornDigital: z.boolean(),
  files: z.array(
    z.object({ digest: z.string(), size: z.number(), mediaType: z.string(), fileName: z.string() }),
  ),
});
export const ZDigitalManifest = z.object({
  archiveNumber: z.string(),
  personName: z.string(),
  fromAgency: z.string(),
  toAgency: z.string(),
  items: z.array(ZDigitalManifestItem),
});
export type TDigitalManifest = z.infer<typeof ZDigitalManifest>;

export const ZDigitalTransferState = z.enum(['sent', 'received', 'rejected']);
export const digitalTransferStateLabels = {
  sent: '已发送待接收',
  received: '已接收',
  rejected: '校验未通过',
} as const;

export const ZSendDigitalTransfer = z.object({ toAgencyId: ZUuid });
export const ZDigitalTransfer = z.object({
  id: ZUuid,
  archiveId: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  transferId: ZUuid.nullable(),
  from: z.object({ id: ZUuid, name: z.string() }),
  to: z.object({ id: ZUuid, name: z.string() }),
  state: ZDigitalTransferState,
  itemCount: z.number(),
  fileCount: z.number(),
  manifestDigest: z.string(),
  sentAt: z.string(),
  receivedAt: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  verification: z
    .object({
      ok: z.boolean(),
      manifestOk: z.boolean(),
      files: z.array(
        z.object({
          digest: z.string(),
          fileName: z.string(),
          ok: z.boolean(),
          reason: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  rejectReason: z.string().nullable(),
});
export type TDigitalTransfer = z.infer<typeof ZDigitalTransfer>;
export const ZDigitalTransferList = z.object({ transfers: z.array(ZDigitalTransfer) });

// ── Borrowing and inspection ──────────────────────────────────────────────────────────────────────────────────────

export const ZBorrowKind = z.enum(['borrow', 'inspect'], '请选择借阅或查阅');
export const borrowKindLabels = { borrow: '借阅', inspect: '查阅' } as const;
export const ZBorrowState = z.enum(['requested', 'approved', 'rejected', 'returned']);
export const borrowStateLabels = {
  requested: '待审批',
  approved: '已批准',
  rejected: '未批准',
  returned: '已归还',
} as const;

export const ZBorrowRequest = z.object({
  archiveId: ZUuid,
  kind: ZBorrowKind,
  /** The unit asking; defaults to the acting account's organisation. */
  borrowerUnit: ZText(100).optional(),
  borrowerContact: ZText(60).optional(),
  purpose: ZText(300).pipe(z.string().min(4, '请说明借阅、查阅用途（至少 4 个字）')),
  days: z.number().int().min(1, '期限至少 1 天').max(90, '期限最长 90 天').default(7),
});
export type TBorrowRequest = z.input<typeof ZBorrowRequest>;
export const ZBorrowDecision = z.object({
  approve: z.boolean(),
  /** Approved time limit in days (defaults to the days requested). */
  days: z.number().int().min(1).max(90).optional(),
  note: ZText(300).optional(),
});
export const ZBorrowReturn = z.object({ note: ZText(300).optional() });
export const ZBorrow = z.object({
  id: ZUuid,
  archiveId: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  agency: z.object({ id: ZUuid, name: z.string() }),
  kind: ZBorrowKind,
  borrowerUnit: z.string(),
  borrowerContact: z.string().nullable(),
  purpose: z.string(),
  daysRequested: z.number(),
  state: ZBorrowState,
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  dueDate: z.string().nullable(),
  returnedAt: z.string().nullable(),
  overdue: z.boolean(),
  daysOverdue: z.number(),
});
export type TBorrow = z.infer<typeof ZBorrow>;
export const ZBorrowQueueName = z.enum(['requested', 'out', 'overdue', 'done']);
export const borrowQueueLabels = {
  requested: '待审批',
  out: '借出中',
  overdue: '已超期',
  done: '已办结',
} as const;
export const ZBorrowQueueQuery = z.object({ queue: ZBorrowQueueName.default('requested') });
export const ZBorrowList = z.object({
  borrows: z.array(ZBorrow),
  counts: z.record(ZBorrowQueueName, z.number()),
});

// ── 存档证明 ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZIssueCertificate = z.object({
  purpose: ZText(100).pipe(z.string().min(2, '请填写证明用途')),
});
export const ZCertificate = z.object({
  id: ZUuid,
  archiveId: ZUuid,
  certificateNumber: z.string(),
  agency: z.string(),
  purpose: z.string(),
  custodySince: z.string(),
  issuedOn: z.string(),
});
export type TCertificate = z.infer<typeof ZCertificate>;
export const ZCertificateList = z.object({ certificates: z.array(ZCertificate) });

// ── 存档证明 requested online by the citizen ──────────────────────────────────────────────────────────────────

export const certificateRequestStateLabels = {
  requested: '待办理',
  issued: '已出具',
  rejected: '未予出具',
} as const;
export const ZCertificateRequestState = z.enum(['requested', 'issued', 'rejected']);
export type TCertificateRequestState = z.infer<typeof ZCertificateRequestState>;

/** The citizen's request: purpose, copies, delivery (download from the portal; free of charge). */
export const ZCertificateRequestInput = z.object({
  purpose: ZText(100).pipe(z.string().min(2, '请填写证明用途')),
  copies: z.coerce.number().int('份数须为整数').min(1, '至少 1 份').max(10, '最多 10 份').default(1),
  delivery: z.literal('download', '目前只支持在线下载').default('download'),
});
export type TCertificateRequestInput = z.input<typeof ZCertificateRequestInput>;

export const ZCertificateRequest = z.object({
  id: ZUuid,
  archiveId: ZUuid,
  archiveNumber: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  agency: z.string(),
  purpose: z.string(),
  copies: z.number(),
  delivery: z.literal('download'),
  state: ZCertificateRequestState,
  stateLabel: z.string(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  certificate: ZCertificate.nullable(),
});
export type TCertificateRequest = z.infer<typeof ZCertificateRequest>;
export const ZCertificateRequestList = z.object({
  requests: z.array(ZCertificateRequest),
  counts: z.record(ZCertificateRequestState, z.number()),
});
export type TCertificateRequestList = z.infer<typeof ZCertificateRequestList>;
export const ZCertificateRequestQueueQuery = z.object({
  state: ZCertificateRequestState.default('requested'),
});
export const ZCertificateRequestReject = z.object({
  reason: ZText(200).pipe(z.string().min(2, '请填写不予出具的原因')),
});

// ── 民生档案 one-stop index ─────────────────────────────────────────────────────────────────────────────────────

export const livelihoodKindLabels = {
  marriage: '婚姻登记',
  social_insurance: '社会保险',
  medical_insurance: '医疗保险',
  land_contract: '土地承包',
  housing: '房产住房',
  schooling: '学籍',
  veterans: '退役军人',
  household_registration: '户籍',
  other: '其他',
} as const;
export const ZLivelihoodKind = z.enum(
  Object.keys(livelihoodKindLabels) as [
    keyof typeof livelihoodKindLabels,
    ...(keyof typeof livelihoodKindLabels)[],
  ],
  '民生档案类别不存在',
);
export type TLivelihoodKind = z.infer<typeof ZLivelihoodKind>;

export const ZLivelihoodRecord = z.object({
  id: ZUuid,
  kind: ZLivelihoodKind,
  kindLabel: z.string(),
  holdingDepartment: z.object({ id: ZUuid, name: z.string() }),
  referenceNumber: z.string(),
  recordDate: z.string(),
  summary: z.string(),
});
export type TLivelihoodRecord = z.infer<typeof ZLivelihoodRecord>;

/** Staff search: by ID number (POST, never in a URL) or by person id, always with a stated purpose. */
export const ZLivelihoodSearch = z
  .object({
    idNumber: ZText(40).optional(),
    personId: ZUuid.optional(),
    kinds: z.array(ZLivelihoodKind).optional(),
    purpose: ZText(200).pipe(z.string().min(4, '请说明查询用途（至少 4 个字）')),
  })
  .refine((v) => v.idNumber !== undefined || v.personId !== undefined, '请填写身份证号');
export type TLivelihoodSearch = z.input<typeof ZLivelihoodSearch>;

export const ZLivelihoodResult = z.object({
  person: z.object({ id: ZUuid, name: z.string(), idNumberMasked: z.string() }).nullable(),
  records: z.array(ZLivelihoodRecord),
  /** The departments whose records this account may see ('all' for the one-stop desk). */
  scope: z.union([z.literal('all'), z.array(z.string())]),
});
export type TLivelihoodResult = z.infer<typeof ZLivelihoodResult>;

export const ZNewLivelihoodRecord = z.object({
  personId: ZUuid,
  kind: ZLivelihoodKind,
  referenceNumber: ZText(60).pipe(z.string().min(1, '请填写档号或登记号')),
  recordDate: ZIsoDate,
  summary: ZText(200).pipe(z.string().min(1, '请填写摘要')),
});

// ── 民生档案 index loading from department spreadsheets ───────────────────────────────────────────────────────

/** Column headers of the department index sheet (the template writes them; reading also accepts the aliases). */
export const livelihoodImportHeaders = [
  '档案类别',
  '身份证号',
  '档号或登记号',
  '日期',
  '摘要',
  '保存部门',
] as const;

export const ZLivelihoodImportRowError = z.object({
  rowNumber: z.number(),
  reasons: z.array(z.string()),
});
export const ZLivelihoodImportResult = z.object({
  id: ZUuid,
  fileName: z.string(),
  rowsTotal: z.number(),
  rowsLoaded: z.number(),
  /** Rows already in the index (same department, kind and reference number): not added twice. */
  rowsDuplicate: z.number(),
  rowsRejected: z.number(),
  /** Rows whose person is not (yet) in the registry: kept, matched by ID number when they are registered. */
  rowsUnmatched: z.number(),
  errors: z.array(ZLivelihoodImportRowError),
  createdAt: z.string(),
});
export type TLivelihoodImportResult = z.infer<typeof ZLivelihoodImportResult>;
