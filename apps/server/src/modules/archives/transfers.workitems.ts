import { type TTransferState, transferStateLabels } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import {
  assignWorkItem,
  createWorkItem,
  escalateOverdue,
  setWorkItemDue,
  transitionWorkItem,
  type WorkItemRow,
} from '../workitems/workitems.service.ts';
import { defineWorkItemLinks, defineWorkItemType } from '../workitems/workitems.types.ts';
import { type AgencyRow, findAgencies } from './agencies.repository.ts';
import { shanghaiDay } from './archives.decisions.ts';
import { openTransferStates, transferTransitions } from './transfers.machine.ts';

/**
 * Each archive transfer is a work item (DESIGN §4b): its states mirror the transfer's, its owner is the agency that
 * must act next (the receiver approves and receives, the holder sends — the in-county party when the other is
 * outside the county), and while the transfer waits to be sent its due date is the sending deadline. The item is
 * kept in step with the transfer in the same transaction (`syncTransferWorkItem`); the overdue sweep escalates it
 * once and notifies the owning agency's staff.
 */
export const transferWorkItemType = defineWorkItemType<TTransferState>({
  type: 'archives.transfer',
  label: '档案转递',
  initial: 'requested',
  states: transferStateLabels,
  transitions: transferTransitions,
  closedStates: ['received', 'withdrawn'],
});

/** A transfer is handled on its own page (我的待办 links there). */
defineWorkItemLinks(transferWorkItemType.type, async (_db, items) => {
  return new Map(items.map((i) => [i.id, `/archives/transfers/${i.subjectId}`]));
});

export const TRANSFER_SUBJECT = 'archive_transfer';

/** States in which the transfer waits to be sent and its sending deadline runs. */
const sendingStates: readonly TTransferState[] = ['approved', 'returned'];

/** The agency that must act next in a state (null when the transfer is finished). */
export function ownerAgencyOf(state: TTransferState, from: AgencyRow, to: AgencyRow): AgencyRow | null {
  switch (state) {
    case 'requested':
    case 'sent':
      return to.inCounty ? to : from;
    case 'approved':
    case 'returned':
      return from.inCounty ? from : to;
    case 'received':
    case 'withdrawn':
      return null;
  }
}

/** The shortest path of transfer moves from one state to another (for items created after the fact). */
function pathBetween(from: TTransferState, to: TTransferState): TTransferState[] {
  const seen = new Map<TTransferState, TTransferState[]>([[from, []]]);
  const queue: TTransferState[] = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    const path = seen.get(s) ?? [];
    if (s === to) return path;
    for (const next of transferTransitions[s]) {
      if (!seen.has(next)) {
        seen.set(next, [...path, next]);
        queue.push(next);
      }
    }
  }
  throw new AppError('INTERNAL', `转递状态无法从 ${from} 到 ${to}`);
}

async function findItem(trx: Kysely<DB>, transferId: string): Promise<WorkItemRow | undefined> {
  return trx
    .selectFrom('workItems')
    .selectAll()
    .where('type', '=', transferWorkItemType.type)
    .where('subjectType', '=', TRANSFER_SUBJECT)
    .where('subjectId', '=', transferId)
    .executeTakeFirst();
}

/**
 * Brings the transfer's work item in step with the transfer (creating it if missing): state, owner agency, due date.
 * Call inside the transaction that changed the transfer, after the change.
 */
export async function syncTransferWorkItem(
  trx: Kysely<DB>,
  actor: Actor,
  transferId: string,
  now: Date,
  note?: string | null,
): Promise<WorkItemRow> {
  const t = await trx
    .selectFrom('archiveTransfer as t')
    .innerJoin('archive as a', 'a.id', 't.archiveId')
    .select(['t.id', 't.state', 't.dueDate', 't.fromAgencyId', 't.toAgencyId', 'a.archiveNumber'])
    .where('t.id', '=', transferId)
    .executeTakeFirst();
  if (!t) throw new AppError('NOT_FOUND');
  const agencies = new Map((await findAgencies(trx, [t.fromAgencyId, t.toAgencyId])).map((a) => [a.id, a]));
  const from = agencies.get(t.fromAgencyId);
  const to = agencies.get(t.toAgencyId);
  if (!from || !to) throw new AppError('INTERNAL', '转递记录的档案机构缺失');
  const owner = ownerAgencyOf(t.state, from, to);
  const dueOn = sendingStates.includes(t.state) ? t.dueDate : null;

  let item = await findItem(trx, t.id);
  if (!item) {
    item = await createWorkItem(trx, actor, {
      type: transferWorkItemType,
      subject: { type: TRANSFER_SUBJECT, id: t.id },
      title: `档案转递 ${t.archiveNumber}：${from.name} → ${to.name}`,
      ...(owner ? { ownerOrganisationId: owner.organisationId, ownerName: owner.name } : {}),
      data: { archiveNumber: t.archiveNumber, fromAgencyId: from.id, toAgencyId: to.id },
    });
  }
  if (item.state !== t.state) {
    const path = pathBetween(item.state as TTransferState, t.state);
    for (const [i, step] of path.entries()) {
      const last = i === path.length - 1;
      item = await transitionWorkItem(
        trx,
        actor,
        item.id,
        { to: step, ...(last ? { dueOn, note: note ?? null } : {}) },
        now,
      );
    }
  } else if (item.dueOn !== dueOn) {
    await setWorkItemDue(trx, actor, item.id, dueOn, '转出期限');
  }
  if (owner && (item.ownerOrganisationId !== owner.organisationId || item.ownerName !== owner.name)) {
    await assignWorkItem(trx, actor, item.id, { organisationId: owner.organisationId, name: owner.name });
  }
  const current = await findItem(trx, t.id);
  if (!current) throw new AppError('INTERNAL', '转递工作事项缺失');
  return current;
}

/**
 * Overdue sweep (daily job, CLI `archives sweep`, route `POST /api/archives/sweeps/overdue`): open transfers without a
 * work item get one (data from before work items), transfer items past their sending deadline are escalated once
 * (`escalateOverdue`), and each newly escalated transfer notifies the owning agency's staff and is marked alerted.
 * Returns how many transfers are overdue today and how many were newly alerted.
 */
export async function sweepTransferTimers(
  db: Kysely<DB>,
  actor: Actor,
  now: Date,
): Promise<{ overdue: number; newlyAlerted: number }> {
  const today = shanghaiDay(now);
  await db.transaction().execute(async (trx) => {
    const missing = await trx
      .selectFrom('archiveTransfer as t')
      .leftJoin('workItems as w', (j) =>
        j
          .on(sql<boolean>`w.subject_id = t.id::text`)
          .on('w.subjectType', '=', TRANSFER_SUBJECT)
          .on('w.type', '=', transferWorkItemType.type),
      )
      .select('t.id')
      .where('t.state', 'in', [...openTransferStates])
      .where('w.id', 'is', null)
      .execute();
    for (const m of missing) await syncTransferWorkItem(trx, actor, m.id, now, '补建工作事项');
  });
  const escalated = await escalateOverdue(db, today, now, [transferWorkItemType.type]);
  const ids = escalated.filter((w) => w.subjectType === TRANSFER_SUBJECT).map((w) => w.subjectId);
  return db.transaction().execute(async (trx) => {
    if (ids.length > 0) {
      const transfers = await trx
        .selectFrom('archiveTransfer as t')
        .innerJoin('archive as a', 'a.id', 't.archiveId')
        .select(['t.id', 't.letterNumber', 't.dueDate', 'a.archiveNumber'])
        .where('t.id', 'in', ids)
        .execute();
      const byId = new Map(transfers.map((x) => [x.id, x]));
      for (const w of escalated) {
        const x = byId.get(w.subjectId);
        if (!x || !w.ownerOrganisationId) continue;
        await notify(trx, {
          organisationId: w.ownerOrganisationId,
          kind: 'archive.transfer',
          title: '档案转递已超期未转出',
          body: `档案 ${x.archiveNumber}${x.letterNumber ? `（调档函 ${x.letterNumber}）` : ''}应于 ${x.dueDate ?? w.dueOn ?? ''} 前转出，现已超期，请尽快办理。`,
          link: `/archives/transfers/${x.id}`,
          at: now,
        });
      }
      await trx
        .updateTable('archiveTransfer')
        .set({ overdueAlertedAt: now })
        .where('id', 'in', ids)
        .where('overdueAlertedAt', 'is', null)
        .execute();
      await recordAudit(trx, actor, {
        event: 'archive.transfer',
        objectType: 'archive_transfer',
        objectId: null,
        details: { step: 'overdue_alert', transfers: ids },
        at: now,
      });
    }
    const overdue = await trx
      .selectFrom('archiveTransfer')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('state', 'in', [...sendingStates])
      .where('dueDate', '<', today)
      .executeTakeFirstOrThrow();
    return { overdue: Number(overdue.n), newlyAlerted: ids.length };
  });
}
