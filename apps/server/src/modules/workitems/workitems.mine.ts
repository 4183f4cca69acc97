import type { TMyWorkItem, TMyWorkItemList } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { isOverdue, type WorkItemRow } from './workitems.service.ts';
import { workItemLinks, workItemType } from './workitems.types.ts';

const LIMIT = 50;

/**
 * 我的待办: the open work items of every domain that are mine — owned by my account, or by my organisation with no
 * account named — overdue first, then by due date. The caller's own; there is no parameter naming someone else.
 * Each item links to the page where its domain handles it.
 */
export async function listMyWorkItems(db: Kysely<DB>, actor: Actor, today: string): Promise<TMyWorkItemList> {
  const mine = db
    .selectFrom('workItems')
    .where('closed', '=', false)
    .where((eb) =>
      actor.organisationId
        ? eb.or([
            eb('ownerAccountId', '=', actor.accountId),
            eb.and([eb('ownerOrganisationId', '=', actor.organisationId), eb('ownerAccountId', 'is', null)]),
          ])
        : eb('ownerAccountId', '=', actor.accountId),
    );
  const [rows, overdue] = await Promise.all([
    mine
      .selectAll()
      .orderBy('dueOn', (o) => o.asc().nullsLast())
      .orderBy('createdAt')
      .limit(LIMIT + 1)
      .execute(),
    mine
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('dueOn', '<', today)
      .executeTakeFirstOrThrow(),
  ]);
  const shown = rows.slice(0, LIMIT);
  const pathOf = await resolveLinks(db, shown);
  const items: TMyWorkItem[] = shown.map((r) => {
    const type = workItemType(r.type);
    return {
      id: r.id,
      type: r.type,
      typeLabel: type?.label ?? r.type,
      title: r.title,
      state: r.state,
      stateLabel: (type?.states as Record<string, string> | undefined)?.[r.state] ?? r.state,
      dueOn: r.dueOn,
      overdue: isOverdue(r, today),
      assignedTo: r.ownerAccountId === actor.accountId ? 'me' : 'organisation',
      ownerName: r.ownerName,
      link: pathOf.get(r.id) ?? null,
    };
  });
  return { items, overdue: Number(overdue.n), truncated: rows.length > LIMIT };
}

async function resolveLinks(db: Kysely<DB>, rows: readonly WorkItemRow[]): Promise<Map<string, string>> {
  const byType = new Map<string, WorkItemRow[]>();
  for (const r of rows) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const out = new Map<string, string>();
  for (const [type, items] of byType) {
    const resolve = workItemLinks(type);
    if (!resolve) continue;
    for (const [id, path] of await resolve(db, items)) out.set(id, path);
  }
  return out;
}
