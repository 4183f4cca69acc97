import {
  type NotificationChannel,
  type NotificationKind,
  notificationChannels,
  notificationKinds,
  type TChannelStatusList,
  type TMarkReadRequest,
  type TMarkReadResponse,
  type TNotification,
  type TNotificationList,
  type TNotificationListQuery,
  type TUnreadCount,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import type { AppContext } from '../../context.ts';
import { containsRawPersonalData } from '../audit/audit.service.ts';
import {
  countUnread,
  findEnabledAccounts,
  findOrganisationAccounts,
  findPersonAccounts,
  insertDeliveries,
  insertNotifications,
  listAccountNotifications,
  markNotificationsRead,
  type NotificationRecord,
} from './notifications.repository.ts';
import { channelAdapters } from './notifications-channels.ts';

export interface NotificationDeps {
  readonly db: Kysely<DB>;
  readonly clock: () => Date;
}

export const notificationDeps = (ctx: AppContext): NotificationDeps => ({
  db: ctx.database.db,
  clock: ctx.clock,
});

/** What a domain sends. Recipients are the union of the accounts named, an organisation's staff and a person's accounts. */
export interface NotifyInput {
  accountIds?: readonly string[];
  /** Every enabled account of this organisation (a department, township government or employer). */
  organisationId?: string | null;
  /** Every enabled account that belongs to this person (citizen portal). */
  personId?: string | null;
  kind: NotificationKind;
  /** Short, plain Chinese; never an ID or phone number (refused). A name is allowed only where the reader may see it. */
  title: string;
  body: string;
  /** In-app path, e.g. `/employment/gig/tasks/<id>`. */
  link?: string | null;
  /** Outbound channels besides the inbox; each goes through its adapter (log-only for now). */
  channels?: readonly NotificationChannel[];
  at?: Date;
}

export class NotificationPersonalDataError extends Error {
  constructor() {
    super('通知内容不得包含身份证号或手机号');
    this.name = 'NotificationPersonalDataError';
  }
}

/**
 * Puts a message in the inbox of every recipient, inside the caller's transaction (the message exists exactly when
 * the change it reports commits), and hands it to each requested channel's adapter. Returns the notification ids.
 * Refuses (throws) a text with an ID or phone number, and a link that is not an in-app path.
 */
export async function notify(trx: Transaction<DB>, input: NotifyInput): Promise<string[]> {
  const link = input.link ?? null;
  if (containsRawPersonalData(input.title) || containsRawPersonalData(input.body)) {
    throw new NotificationPersonalDataError();
  }
  if (link !== null && !/^\/[^/\\]/.test(link)) throw new Error('通知链接须为站内路径');
  const recipients = new Set<string>(await findEnabledAccounts(trx, input.accountIds ?? []));
  if (input.organisationId) {
    for (const id of await findOrganisationAccounts(trx, input.organisationId)) recipients.add(id);
  }
  if (input.personId) for (const id of await findPersonAccounts(trx, input.personId)) recipients.add(id);
  const createdAt = input.at ?? new Date();
  const rows = await insertNotifications(trx, [...recipients].sort(), {
    kind: input.kind,
    title: input.title.slice(0, 200),
    body: input.body.slice(0, 2000),
    link,
    createdAt,
  });
  const deliveries: Parameters<typeof insertDeliveries>[1] = [];
  for (const channel of new Set(input.channels ?? [])) {
    const adapter = channelAdapters[channel];
    for (const row of rows) {
      const result = await adapter.deliver({
        notificationId: row.id,
        accountId: row.accountId,
        kind: input.kind,
        title: input.title,
        body: input.body,
      });
      deliveries.push({
        notificationId: row.id,
        channel,
        adapter: adapter.name,
        status: result.status,
        detail: result.detail,
      });
    }
  }
  await insertDeliveries(trx, deliveries);
  return rows.map((r) => r.id);
}

function present(n: NotificationRecord): TNotification {
  return {
    id: n.id,
    kind: n.kind,
    kindLabel: notificationKinds[n.kind as NotificationKind] ?? n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    isRead: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** The actor's own inbox, newest first. There is no way to read another account's inbox. */
export async function listInbox(
  deps: NotificationDeps,
  actor: Actor,
  query: TNotificationListQuery,
): Promise<TNotificationList> {
  const { items, total, unread } = await listAccountNotifications(deps.db, actor.accountId, {
    unreadOnly: query.unreadOnly,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: items.map(present), total, unread, page: query.page, pageSize: query.pageSize };
}

export async function getUnreadCount(deps: NotificationDeps, actor: Actor): Promise<TUnreadCount> {
  return { unread: await countUnread(deps.db, actor.accountId) };
}

/** Marks some (or all) of the actor's own notifications read; others' ids are ignored, never an error that leaks. */
export async function markRead(
  deps: NotificationDeps,
  actor: Actor,
  input: TMarkReadRequest,
): Promise<TMarkReadResponse> {
  const at = deps.clock();
  const marked = await deps.db
    .transaction()
    .execute((trx) => markNotificationsRead(trx, actor.accountId, 'ids' in input ? input.ids : 'all', at));
  return { marked, unread: await countUnread(deps.db, actor.accountId) };
}

/** What each outbound channel is connected to (the inbox page shows it). */
export function channelStatus(): TChannelStatusList {
  return {
    channels: (Object.keys(channelAdapters) as NotificationChannel[]).map((channel) => {
      const a = channelAdapters[channel];
      return {
        channel,
        channelLabel: notificationChannels[channel],
        adapter: a.name,
        isConnected: a.isConnected,
        description: a.description,
      };
    }),
  };
}
