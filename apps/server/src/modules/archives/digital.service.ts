import {
  archiveMaterialClasses,
  type TAttachment,
  type TBornDigitalQuery,
  type TDigitalCatalogue,
  type TDigitalManifest,
  type TDigitalTransfer,
} from '@qiaoti/contracts';
import { sm3Hex } from '@qiaoti/db';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { listAttachmentsOf } from '../attachments/attachments.repository.ts';
import {
  attachUpload,
  getAttachment,
  presentAttachment,
  readAttachment,
  storeUpload,
  type Upload,
} from '../attachments/attachments.service.ts';
import { scanMediaTypes } from '../attachments/attachments-content.ts';
import { canonicalJson, recordAudit } from '../audit/audit.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { findAgency } from './agencies.repository.ts';
import { actorAgency } from './agencies.service.ts';
import { archiveForStaff, type DigitalDeps } from './digital.access.ts';
import {
  completeDigitalTransfer,
  type DigitalTransferRow,
  fileDigestsKnown,
  findDigitalTransfer,
  findMaterial,
  findOpenTransferTo,
  hasPendingDigitalTransfer,
  insertBornDigitalMaterial,
  insertDigitalTransfer,
  listDigitalTransfersOfAgency,
  listMaterials,
  nextSequenceValue,
} from './digital.repository.ts';
import { renderDigitalReceipt } from './documents.render.ts';

/**
 * Digitisation (issue 5 part 4): scans (PDF, JPEG, PNG, TIFF, checked by content) attached to material items, the
 * catalogue by the ten classes with page counts and what is digitised, born-digital documents, and the online transfer
 * of a digitised archive: the custodian sends a package (manifest of items with each file's SM3 digest, itself
 * digested); the receiving agency verifies every digest against the stored content and records a receipt.
 */

export const MATERIAL_OWNER = 'archive_material';

// ── Catalogue ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function getDigitalCatalogue(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
): Promise<TDigitalCatalogue> {
  const { head, isCustodian } = await archiveForStaff(deps, actor, archiveId, 'read');
  const materials = await listMaterials(deps.db, archiveId);
  const files = await listAttachmentsOf(
    deps.db,
    MATERIAL_OWNER,
    materials.map((m) => m.id),
  );
  const filesOf = new Map<string, TAttachment[]>();
  for (const f of files) filesOf.set(f.ownerId, [...(filesOf.get(f.ownerId) ?? []), presentAttachment(f)]);
  const items = materials.map((m) => {
    const own = filesOf.get(m.id) ?? [];
    return {
      id: m.id,
      class: m.class,
      title: m.title,
      pages: m.pages,
      materialDate: m.materialDate,
      bornDigital: m.bornDigital,
      digitised: own.length > 0,
      files: own,
    };
  });
  const classes = Object.entries(archiveMaterialClasses).map(([k, label]) => {
    const own = items.filter((i) => i.class === Number(k));
    const digitised = own.filter((i) => i.digitised);
    return {
      class: Number(k),
      label,
      items: own.length,
      pages: own.reduce((s, i) => s + i.pages, 0),
      digitisedItems: digitised.length,
      digitisedPages: digitised.reduce((s, i) => s + i.pages, 0),
    };
  });
  const sum = (key: 'items' | 'pages' | 'digitisedItems' | 'digitisedPages') =>
    classes.reduce((s, c) => s + c[key], 0);
  await recordAudit(deps.db, actor, {
    event: 'archive.view',
    objectType: 'archive',
    objectId: archiveId,
    details: { action: 'digital_catalogue' },
    at: deps.clock(),
  });
  return {
    archiveId,
    archiveNumber: head.archiveNumber,
    personName: head.personName,
    custodian: { id: head.custodianAgencyId, name: head.custodianName },
    canManage: isCustodian,
    classes,
    items,
    totals: {
      items: sum('items'),
      pages: sum('pages'),
      digitisedItems: sum('digitisedItems'),
      digitisedPages: sum('digitisedPages'),
    },
  };
}

// ── Scans and born-digital documents ──────────────────────────────────────────────────────────────────────────

/** Attaches a scan to a material item of an archive the actor's agency holds. */
export async function uploadScan(
  deps: DigitalDeps,
  actor: Actor,
  materialId: string,
  upload: Upload,
): Promise<TAttachment> {
  const material = await findMaterial(deps.db, materialId);
  if (!material) throw new AppError('NOT_FOUND', '材料不存在');
  await archiveForStaff(deps, actor, material.archiveId, 'manage');
  const stored = await storeUpload(deps.attachments, upload, scanMediaTypes);
  const at = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    const row = await attachUpload(trx, actor, stored, { type: MATERIAL_OWNER, id: materialId }, at);
    await recordAudit(trx, actor, {
      event: 'archive.scan',
      objectType: 'archive',
      objectId: material.archiveId,
      details: {
        materialId,
        attachmentId: row.id,
        digest: stored.digest,
        mediaType: stored.mediaType,
        size: stored.size,
        storedNew: stored.isNew,
      },
      at,
    });
    return presentAttachment(row);
  });
}

/** A born-digital document: a new material item whose original is the uploaded file. */
export async function addBornDigital(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
  input: TBornDigitalQuery,
  upload: Upload,
): Promise<{ materialId: string; attachment: TAttachment }> {
  await archiveForStaff(deps, actor, archiveId, 'manage');
  const stored = await storeUpload(deps.attachments, upload, scanMediaTypes);
  const at = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    const material = await insertBornDigitalMaterial(trx, {
      archiveId,
      class: input.class,
      title: input.title,
      pages: input.pages,
      materialDate: input.materialDate ?? null,
      createdBy: actor.accountId,
      createdAt: at,
    });
    const row = await attachUpload(trx, actor, stored, { type: MATERIAL_OWNER, id: material.id }, at);
    await recordAudit(trx, actor, {
      event: 'archive.material',
      objectType: 'archive',
      objectId: archiveId,
      details: {
        action: 'born_digital',
        materialId: material.id,
        class: input.class,
        attachmentId: row.id,
        digest: stored.digest,
      },
      at,
    });
    return { materialId: material.id, attachment: presentAttachment(row) };
  });
}

/** A scan or document's content, for the custodian or a receiving agency; every opening is audited. */
export async function openMaterialFile(
  deps: DigitalDeps,
  actor: Actor,
  attachmentId: string,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const row = await getAttachment(deps.db, attachmentId);
  if (row.ownerType !== MATERIAL_OWNER) throw new AppError('NOT_FOUND', '附件不存在');
  const material = await findMaterial(deps.db, row.ownerId);
  if (!material) throw new AppError('NOT_FOUND', '附件不存在');
  await archiveForStaff(deps, actor, material.archiveId, 'read');
  const content = await readAttachment(deps.attachments, row);
  await recordAudit(deps.db, actor, {
    event: 'archive.view',
    objectType: 'archive',
    objectId: material.archiveId,
    details: { action: 'open_file', attachmentId, materialId: material.id },
    at: deps.clock(),
  });
  return { fileName: row.fileName, mediaType: row.mediaType, content };
}

// ── Online transfer of a digitised archive ────────────────────────────────────────────────────────────────────

export function manifestDigest(manifest: TDigitalManifest): string {
  return sm3Hex(canonicalJson(manifest));
}

interface Verification {
  ok: boolean;
  manifestOk: boolean;
  files: { digest: string; fileName: string; ok: boolean; reason: string | null }[];
}

export function presentDigitalTransfer(row: DigitalTransferRow): TDigitalTransfer {
  return {
    id: row.id,
    archiveId: row.archiveId,
    archiveNumber: row.archiveNumber,
    personName: row.personName,
    transferId: row.transferId,
    from: { id: row.fromAgencyId, name: row.fromName },
    to: { id: row.toAgencyId, name: row.toName },
    state: row.state,
    itemCount: row.itemCount,
    fileCount: row.fileCount,
    manifestDigest: row.manifestDigest,
    sentAt: new Date(row.sentAt).toISOString(),
    receivedAt: row.receivedAt ? new Date(row.receivedAt).toISOString() : null,
    receiptNumber: row.receiptNumber,
    verification: (row.verification as Verification | null) ?? null,
    rejectReason: row.rejectReason,
  };
}

/**
 * The custodian sends the digitised archive to another agency on the platform: every digitised item with its files'
 * digests. Each file is checked in the store before sending (a damaged file is not sent). A package travels with the
 * open transfer to that agency when there is one.
 */
export async function sendDigitalTransfer(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
  toAgencyId: string,
  key: string | null = null,
): Promise<TDigitalTransfer> {
  const { head, agencyId } = await archiveForStaff(deps, actor, archiveId, 'manage');
  const to = await findAgency(deps.db, toAgencyId);
  if (!to) throw new AppError('UNKNOWN_CODE', '接收机构不存在');
  if (!to.inCounty)
    throw new AppError(
      'VALIDATION_FAILED',
      '数字档案只能在本平台的档案管理机构之间在线转递；县外机构请走跨省转递',
    );
  if (to.id === agencyId) throw new AppError('VALIDATION_FAILED', '不能转递给本机构');
  const from = await findAgency(deps.db, agencyId);
  const materials = await listMaterials(deps.db, archiveId);
  const files = await listAttachmentsOf(
    deps.db,
    MATERIAL_OWNER,
    materials.map((m) => m.id),
  );
  const items = materials
    .map((m) => ({
      materialId: m.id,
      class: m.class,
      title: m.title,
      pages: m.pages,
      bornDigital: m.bornDigital,
      files: files
        .filter((f) => f.ownerId === m.id)
        .map((f) => ({
          digest: f.fileDigest,
          size: Number(f.size),
          mediaType: f.mediaType,
          fileName: f.fileName,
        })),
    }))
    .filter((i) => i.files.length > 0);
  if (items.length === 0) throw new AppError('VALIDATION_FAILED', '该档案还没有数字化材料，无法在线转递');
  for (const item of items)
    for (const f of item.files) {
      const check = await deps.attachments.store.verify(f.digest);
      if (!check.ok)
        throw new AppError(
          'INTERNAL',
          `材料“${item.title}”的文件${check.reason ?? '校验失败'}，请重新扫描上传后再转递`,
        );
    }
  const manifest: TDigitalManifest = {
    archiveNumber: head.archiveNumber,
    personName: head.personName,
    fromAgency: from?.name ?? '',
    toAgency: to.name,
    items,
  };
  const digest = manifestDigest(manifest);
  const transferId = await findOpenTransferTo(deps.db, archiveId, to.id);
  const at = deps.clock();
  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    key,
    { op: 'archives.digital.send', archiveId, toAgencyId },
    async (trx) => {
      if (await hasPendingDigitalTransfer(trx, archiveId, to.id))
        throw new AppError('CONFLICT', '已有一份待对方接收的数字档案包');
      const row = await insertDigitalTransfer(trx, {
        archiveId,
        transferId,
        fromAgencyId: agencyId,
        toAgencyId: to.id,
        manifest,
        manifestDigest: digest,
        itemCount: items.length,
        fileCount: items.reduce((s, i) => s + i.files.length, 0),
        sentBy: actor.accountId,
        sentAt: at,
      });
      await recordAudit(trx, actor, {
        event: 'archive.transfer',
        objectType: 'archive',
        objectId: archiveId,
        details: {
          action: 'digital_send',
          digitalTransferId: row.id,
          toAgencyId: to.id,
          manifestDigest: digest,
        },
        at,
      });
      return row.id;
    },
  );
  return getDigitalTransferRow(deps, id);
}

async function getDigitalTransferRow(deps: DigitalDeps, id: string): Promise<TDigitalTransfer> {
  const row = await findDigitalTransfer(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '数字档案包不存在');
  return presentDigitalTransfer(row);
}

/**
 * The receiving agency takes the package: the manifest must hash to the digest recorded at sending, and every file
 * must be present and hash to its digest. All good → received with a receipt number; otherwise rejected with what
 * failed (the sender re-scans and sends again).
 */
export async function receiveDigitalTransfer(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
  key: string | null = null,
): Promise<TDigitalTransfer> {
  const agency = await actorAgency(deps.db, actor);
  const row = await findDigitalTransfer(deps.db, id);
  if (!row || row.toAgencyId !== agency.id)
    throw new AppError('NOT_FOUND', '数字档案包不存在或不是发给本机构的');
  // A retry with the same key after the package was taken gets the stored answer (checked in runIdempotent).
  if (row.state !== 'sent' && key === null) throw new AppError('CONFLICT', '该数字档案包已处理');
  const manifest = row.manifest as TDigitalManifest;
  const manifestOk = manifestDigest(manifest) === row.manifestDigest;
  const all = manifest.items.flatMap((i) => i.files);
  const known = await fileDigestsKnown(
    deps.db,
    all.map((f) => f.digest),
  );
  const files: Verification['files'] = [];
  for (const f of all) {
    const check = known.has(f.digest)
      ? await deps.attachments.store.verify(f.digest)
      : { ok: false, reason: '平台无此文件' };
    files.push({ digest: f.digest, fileName: f.fileName, ok: check.ok, reason: check.reason });
  }
  const ok = manifestOk && files.every((f) => f.ok);
  const verification: Verification = { ok, manifestOk, files };
  const at = deps.clock();
  await runIdempotent(deps.db, actor, key, { op: 'archives.digital.receive', id }, async (trx) => {
    const receiptNumber = ok
      ? `ZM-SZ-${at.getUTCFullYear()}-${String(await nextSequenceValue(trx, 'archive_digital_receipt_seq')).padStart(6, '0')}`
      : null;
    const done = await completeDigitalTransfer(trx, id, {
      state: ok ? 'received' : 'rejected',
      receivedBy: actor.accountId,
      receivedAt: at,
      verification,
      receiptNumber,
      rejectReason: ok
        ? null
        : manifestOk
          ? `${files.filter((f) => !f.ok).length} 个文件校验未通过`
          : '清单摘要不符（清单被改动）',
    });
    if (!done) throw new AppError('CONFLICT', '该数字档案包已处理');
    await recordAudit(trx, actor, {
      event: 'archive.receipt',
      objectType: 'archive',
      objectId: row.archiveId,
      outcome: ok ? 'success' : 'failure',
      details: { action: 'digital_receive', digitalTransferId: id, receiptNumber, verified: ok },
      at,
    });
  });
  return getDigitalTransferRow(deps, id);
}

export async function listDigitalTransfers(
  deps: DigitalDeps,
  actor: Actor,
): Promise<{ transfers: TDigitalTransfer[] }> {
  const agency = await actorAgency(deps.db, actor);
  return { transfers: (await listDigitalTransfersOfAgency(deps.db, agency.id)).map(presentDigitalTransfer) };
}

/** The receipt of a received package as PDF, for either agency. */
export async function digitalReceiptPdf(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; content: Buffer }> {
  const agency = await actorAgency(deps.db, actor);
  const row = await findDigitalTransfer(deps.db, id);
  if (!row || (row.toAgencyId !== agency.id && row.fromAgencyId !== agency.id))
    throw new AppError('NOT_FOUND', '数字档案包不存在');
  if (row.state !== 'received' || !row.receiptNumber || !row.receivedAt)
    throw new AppError('CONFLICT', '数字档案包尚未接收，没有回执');
  const manifest = row.manifest as TDigitalManifest;
  const content = await renderDigitalReceipt({
    receiptNumber: row.receiptNumber,
    personName: row.personName,
    archiveNumber: row.archiveNumber,
    fromAgency: row.fromName,
    toAgency: row.toName,
    sentOn: businessDay(new Date(row.sentAt)),
    receivedOn: businessDay(new Date(row.receivedAt)),
    manifestDigest: row.manifestDigest,
    items: manifest.items.map((i) => ({
      class: i.class,
      title: i.title,
      pages: i.pages,
      files: i.files.length,
    })),
  });
  await recordAudit(deps.db, actor, {
    event: 'archive.view',
    objectType: 'archive',
    objectId: row.archiveId,
    details: { action: 'print_digital_receipt', digitalTransferId: id },
    at: deps.clock(),
  });
  return { fileName: `数字档案接收回执-${row.receiptNumber}.pdf`, content };
}
