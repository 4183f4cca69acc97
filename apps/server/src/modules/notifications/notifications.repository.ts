import type { DB } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';

export interface NotificationRecord {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

const columns = ['id', 'kind', 'title', 'body', 'link', 'readAt', 'createdAt'] as const;

/** Enabled accounts among the given ids (a notification is never stored for an unknown or disabled account). */
export async function findEnabledAccounts(db: Kysely<DB>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where('id', 'in', [...ids])
    .where('disabledAt', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Enabled accounts of an organisation's staff (or of an employer). */
export async function findOrganisationAccounts(db: Kysely<DB>, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where('organisationId', '=', organisationId)
    .where('disabledAt', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Enabled accounts that belong to a person (citizen portal accounts). */
export async function findPersonAccounts(db: Kysely<DB>, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where('personId', '=', personId)
    .where('disabledAt', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertNotifications(
  trx: Transaction<DB>,
  accountIds: readonly string[],
  message: { kind: string; title: string; body: string; link: string | null; createdAt: Date },
): Promise<{ id: string; accountId: string }[]> {
  if (accountIds.length === 0) return [];
  return trx
    .insertInto('notification')
    .values(accountIds.map((accountId) => ({ accountId, ...message })))
    .returning(['id', 'accountId'])
    .execute();
}

export async function insertDeliveries(
  trx: Transaction<DB>,
  rows: {
    notificationId: string;
    channel: 'sms' | 'miniprogram';
    adapter: string;
    status: 'logged' | 'sent' | 'failed';
    detail: string | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto('notificationDelivery').values(rows).execute();
}

export async function listAccountNotifications(
  db: Kysely<DB>,
  accountId: string,
  filter: { unreadOnly: boolean; offset: number; limit: number },
): Promise<{ items: NotificationRecord[]; total: number; unread: number }> {
  let q = db.selectFrom('notification').where('accountId', '=', accountId);
  if (filter.unreadOnly) q = q.where('readAt', 'is', null);
  const [items, total, unread] = await Promise.all([
    q
      .select(columns)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute(),
    q.select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    countUnread(db, accountId),
  ]);
  return { items, total: Number(total.n), unread };
}

export async function countUnread(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('accountId', '=', accountId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the account's own notifications read; ids of other accounts' notifications simply match nothing. */
export async function markNotificationsRead(
  trx: Transaction<DB>,
  accountId: string,
  ids: readonly string[] | 'all',
  at: Date,
): Promise<number> {
  let q = trx
    .updateTable('notification')
    .set({ readAt: at })
    .where('accountId', '=', accountId)
    .where('readAt', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', [...ids]);
  const rows = await q.returning('id').execute();
  return rows.length;
}

export async function listDeliveries(db: Kysely<DB>, notificationId: string) {
  return db
    .selectFrom('notificationDelivery')
    .select(['channel', 'adapter', 'status', 'detail'])
    .where('notificationId', '=', notificationId)
    .orderBy('createdAt')
    .execute();
}
