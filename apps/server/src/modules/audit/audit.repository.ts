import type { TAuditQuery } from '@qiaoti/contracts';
import type { AuditRow, DB } from '@qiaoti/db';
import { type Kysely, sql, type Transaction } from 'kysely';

/** One lock key for every audit append: appends are serialised so the hash chain never forks. */
const AUDIT_LOCK_KEY = 0x51_41_55_44; // "QAUD"

/** Takes the append lock until the transaction ends (PostgreSQL and PGlite alike). */
export async function lockAuditChain(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
}

export async function findAuditHead(
  trx: Transaction<DB>,
): Promise<{ seq: number; hash: string } | undefined> {
  return trx
    .selectFrom('auditLog')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function nextAuditSeq(trx: Transaction<DB>): Promise<number> {
  const r = await sql<{ seq: number | string }>`
    select nextval(pg_get_serial_sequence('audit_log', 'seq')) as seq`.execute(trx);
  const seq = Number(r.rows[0]?.seq);
  if (!Number.isSafeInteger(seq)) throw new Error('audit sequence unavailable');
  return seq;
}

export type NewAuditRow = Omit<AuditRow, 'details'> & { details: string };

export async function insertAuditRow(trx: Transaction<DB>, row: NewAuditRow): Promise<void> {
  await trx
    .insertInto('auditLog')
    .values({ ...row, actorRoles: [...row.actorRoles] })
    .execute();
  await trx.insertInto('auditCheckpoints').values({ seq: row.seq, hash: row.hash, at: row.at }).execute();
}

/** Rows in chain order, a batch at a time (the verifier walks the whole log). */
export async function listAuditRowsAfter(
  db: Kysely<DB>,
  afterSeq: number,
  limit: number,
): Promise<AuditRow[]> {
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function findLatestCheckpoint(
  db: Kysely<DB>,
): Promise<{ seq: number; hash: string } | undefined> {
  return db
    .selectFrom('auditCheckpoints')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Checkpoints whose (seq, hash) has no identical row in the log: the first such names where the log was cut. */
export async function findFirstUnmatchedCheckpoint(db: Kysely<DB>): Promise<number | undefined> {
  const r = await db
    .selectFrom('auditCheckpoints as c')
    .leftJoin('auditLog as l', 'l.seq', 'c.seq')
    .select('c.seq')
    .where((eb) => eb.or([eb('l.seq', 'is', null), eb('l.hash', '!=', eb.ref('c.hash'))]))
    .orderBy('c.seq')
    .limit(1)
    .executeTakeFirst();
  return r?.seq;
}

export async function listAuditPage(
  db: Kysely<DB>,
  q: TAuditQuery,
): Promise<{ items: AuditRow[]; total: number }> {
  let query = db.selectFrom('auditLog');
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<', new Date(q.to));
  if (q.actor) query = query.where('actorUsername', '=', q.actor.toLowerCase());
  if (q.event) query = query.where('event', '=', q.event);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  const [items, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
