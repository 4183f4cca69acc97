import type { ArchiveTransferState, DB } from '@qiaoti/db';
import { type Kysely, sql } from 'kysely';

export const transferColumns = [
  't.id',
  't.archiveId',
  't.kind',
  't.direction',
  't.fromAgencyId',
  't.toAgencyId',
  't.state',
  't.reason',
  't.letterNumber',
  't.method',
  't.trackingNumber',
  't.dueDate',
  't.returnReason',
  't.requestedBy',
  't.requestedAt',
  't.sentAt',
  't.receivedAt',
  'a.archiveNumber',
  'a.personId',
  'p.name as personName',
] as const;

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('archiveTransfer as t')
    .innerJoin('archive as a', 'a.id', 't.archiveId')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .select(transferColumns);
}

export type TransferRow = Awaited<ReturnType<typeof findTransfer>> & {};

export async function findTransfer(db: Kysely<DB>, id: string) {
  return baseQuery(db).where('t.id', '=', id).executeTakeFirst();
}

/** Locks the transfer row for a state change. */
export async function lockTransfer(trx: Kysely<DB>, id: string) {
  return trx
    .selectFrom('archiveTransfer')
    .select(['id', 'state', 'archiveId', 'fromAgencyId', 'toAgencyId'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function listTransfersOfArchive(db: Kysely<DB>, archiveId: string) {
  return baseQuery(db).where('t.archiveId', '=', archiveId).orderBy('t.requestedAt', 'desc').execute();
}

export type QueueFilter =
  | { queue: 'to_approve'; agencyId: string }
  | { queue: 'to_send'; agencyId: string }
  | { queue: 'to_receive'; agencyId: string }
  | { queue: 'returned'; agencyId: string }
  | { queue: 'overdue'; agencyId: string; today: string };

/**
 * An agency's queue. Who acts on a step is the in-county party: approving is the receiver's (the holder's when the
 * 调档函 comes from outside), sending the holder's (the receiver records it when the holder is outside), receiving
 * the receiver's (the holder records the 回执 when the receiver is outside).
 */
export async function listQueue(db: Kysely<DB>, f: QueueFilter, limit = 200) {
  let q = baseQuery(db)
    .innerJoin('archiveAgency as fa', 'fa.id', 't.fromAgencyId')
    .innerJoin('archiveAgency as ta', 'ta.id', 't.toAgencyId');
  switch (f.queue) {
    case 'to_approve':
      q = q
        .where('t.state', '=', 'requested')
        .where((eb) =>
          eb.or([
            eb('t.toAgencyId', '=', f.agencyId),
            eb.and([eb('t.fromAgencyId', '=', f.agencyId), eb('ta.inCounty', '=', false)]),
          ]),
        );
      break;
    case 'to_send':
      q = q
        .where('t.state', 'in', ['approved', 'returned'])
        .where((eb) =>
          eb.or([
            eb('t.fromAgencyId', '=', f.agencyId),
            eb.and([eb('t.toAgencyId', '=', f.agencyId), eb('fa.inCounty', '=', false)]),
          ]),
        );
      break;
    case 'to_receive':
      q = q
        .where('t.state', '=', 'sent')
        .where((eb) =>
          eb.or([
            eb('t.toAgencyId', '=', f.agencyId),
            eb.and([eb('t.fromAgencyId', '=', f.agencyId), eb('ta.inCounty', '=', false)]),
          ]),
        );
      break;
    case 'returned':
      q = q
        .where('t.state', '=', 'returned')
        .where((eb) =>
          eb.or([
            eb('t.fromAgencyId', '=', f.agencyId),
            eb.and([eb('t.toAgencyId', '=', f.agencyId), eb('fa.inCounty', '=', false)]),
          ]),
        );
      break;
    case 'overdue':
      q = q
        .where('t.state', 'in', ['approved', 'returned'])
        .where('t.dueDate', '<', f.today)
        .where((eb) => eb.or([eb('t.fromAgencyId', '=', f.agencyId), eb('t.toAgencyId', '=', f.agencyId)]));
      break;
  }
  return q.orderBy('t.dueDate').orderBy('t.requestedAt').limit(limit).execute();
}

export async function listEvents(db: Kysely<DB>, transferIds: readonly string[]) {
  if (transferIds.length === 0) return [];
  return (
    db
      .selectFrom('archiveTransferEvent')
      .select(['transferId', 'fromState', 'toState', 'note', 'at'])
      .where('transferId', 'in', [...transferIds])
      .orderBy('at')
      // same instant (a transfer started already approved, or a fixed test clock): the order of the state machine
      .orderBy(
        sql`case to_state when 'requested' then 0 when 'approved' then 1 when 'withdrawn' then 2 when 'sent' then 3
        when 'returned' then 4 else 5 end`,
      )
      .execute()
  );
}

export async function insertEvent(
  trx: Kysely<DB>,
  e: {
    transferId: string;
    fromState: ArchiveTransferState | null;
    toState: ArchiveTransferState;
    note?: string | null;
    actorId: string | null;
    at: Date;
  },
) {
  await trx
    .insertInto('archiveTransferEvent')
    .values({ ...e, note: e.note ?? null })
    .execute();
}
