import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import { createTestAccount } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { citizenActor, createAgency, intakeBody, newKey, type TestAgency } from './archives.test-kit.ts';
import { intakeArchive } from './intake.service.ts';
import { unitDirectCandidates } from './transfers.candidates.ts';
import { archivesSweepJobKind, msUntilNextSweep, sweepActor } from './transfers.jobs.ts';
import {
  applyOnline,
  approveTransfer,
  receiveTransfer,
  returnTransfer,
  sendTransfer,
  startTransfer,
  sweepOverdue,
  withdrawTransfer,
} from './transfers.service.ts';
import { sweepTransferTimers, TRANSFER_SUBJECT, transferWorkItemType } from './transfers.workitems.ts';

const send = { method: 'confidential_post' as const, trackingNumber: 'JY20261128101' };

describe('archive transfer timers as work items', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let holder: TestAgency;
  let receiver: TestAgency;
  let now: Date;

  before(async () => {
    t = await buildTestApp();
    db = t.ctx.database.db;
    holder = await createAgency(db, 'public_service', '存档机构（计时测试）');
    receiver = await createAgency(db, 'public_service', '接收机构（计时测试）');
    now = new Date('2026-11-28T02:00:00Z');
  });
  after(async () => {
    await t.app.close();
  });

  async function applied() {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), now);
    assert.ok(r.archiveId);
    return applyOnline(
      db,
      citizenActor(person.id),
      newKey(),
      { toAgencyId: receiver.id, reason: '计时' },
      now,
    );
  }

  const itemOf = (transferId: string) =>
    db
      .selectFrom('workItems')
      .selectAll()
      .where('type', '=', transferWorkItemType.type)
      .where('subjectType', '=', TRANSFER_SUBJECT)
      .where('subjectId', '=', transferId)
      .executeTakeFirstOrThrow();

  it('the work item mirrors the transfer: state, owner agency that must act, due date while waiting to be sent', async () => {
    const a = await applied();
    let item = await itemOf(a.id);
    assert.equal(item.state, 'requested');
    assert.equal(item.ownerOrganisationId, receiver.organisationId, 'the receiver approves');
    assert.equal(item.dueOn, null);

    const approved = await approveTransfer(db, receiver.staff, newKey(), a.id, now);
    item = await itemOf(a.id);
    assert.equal(item.state, 'approved');
    assert.equal(item.ownerOrganisationId, holder.organisationId, 'the holder sends');
    assert.equal(item.dueOn, approved.dueDate);
    assert.equal(approved.dueDate, '2026-12-13', '15 days (archives.transfer.send_days)');

    await sendTransfer(db, holder.staff, newKey(), a.id, send, now);
    item = await itemOf(a.id);
    assert.equal(item.state, 'sent');
    assert.equal(item.ownerOrganisationId, receiver.organisationId, 'the receiver receives');
    assert.equal(item.dueOn, null);

    await returnTransfer(db, receiver.staff, newKey(), a.id, { reason: '缺少学历证明' }, now);
    item = await itemOf(a.id);
    assert.equal(item.state, 'returned');
    assert.equal(item.ownerOrganisationId, holder.organisationId);
    assert.equal(item.dueOn, approved.dueDate);

    await sendTransfer(db, holder.staff, newKey(), a.id, send, now);
    await receiveTransfer(db, receiver.staff, newKey(), a.id, now);
    item = await itemOf(a.id);
    assert.equal(item.state, 'received');
    assert.equal(item.closed, true);

    const events = await db
      .selectFrom('workItemEvents')
      .select(['kind', 'toState'])
      .where('workItemId', '=', item.id)
      .where('kind', 'in', ['created', 'transition'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => e.toState),
      ['requested', 'approved', 'sent', 'returned', 'sent', 'received'],
    );
  });

  it('a withdrawn transfer closes its work item', async () => {
    const a = await applied();
    await withdrawTransfer(db, receiver.staff, newKey(), a.id, now);
    const item = await itemOf(a.id);
    assert.equal(item.state, 'withdrawn');
    assert.equal(item.closed, true);
  });

  it('the sweep escalates an overdue transfer once and notifies the sending agency’s staff', async () => {
    const staff = await createTestAccount(t.ctx, {
      roles: ['archive_officer'],
      organisationId: holder.organisationId ?? undefined,
    });
    const a = await applied();
    await approveTransfer(db, receiver.staff, newKey(), a.id, now);
    const onTime = await sweepTransferTimers(db, sweepActor(), new Date(now.getTime() + 10 * 86_400_000));
    assert.ok(!(await itemOf(a.id)).escalatedAt, 'not overdue yet');
    assert.ok(onTime.newlyAlerted >= 0);

    const later = new Date(now.getTime() + 16 * 86_400_000);
    const first = await sweepOverdue(db, sweepActor(), later);
    assert.ok(first.newlyAlerted >= 1);
    assert.ok(first.overdue >= 1);
    const item = await itemOf(a.id);
    assert.ok(item.escalatedAt);
    const transfer = await db
      .selectFrom('archiveTransfer')
      .select('overdueAlertedAt')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.ok(transfer.overdueAlertedAt);
    const inbox = await db
      .selectFrom('notification')
      .selectAll()
      .where('accountId', '=', staff.id)
      .where('link', '=', `/archives/transfers/${a.id}`)
      .execute();
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0]?.kind, 'archive.transfer');
    assert.match(inbox[0]?.body ?? '', /2026-12-13 前转出/);

    await sweepOverdue(db, sweepActor(), later);
    const again = await db
      .selectFrom('notification')
      .select('id')
      .where('accountId', '=', staff.id)
      .where('link', '=', `/archives/transfers/${a.id}`)
      .execute();
    assert.equal(again.length, 1, 'escalated and notified once');
  });

  it('the sweep creates work items for open transfers that have none (data from before work items)', async () => {
    const a = await applied();
    const item = await itemOf(a.id);
    await db.deleteFrom('workItemEvents').where('workItemId', '=', item.id).execute();
    await db.deleteFrom('workItems').where('id', '=', item.id).execute();
    await sweepTransferTimers(db, sweepActor(), now);
    const rebuilt = await itemOf(a.id);
    assert.equal(rebuilt.state, 'requested');
    assert.equal(rebuilt.ownerOrganisationId, receiver.organisationId);
  });

  it('the daily job is defined and runs the sweep; the schedule is 01:30 Beijing time', async () => {
    const jobId = await t.app.jobs.enqueue(
      archivesSweepJobKind,
      {},
      { createdBy: null, organisationId: null },
    );
    const deadline = Date.now() + 20_000;
    let status = 'queued';
    while (Date.now() < deadline) {
      const job = await db
        .selectFrom('jobs')
        .select(['status'])
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow();
      status = job.status;
      if (status === 'succeeded' || status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 'succeeded');
    assert.equal(msUntilNextSweep(new Date('2026-11-28T17:00:00Z')), 30 * 60_000);
    assert.equal(msUntilNextSweep(new Date('2026-11-28T18:00:00Z')), 23.5 * 3_600_000);
  });

  it('a unit with archive authority sees the people it hired and where their archives are; a unit-direct transfer gets its work item', async () => {
    const unit = await createAgency(db, 'authorised_unit', '授权单位（候选测试）');
    assert.ok(unit.organisationId);
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), now);
    assert.ok(r.archiveId);
    const noArchive = await createPerson(t.ctx);
    await db
      .insertInto('placement')
      .values([
        { personId: person.id, organisationId: unit.organisationId, startDate: '2026-11-01' },
        { personId: noArchive.id, organisationId: unit.organisationId, startDate: '2026-10-01' },
      ])
      .execute();
    const list = await unitDirectCandidates(db, unit.staff);
    assert.equal(list.authorised, true);
    assert.equal(list.candidates.length, 2);
    const mine = list.candidates.find((c) => c.personId === person.id);
    assert.equal(mine?.archive?.id, r.archiveId);
    assert.equal(mine?.archive?.heldHere, false);
    assert.equal(mine?.archive?.openTransfer, null);
    assert.equal(list.candidates.find((c) => c.personId === noArchive.id)?.archive, null);
    assert.match(mine?.idNumberMasked ?? '', /\*/, 'ID numbers only masked');

    const direct = await startTransfer(
      db,
      unit.staff,
      newKey(),
      { kind: 'unit_direct', archiveId: r.archiveId },
      now,
    );
    const item = await itemOf(direct.id);
    assert.equal(item.state, 'approved');
    assert.equal(item.ownerOrganisationId, holder.organisationId, 'the holder must send');
    assert.equal(
      (await unitDirectCandidates(db, unit.staff)).candidates.find((c) => c.personId === person.id)?.archive
        ?.openTransfer,
      'approved',
    );

    const publicAgency = await unitDirectCandidates(db, receiver.staff);
    assert.deepEqual(publicAgency, { authorised: false, candidates: [] });
  });
});
