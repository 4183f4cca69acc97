import type { ArchiveCustodyReason, DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';

/**
 * The custody ledger. An archive's current custodian and the head of its custody chain change together, in the
 * caller's transaction; the schema refuses anything else (deferred foreign key archive → archive_custody, and each
 * custody row chained to the one before).
 */

export async function createArchiveWithCustody(
  trx: Kysely<DB>,
  input: {
    personId: string;
    archiveNumber: string;
    custodianAgencyId: string;
    reason: ArchiveCustodyReason;
    intakeId?: string | null;
    note?: string | null;
    at: Date;
    recordedBy: string | null;
  },
): Promise<{ id: string }> {
  const archive = await trx
    .insertInto('archive')
    .values({
      personId: input.personId,
      archiveNumber: input.archiveNumber,
      custodianAgencyId: input.custodianAgencyId,
      custodySeq: 1,
      createdAt: input.at,
      updatedAt: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('archiveCustody')
    .values({
      archiveId: archive.id,
      seq: 1,
      prevSeq: null,
      fromAgencyId: null,
      toAgencyId: input.custodianAgencyId,
      reason: input.reason,
      intakeId: input.intakeId ?? null,
      note: input.note ?? null,
      at: input.at,
      recordedBy: input.recordedBy,
    })
    .execute();
  return archive;
}

/** The archive row, locked for the rest of the transaction (custody moves are serialised per archive). */
export async function lockArchive(trx: Kysely<DB>, archiveId: string) {
  return trx
    .selectFrom('archive')
    .select(['id', 'personId', 'archiveNumber', 'custodianAgencyId', 'custodySeq', 'version'])
    .where('id', '=', archiveId)
    .forUpdate()
    .executeTakeFirst();
}

/** Appends the next custody row and points the archive at it. The caller holds the archive's lock. */
export async function moveCustody(
  trx: Kysely<DB>,
  archive: { id: string; custodianAgencyId: string; custodySeq: number },
  input: {
    toAgencyId: string;
    reason: ArchiveCustodyReason;
    transferId?: string | null;
    note?: string | null;
    at: Date;
    recordedBy: string | null;
  },
): Promise<number> {
  const seq = archive.custodySeq + 1;
  await trx
    .insertInto('archiveCustody')
    .values({
      archiveId: archive.id,
      seq,
      prevSeq: archive.custodySeq,
      fromAgencyId: archive.custodianAgencyId,
      toAgencyId: input.toAgencyId,
      reason: input.reason,
      transferId: input.transferId ?? null,
      note: input.note ?? null,
      at: input.at,
      recordedBy: input.recordedBy,
    })
    .execute();
  await trx
    .updateTable('archive')
    .set((eb) => ({
      custodianAgencyId: input.toAgencyId,
      custodySeq: seq,
      version: eb('version', '+', 1),
      updatedAt: input.at,
    }))
    .where('id', '=', archive.id)
    .where('custodySeq', '=', archive.custodySeq)
    .execute();
  return seq;
}

export async function listCustody(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveCustody as c')
    .leftJoin('archiveAgency as f', 'f.id', 'c.fromAgencyId')
    .innerJoin('archiveAgency as t', 't.id', 'c.toAgencyId')
    .select(['c.seq', 'c.reason', 'c.note', 'c.at', 'c.toAgencyId', 'f.name as fromName', 't.name as toName'])
    .where('c.archiveId', '=', archiveId)
    .orderBy('c.seq')
    .execute();
}
