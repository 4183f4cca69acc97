import type { TAccountListQuery } from '@qiaoti/contracts';
import type { AccountRow, DB, OrganisationKind, OrganisationRow } from '@qiaoti/db';
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

type AccountsTable = DB['accounts'];
type SessionRow = Selectable<DB['sessions']>;

export async function findAccountByUsername(
  db: Kysely<DB>,
  username: string,
): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findAccountById(db: Kysely<DB>, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Row-locking read: only inside a transaction. */
export async function lockAccount(trx: Transaction<DB>, id: string): Promise<AccountRow | undefined> {
  return trx.selectFrom('accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertAccount(db: Kysely<DB>, values: Insertable<AccountsTable>): Promise<AccountRow> {
  return db.insertInto('accounts').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateAccount(
  db: Kysely<DB>,
  id: string,
  patch: Updateable<AccountsTable>,
): Promise<AccountRow | undefined> {
  return db.updateTable('accounts').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function listAccounts(
  db: Kysely<DB>,
  q: TAccountListQuery,
): Promise<{ items: AccountRow[]; total: number }> {
  let query = db.selectFrom('accounts');
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('username', 'ilike', like), eb('displayName', 'ilike', like)]));
  }
  const items = await query
    .selectAll()
    .orderBy('username')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(count.n) };
}

// ── Organisations

export async function findOrganisationById(db: Kysely<DB>, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrganisationByCode(
  db: Kysely<DB>,
  code: string,
): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findOrganisationsByIds(db: Kysely<DB>, ids: string[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organisations').selectAll().where('id', 'in', ids).execute();
}

export async function listOrganisationOptions(
  db: Kysely<DB>,
  q: { q?: string | undefined; kind?: OrganisationKind | undefined },
): Promise<OrganisationRow[]> {
  let query = db.selectFrom('organisations').selectAll();
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('code', 'ilike', like)]));
  }
  return query.orderBy('kind').orderBy('code').limit(500).execute();
}

export async function placeExists(db: Kysely<DB>, code: string, level: 'village'): Promise<boolean> {
  const r = await db
    .selectFrom('places')
    .select('code')
    .where('code', '=', code)
    .where('level', '=', level)
    .executeTakeFirst();
  return r !== undefined;
}

export async function personExists(db: Kysely<DB>, id: string): Promise<boolean> {
  const r = await db.selectFrom('persons').select('id').where('id', '=', id).executeTakeFirst();
  return r !== undefined;
}

// ── Sessions (only a hash of the token is stored)

export async function insertSession(db: Kysely<DB>, values: Insertable<DB['sessions']>): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

export interface SessionWithAccount {
  session: SessionRow;
  account: AccountRow;
  organisation: OrganisationRow | undefined;
}

export async function findSessionWithAccount(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<SessionWithAccount | undefined> {
  const session = await db
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!session) return undefined;
  const account = await findAccountById(db, session.accountId);
  if (!account) return undefined;
  const organisation = account.organisationId
    ? await findOrganisationById(db, account.organisationId)
    : undefined;
  return { session, account, organisation };
}

export async function touchSession(db: Kysely<DB>, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: at }).where('tokenHash', '=', tokenHash).execute();
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSessionsOfAccount(
  db: Kysely<DB>,
  accountId: string,
  exceptTokenHash?: string,
): Promise<number> {
  let q = db.deleteFrom('sessions').where('accountId', '=', accountId);
  if (exceptTokenHash) q = q.where('tokenHash', '!=', exceptTokenHash);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessionsOfAccount(
  db: Kysely<DB>,
  accountId: string,
  now: Date,
  idleMs: number,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('accountId', '=', accountId)
    .where((eb) =>
      eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', new Date(now.getTime() - idleMs))]),
    )
    .execute();
}
