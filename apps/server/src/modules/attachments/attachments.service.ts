import type { TAttachment } from '@qiaoti/contracts';
import { type DB, sm3Hex } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import {
  type AttachmentRow,
  findAttachment,
  insertAttachment,
  insertFileOnce,
} from './attachments.repository.ts';
import { checkFileName, checkSize, checkType } from './attachments-content.ts';
import { AttachmentStore } from './attachments-store.ts';

/**
 * Attachments (DESIGN §4b), shared by every domain: a domain service checks and stores an upload with `storeUpload`
 * (outside its transaction: the file system is not transactional), then records the use with `attachUpload` inside
 * its transaction, next to its own change and its audit record. Reading goes through `readAttachment`, which checks
 * the content against its digest. Who may read an attachment is the owning domain's decision.
 *
 * A stored file whose transaction then rolled back stays in the store without a row: harmless (content-addressed,
 * reused by the next upload of the same content), and a later sweep can remove files no `files` row names.
 */

export interface AttachmentDeps {
  store: AttachmentStore;
  maxBytes: number;
}

const stores = new Map<string, AttachmentStore>();
export function attachmentDeps(ctx: AppContext): AttachmentDeps {
  const root = ctx.config.attachments.root;
  let store = stores.get(root);
  if (!store) {
    store = new AttachmentStore(root);
    stores.set(root, store);
  }
  return { store, maxBytes: ctx.config.attachments.maxBytes };
}

export interface Upload {
  fileName: string;
  content: Buffer;
}

/** A checked, stored upload, not yet used by any record. */
export interface StoredUpload {
  digest: string;
  size: number;
  mediaType: string;
  fileName: string;
  isNew: boolean;
}

/** Checks name, size and type (by content), then stores the content under its SM3 digest (once per content). */
export async function storeUpload(
  deps: AttachmentDeps,
  upload: Upload,
  accepted: readonly string[],
): Promise<StoredUpload> {
  const fileName = checkFileName(upload.fileName);
  checkSize(upload.content.byteLength, deps.maxBytes);
  const { mediaType } = await checkType(upload.content, accepted);
  const stored = await deps.store.put(upload.content);
  return { digest: stored.digest, size: stored.size, mediaType, fileName, isNew: stored.isNew };
}

/** Records that `owner` uses the stored upload; call inside the owner's transaction. */
export async function attachUpload(
  trx: Kysely<DB>,
  actor: Actor,
  stored: StoredUpload,
  owner: { type: string; id: string },
  at: Date,
): Promise<AttachmentRow> {
  await insertFileOnce(trx, {
    digest: stored.digest,
    mediaType: stored.mediaType,
    size: stored.size,
    originalName: stored.fileName,
    createdBy: actor.accountId,
  });
  return insertAttachment(trx, {
    fileDigest: stored.digest,
    fileName: stored.fileName,
    mediaType: stored.mediaType,
    size: stored.size,
    ownerType: owner.type,
    ownerId: owner.id,
    organisationId: actor.organisationId,
    uploadedBy: actor.accountId,
    createdAt: at,
  });
}

export async function getAttachment(db: Kysely<DB>, id: string): Promise<AttachmentRow> {
  const row = await findAttachment(db, id);
  if (!row) throw new AppError('NOT_FOUND', '附件不存在');
  return row;
}

/** The attachment's content, checked against its digest (a damaged or missing file is an error, never served). */
export async function readAttachment(deps: AttachmentDeps, row: AttachmentRow): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await deps.store.read(row.fileDigest);
  } catch {
    throw new AppError('INTERNAL', '附件文件缺失，请联系管理员');
  }
  if (sm3Hex(content) !== row.fileDigest)
    throw new AppError('INTERNAL', '附件文件已损坏（摘要不符），请联系管理员');
  return content;
}

export function presentAttachment(row: AttachmentRow): TAttachment {
  return {
    id: row.id,
    fileName: row.fileName,
    mediaType: row.mediaType,
    size: Number(row.size),
    digest: row.fileDigest,
    uploadedAt: new Date(row.createdAt).toISOString(),
  };
}
