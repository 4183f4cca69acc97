import type { DB, WorkItemEventsTable, WorkItemsTable } from '@qiaoti/db';
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { type WorkItemType, workItemType } from './workitems.types.ts';

/**
 * Work items (DESIGN §4b): the generic part of every case and task. Domains keep their own records (an assistance
 * case's plan, a transfer's tracking number) and call these functions inside their own transaction for state,
 * owner, due date and follow-ups, so queues, overdue lists and timelines work the same everywhere.
 * Authorisation is the calling domain's job: these functions take a transaction and trust their caller.
 */

export type WorkItemRow = Selectable<WorkItemsTable>;
export type WorkItemEventRow = Selectable<WorkItemEventsTable>;

export interface CreateWorkItem {
  type: WorkItemType;
  subject: { type: string; id: string };
  title: string;
  parentId?: string | null;
  ownerOrganisationId?: string | null;
  ownerAccountId?: string | null;
  /** A person's name or a role, shown where no account owns the item (e.g. 就业指导员 张三). */
  ownerName?: string | null;
  dueOn?: string | null;
  data?: Record<string, unknown>;
  note?: string | null;
}

function typeOf(row: { type: string }): WorkItemType {
  const t = workItemType(row.type);
  if (!t) throw new AppError('INTERNAL', `未知的工作事项类型：${row.type}`);
  return t;
}

export async function createWorkItem(
  trx: Kysely<DB>,
  actor: Actor,
  input: CreateWorkItem,
): Promise<WorkItemRow> {
  const item = await trx
    .insertInto('workItems')
    .values({
      type: input.type.type,
      parentId: input.parentId ?? null,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      title: input.title,
      state: input.type.initial,
      ownerOrganisationId: input.ownerOrganisationId ?? null,
      ownerAccountId: input.ownerAccountId ?? null,
      ownerName: input.ownerName ?? null,
      dueOn: input.dueOn ?? null,
      data: JSON.stringify(input.data ?? {}),
      createdBy: actor.accountId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addEvent(trx, actor, item.id, { kind: 'created', toState: item.state, note: input.note ?? null });
  return item;
}

export interface Transition {
  to: string;
  note?: string | null;
  /** The due date in the new state (null clears it; undefined keeps it). */
  dueOn?: string | null;
  /** Version the caller read: a concurrent change makes this a CONFLICT instead of a lost update. */
  expectedVersion?: number;
  data?: Record<string, unknown>;
}

/** Moves an item along its type's state machine; an illegal move is refused with both states named in Chinese. */
export async function transitionWorkItem(
  trx: Kysely<DB>,
  actor: Actor,
  id: string,
  move: Transition,
  now: Date,
): Promise<WorkItemRow> {
  const item = await lockWorkItem(trx, id);
  const type = typeOf(item);
  const allowed = type.transitions[item.state] ?? [];
  if (!allowed.includes(move.to)) {
    const from = type.states[item.state] ?? item.state;
    const to = type.states[move.to] ?? move.to;
    throw new AppError('CONFLICT', `${type.label}当前为"${from}"，不能变为"${to}"`, {
      from: item.state,
      to: move.to,
    });
  }
  if (move.expectedVersion !== undefined && move.expectedVersion !== item.version) {
    throw new AppError('CONFLICT', `${type.label}已被他人修改，请刷新后重试`);
  }
  const closed = type.closedStates.includes(move.to);
  const updated = await trx
    .updateTable('workItems')
    .set({
      state: move.to,
      closed,
      closedAt: closed ? now : null,
      updatedAt: now,
      version: item.version + 1,
      ...(move.dueOn !== undefined ? { dueOn: move.dueOn, escalatedAt: null } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await addEvent(trx, actor, id, {
    kind: 'transition',
    fromState: item.state,
    toState: move.to,
    note: move.note ?? null,
    data: move.data,
  });
  return updated;
}

export interface FollowUp {
  /** The day it happened (business date). */
  occurredOn: string;
  /** 电话、上门、面谈、微信 … */
  way?: string | null;
  note: string;
  data?: Record<string, unknown>;
}

export async function addFollowUp(trx: Kysely<DB>, actor: Actor, id: string, f: FollowUp): Promise<void> {
  const item = await lockWorkItem(trx, id);
  if (item.closed) throw new AppError('CONFLICT', `${typeOf(item).label}已办结，不能再记录跟进`);
  await addEvent(trx, actor, id, {
    kind: 'follow_up',
    occurredOn: f.occurredOn,
    way: f.way ?? null,
    note: f.note,
    data: f.data,
  });
}

export async function assignWorkItem(
  trx: Kysely<DB>,
  actor: Actor,
  id: string,
  owner: { organisationId?: string | null; accountId?: string | null; name?: string | null },
): Promise<void> {
  await lockWorkItem(trx, id);
  await trx
    .updateTable('workItems')
    .set({
      ...(owner.organisationId !== undefined ? { ownerOrganisationId: owner.organisationId } : {}),
      ...(owner.accountId !== undefined ? { ownerAccountId: owner.accountId } : {}),
      ...(owner.name !== undefined ? { ownerName: owner.name } : {}),
    })
    .where('id', '=', id)
    .execute();
  await addEvent(trx, actor, id, { kind: 'assigned', data: { ...owner } });
}

export async function setWorkItemDue(
  trx: Kysely<DB>,
  actor: Actor,
  id: string,
  dueOn: string | null,
  note?: string,
): Promise<void> {
  const item = await lockWorkItem(trx, id);
  await trx.updateTable('workItems').set({ dueOn, escalatedAt: null }).where('id', '=', id).execute();
  await addEvent(trx, actor, id, {
    kind: 'due_changed',
    note: note ?? null,
    data: { from: item.dueOn, to: dueOn },
  });
}

async function lockWorkItem(trx: Kysely<DB>, id: string): Promise<WorkItemRow> {
  const item = await trx
    .selectFrom('workItems')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!item) throw new AppError('NOT_FOUND');
  return item;
}

async function addEvent(
  trx: Kysely<DB>,
  actor: Actor | null,
  workItemId: string,
  e: {
    kind: WorkItemEventRow['kind'];
    fromState?: string | null;
    toState?: string | null;
    occurredOn?: string | null;
    way?: string | null;
    note?: string | null;
    data?: Record<string, unknown> | undefined;
  },
): Promise<void> {
  await trx
    .insertInto('workItemEvents')
    .values({
      workItemId,
      kind: e.kind,
      fromState: e.fromState ?? null,
      toState: e.toState ?? null,
      occurredOn: e.occurredOn ?? null,
      way: e.way ?? null,
      note: e.note ?? null,
      data: JSON.stringify(e.data ?? {}),
      actorId: actor?.accountId ?? null,
      actorUsername: actor?.username ?? null,
    })
    .execute();
}

export async function getWorkItem(
  db: Kysely<DB>,
  id: string,
): Promise<{ item: WorkItemRow; events: WorkItemEventRow[]; children: WorkItemRow[] } | undefined> {
  const item = await db.selectFrom('workItems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!item) return undefined;
  const [events, children] = await Promise.all([
    db
      .selectFrom('workItemEvents')
      .selectAll()
      .where('workItemId', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('workItems')
      .selectAll()
      .where('parentId', '=', id)
      .orderBy('dueOn')
      .orderBy('createdAt')
      .execute(),
  ]);
  return { item, events, children };
}

export interface QueueFilter {
  types?: readonly string[];
  ownerOrganisationId?: string | null;
  ownerAccountId?: string | null;
  subject?: { type: string; id: string };
  /** Only items whose due date is before `today` (business date). */
  overdueOn?: string;
  includeClosed?: boolean;
  limit?: number;
}

/** A queue: open items (or all), earliest due first. */
export async function listWorkItems(db: Kysely<DB>, f: QueueFilter): Promise<WorkItemRow[]> {
  let q = db.selectFrom('workItems').selectAll();
  if (f.types?.length) q = q.where('type', 'in', [...f.types]);
  if (f.ownerOrganisationId !== undefined) {
    q =
      f.ownerOrganisationId === null
        ? q.where('ownerOrganisationId', 'is', null)
        : q.where('ownerOrganisationId', '=', f.ownerOrganisationId);
  }
  if (f.ownerAccountId) q = q.where('ownerAccountId', '=', f.ownerAccountId);
  if (f.subject) q = q.where('subjectType', '=', f.subject.type).where('subjectId', '=', f.subject.id);
  if (!f.includeClosed) q = q.where('closed', '=', false);
  if (f.overdueOn) q = q.where('dueOn', '<', f.overdueOn).where('closed', '=', false);
  return q
    .orderBy('dueOn', (o) => o.asc().nullsLast())
    .orderBy('createdAt')
    .limit(f.limit ?? 200)
    .execute();
}

/** True when the item is open and its due date has passed on `today`. */
export function isOverdue(item: Pick<WorkItemRow, 'closed' | 'dueOn'>, today: string): boolean {
  return !item.closed && item.dueOn !== null && item.dueOn < today;
}

/**
 * The overdue sweep (a job): marks items newly overdue on `today` as escalated (one event each, once) and returns
 * them so the caller can notify their owners. Items already escalated are not escalated again until their due
 * date changes.
 */
export async function escalateOverdue(
  db: Kysely<DB>,
  today: string,
  now: Date,
  types?: readonly string[],
): Promise<WorkItemRow[]> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .updateTable('workItems')
      .set({ escalatedAt: now })
      .where('closed', '=', false)
      .where('dueOn', '<', today)
      .where('escalatedAt', 'is', null);
    if (types?.length) q = q.where('type', 'in', [...types]);
    const rows = await q.returningAll().execute();
    for (const row of rows) {
      await addEvent(trx, null, row.id, {
        kind: 'escalated',
        note: `已超过办理期限（${row.dueOn}）`,
        data: { dueOn: row.dueOn },
      });
    }
    return rows;
  });
}
