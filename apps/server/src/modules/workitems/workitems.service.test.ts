import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { DB } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { isAppError } from '../../errors.ts';
import { departmentActor } from '../../test/factories.ts';
import {
  addFollowUp,
  createWorkItem,
  escalateOverdue,
  getWorkItem,
  isOverdue,
  listWorkItems,
  transitionWorkItem,
} from './workitems.service.ts';
import { defineWorkItemType, genericTask, type WorkItemType } from './workitems.types.ts';

const review = defineWorkItemType({
  type: 'test.review',
  label: '测试审核',
  initial: 'requested',
  states: { requested: '已申请', approved: '已批准', rejected: '已驳回' },
  transitions: { requested: ['approved', 'rejected'] },
  closedStates: ['rejected'],
});

describe('work items: state machine, follow-ups, queues, overdue', () => {
  let db: Kysely<DB>;
  let actor: Actor;
  const now = new Date('2026-11-28T02:00:00Z');
  const conflict = (e: unknown) => isAppError(e) && e.code === 'CONFLICT';

  before(async () => {
    db = (await getTestDatabase()).db;
    actor = await departmentActor(db, 'hrss', ['employment_officer']);
  });

  const create = (
    type: WorkItemType = review,
    dueOn: string | null = '2026-12-01',
    subjectId = randomUUID(),
  ) =>
    db.transaction().execute((trx) =>
      createWorkItem(trx, actor, {
        type,
        subject: { type: 'person', id: subjectId },
        title: '测试事项',
        ownerOrganisationId: actor.organisationId,
        dueOn,
      }),
    );

  it('starts in the initial state, moves only along declared transitions and keeps the timeline', async () => {
    const item = await create();
    assert.equal(item.state, 'requested');
    await assert.rejects(
      db.transaction().execute((trx) => transitionWorkItem(trx, actor, item.id, { to: 'requested' }, now)),
      (e) => conflict(e) && /不能变为"已申请"/.test((e as Error).message),
    );
    const approved = await db
      .transaction()
      .execute((trx) => transitionWorkItem(trx, actor, item.id, { to: 'approved', note: '材料齐全' }, now));
    assert.equal(approved.state, 'approved');
    assert.equal(approved.closed, false);
    await assert.rejects(
      db.transaction().execute((trx) => transitionWorkItem(trx, actor, item.id, { to: 'rejected' }, now)),
      conflict,
    );
    const full = await getWorkItem(db, item.id);
    assert.deepEqual(
      full?.events.map((e) => [e.kind, e.fromState, e.toState, e.note]),
      [
        ['created', null, 'requested', null],
        ['transition', 'requested', 'approved', '材料齐全'],
      ],
    );
  });

  it('refuses a stale version instead of losing an update', async () => {
    const item = await create();
    await assert.rejects(
      db
        .transaction()
        .execute((trx) =>
          transitionWorkItem(trx, actor, item.id, { to: 'approved', expectedVersion: 99 }, now),
        ),
      (e) => conflict(e) && /已被他人修改/.test((e as Error).message),
    );
  });

  it('records follow-ups while open and refuses them once closed', async () => {
    const item = await create(genericTask);
    await db
      .transaction()
      .execute((trx) =>
        addFollowUp(trx, actor, item.id, { occurredOn: '2026-11-27', way: '电话', note: '已联系本人' }),
      );
    await db.transaction().execute((trx) => transitionWorkItem(trx, actor, item.id, { to: 'done' }, now));
    const done = await getWorkItem(db, item.id);
    assert.equal(done?.item.closed, true);
    assert.equal(done?.events.find((e) => e.kind === 'follow_up')?.way, '电话');
    await assert.rejects(
      db
        .transaction()
        .execute((trx) => addFollowUp(trx, actor, item.id, { occurredOn: '2026-11-28', note: 'x' })),
      (e) => conflict(e) && /已办结/.test((e as Error).message),
    );
  });

  it('lists a subject’s open items, earliest due first; closed ones only on request', async () => {
    const subjectId = randomUUID();
    const late = await create(genericTask, '2026-12-20', subjectId);
    const early = await create(genericTask, '2026-12-02', subjectId);
    const closed = await create(genericTask, '2026-12-01', subjectId);
    await db
      .transaction()
      .execute((trx) => transitionWorkItem(trx, actor, closed.id, { to: 'cancelled' }, now));
    const open = await listWorkItems(db, { subject: { type: 'person', id: subjectId } });
    assert.deepEqual(
      open.map((i) => i.id),
      [early.id, late.id],
    );
    const all = await listWorkItems(db, { subject: { type: 'person', id: subjectId }, includeClosed: true });
    assert.equal(all.length, 3);
  });

  it('escalates an overdue item once, and never a closed one', async () => {
    const overdue = await create(review, '2026-11-20');
    const closedLate = await create(genericTask, '2026-11-20');
    await db
      .transaction()
      .execute((trx) => transitionWorkItem(trx, actor, closedLate.id, { to: 'done' }, now));
    assert.equal(isOverdue(overdue, '2026-11-28'), true);
    const first = await escalateOverdue(db, '2026-11-28', now, ['test.review', 'task']);
    assert.ok(first.some((i) => i.id === overdue.id));
    assert.ok(!first.some((i) => i.id === closedLate.id));
    const second = await escalateOverdue(db, '2026-11-28', now, ['test.review', 'task']);
    assert.ok(!second.some((i) => i.id === overdue.id));
    const events = (await getWorkItem(db, overdue.id))?.events.filter((e) => e.kind === 'escalated');
    assert.equal(events?.length, 1);
  });
});
