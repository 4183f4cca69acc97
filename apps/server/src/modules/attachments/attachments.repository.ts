import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';

const attachmentColumns = [
  'id',
  'fileDigest',
  'fileName',
  'mediaType',
  'size',
  'ownerType',
  'ownerId',
  'organisationId',
  'uploadedBy',
  'createdAt',
] as const;

/** The stored file's row: one per content (digest), however many attachments use it. */
export async function insertFileOnce(
  db: Kysely<DB>,
  row: { digest: string; mediaType: string; size: number; originalName: string; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('files')
    .values(row)
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();
}

export async function insertAttachment(
  db: Kysely<DB>,
  row: {
    fileDigest: string;
    fileName: string;
    mediaType: string;
    size: number;
    ownerType: string;
    ownerId: string;
    organisationId: string | null;
    uploadedBy: string | null;
    createdAt: Date;
  },
) {
  return db.insertInto('attachment').values(row).returning(attachmentColumns).executeTakeFirstOrThrow();
}

export async function findAttachment(db: Kysely<DB>, id: string) {
  return db.selectFrom('attachment').select(attachmentColumns).where('id', '=', id).executeTakeFirst();
}

export async function listAttachmentsOf(db: Kysely<DB>, ownerType: string, ownerIds: readonly string[]) {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('attachment')
    .select(attachmentColumns)
    .where('ownerType', '=', ownerType)
    .where('ownerId', 'in', [...ownerIds])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function countFilesWithDigest(db: Kysely<DB>, digest: string): Promise<number> {
  const row = await db
    .selectFrom('files')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('digest', '=', digest)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type AttachmentRow = NonNullable<Awaited<ReturnType<typeof findAttachment>>>;
