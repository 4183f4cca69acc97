import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TTransferState } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { getArchive, getMyArchive } from './archives.service.ts';
import { citizenActor, createAgency, intakeBody, newKey, type TestAgency } from './archives.test-kit.ts';
import { intakeArchive } from './intake.service.ts';
import { canTransition, transferTransitions } from './transfers.machine.ts';
import {
  applyOnline,
  approveTransfer,
  getQueue,
  getTransfer,
  receiveTransfer,
  returnTransfer,
  sendTransfer,
  startTransfer,
  sweepOverdue,
  withdrawTransfer,
} from './transfers.service.ts';

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;
const send = { method: 'confidential_post' as const, trackingNumber: 'JY20261128001' };

describe('archive transfers', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let holder: TestAgency;
  let receiver: TestAgency;
  let other: TestAgency;
  let outside: TestAgency;
  let now: Date;

  before(async () => {
    t = await buildTestApp();
    db = t.ctx.database.db;
    holder = await createAgency(db, 'public_service', '中牟县人才交流中心（测试）');
    receiver = await createAgency(db, 'public_service', '中牟县公共就业服务中心（测试）');
    other = await createAgency(db, 'public_service', '无关机构（测试）');
    outside = await createAgency(db, 'external');
    now = new Date('2026-11-28T02:00:00Z');
  });
  after(async () => {
    await t.app.close();
  });

  async function heldArchive(): Promise<{ personId: string; archiveId: string }> {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), now);
    assert.ok(r.archiveId);
    return { personId: person.id, archiveId: r.archiveId };
  }

  async function custodyOf(archiveId: string) {
    const a = await db
      .selectFrom('archive')
      .selectAll()
      .where('id', '=', archiveId)
      .executeTakeFirstOrThrow();
    const chain = await db
      .selectFrom('archiveCustody')
      .selectAll()
      .where('archiveId', '=', archiveId)
      .orderBy('seq')
      .execute();
    return { custodian: a.custodianAgencyId, seq: a.custodySeq, chain };
  }

  it('online application → 调档函 → sent → 回执: custody moves at receipt with its history row', async () => {
    const { personId, archiveId } = await heldArchive();
    const me = citizenActor(personId);
    const applied = await applyOnline(db, me, newKey(), { toAgencyId: receiver.id, reason: '工作调动' }, now);
    assert.equal(applied.state, 'requested');
    assert.equal(applied.kind, 'online_application');
    assert.equal(applied.direction, 'internal');

    const queued = await getQueue(db, receiver.staff, 'to_approve', now);
    assert.ok(
      queued.transfers.some((x) => x.id === applied.id),
      'in the receiver’s 待开具调档函 queue',
    );
    assert.ok(
      !(await getQueue(db, other.staff, 'to_approve', now)).transfers.some((x) => x.id === applied.id),
    );

    const approved = await approveTransfer(db, receiver.staff, newKey(), applied.id, now);
    assert.equal(approved.state, 'approved');
    assert.match(approved.letterNumber ?? '', /^中人档调〔2026〕/);
    assert.equal(approved.dueDate, '2026-12-13', '15 days (archives.transfer.send_days)');
    const decision = await db
      .selectFrom('decisions')
      .select(['ruleId', 'outcome'])
      .where('subjectId', '=', applied.id)
      .executeTakeFirstOrThrow();
    assert.equal(decision.ruleId, 'archives.transfer.send_days');
    assert.equal(decision.outcome, 15);

    assert.ok((await getQueue(db, holder.staff, 'to_send', now)).transfers.some((x) => x.id === applied.id));
    const sent = await sendTransfer(db, holder.staff, newKey(), applied.id, send, now);
    assert.equal(sent.state, 'sent');
    assert.equal(
      (await custodyOf(archiveId)).custodian,
      holder.id,
      'custody stays with the holder while in transit',
    );

    assert.ok(
      (await getQueue(db, receiver.staff, 'to_receive', now)).transfers.some((x) => x.id === applied.id),
    );
    const received = await receiveTransfer(db, receiver.staff, newKey(), applied.id, now);
    assert.equal(received.state, 'received');
    assert.deepEqual(
      received.events.map((e) => e.toState),
      ['requested', 'approved', 'sent', 'received'],
    );
    const c = await custodyOf(archiveId);
    assert.equal(c.custodian, receiver.id);
    assert.equal(c.chain.length, 2);
    assert.equal(c.chain.at(-1)?.toAgencyId, receiver.id);
    assert.equal(c.chain.at(-1)?.transferId, applied.id);

    const mine = await getMyArchive(db, me, now);
    assert.equal(mine.archive?.custodian.id, receiver.id);
    assert.equal(mine.archive?.transfers.length, 1);
    assert.equal(mine.archive?.catalogue.length, 10);
    assert.equal(mine.archive?.catalogue.find((x) => x.class === 4)?.items, 2);
  });

  it('returned for completion, then sent again and received', async () => {
    const { personId, archiveId } = await heldArchive();
    const a = await applyOnline(
      db,
      citizenActor(personId),
      newKey(),
      { toAgencyId: receiver.id, reason: '就业' },
      now,
    );
    await approveTransfer(db, receiver.staff, newKey(), a.id, now);
    await sendTransfer(db, holder.staff, newKey(), a.id, send, now);
    const returned = await returnTransfer(
      db,
      receiver.staff,
      newKey(),
      a.id,
      { reason: '缺少学籍材料' },
      now,
    );
    assert.equal(returned.state, 'returned');
    assert.equal(returned.returnReason, '缺少学籍材料');
    assert.equal((await custodyOf(archiveId)).custodian, holder.id);
    await sendTransfer(
      db,
      holder.staff,
      newKey(),
      a.id,
      { method: 'staff_courier', trackingNumber: 'ZR-0002' },
      now,
    );
    await receiveTransfer(db, receiver.staff, newKey(), a.id, now);
    assert.equal((await custodyOf(archiveId)).custodian, receiver.id);
  });

  it('refuses every illegal move of the state machine', async () => {
    const states: TTransferState[] = ['requested', 'approved', 'sent', 'received', 'returned', 'withdrawn'];
    const illegal: [TTransferState, TTransferState][] = [];
    for (const from of states)
      for (const to of states) if (!canTransition(from, to)) illegal.push([from, to]);
    assert.equal(illegal.length, 36 - Object.values(transferTransitions).flat().length);

    // Each step attempted from each state where it is illegal, through the services.
    const steps = {
      approved: (id: string) => approveTransfer(db, receiver.staff, newKey(), id, now),
      sent: (id: string) => sendTransfer(db, holder.staff, newKey(), id, send, now),
      received: (id: string) => receiveTransfer(db, receiver.staff, newKey(), id, now),
      returned: (id: string) => returnTransfer(db, receiver.staff, newKey(), id, { reason: '补充' }, now),
      withdrawn: (id: string) => withdrawTransfer(db, receiver.staff, newKey(), id, now),
    } as const;
    const reach = async (state: TTransferState): Promise<string> => {
      const { personId } = await heldArchive();
      const a = await applyOnline(
        db,
        citizenActor(personId),
        newKey(),
        { toAgencyId: receiver.id, reason: '测试' },
        now,
      );
      const path: Record<TTransferState, (keyof typeof steps)[]> = {
        requested: [],
        approved: ['approved'],
        sent: ['approved', 'sent'],
        received: ['approved', 'sent', 'received'],
        returned: ['approved', 'sent', 'returned'],
        withdrawn: ['withdrawn'],
      };
      for (const s of path[state]) await steps[s](a.id);
      return a.id;
    };
    for (const from of states) {
      const id = await reach(from);
      for (const to of Object.keys(steps) as (keyof typeof steps)[]) {
        if (canTransition(from, to)) continue;
        await assert.rejects(steps[to](id), isCode('CONFLICT'), `${from} → ${to} must be refused`);
      }
    }
  });

  it('only the right party acts: the holder sends, the receiver approves and receives; others see nothing', async () => {
    const { personId } = await heldArchive();
    const a = await applyOnline(
      db,
      citizenActor(personId),
      newKey(),
      { toAgencyId: receiver.id, reason: '测试' },
      now,
    );
    await assert.rejects(approveTransfer(db, holder.staff, newKey(), a.id, now), isCode('FORBIDDEN'));
    await assert.rejects(approveTransfer(db, other.staff, newKey(), a.id, now), isCode('NOT_FOUND'));
    await approveTransfer(db, receiver.staff, newKey(), a.id, now);
    await assert.rejects(sendTransfer(db, receiver.staff, newKey(), a.id, send, now), isCode('FORBIDDEN'));
    await sendTransfer(db, holder.staff, newKey(), a.id, send, now);
    await assert.rejects(receiveTransfer(db, holder.staff, newKey(), a.id, now), isCode('FORBIDDEN'));
    await assert.rejects(getTransfer(db, other.staff, a.id, now), isCode('NOT_FOUND'));
    const stranger = await createPerson(t.ctx);
    await assert.rejects(getTransfer(db, citizenActor(stranger.id), a.id, now), isCode('NOT_FOUND'));
    assert.equal((await getTransfer(db, citizenActor(personId), a.id, now)).id, a.id);
  });

  it('an agency reads only archives it holds or is party to; a citizen only their own', async () => {
    const { personId, archiveId } = await heldArchive();
    assert.equal((await getArchive(db, holder.staff, archiveId, now)).id, archiveId);
    await assert.rejects(getArchive(db, other.staff, archiveId, now), isCode('NOT_FOUND'));
    const stranger = await createPerson(t.ctx);
    assert.equal((await getMyArchive(db, citizenActor(stranger.id), now)).archive, null);
    assert.equal((await getMyArchive(db, citizenActor(personId), now)).archive?.id, archiveId);
  });

  it('a retried step with the same key has one effect (one event, one custody row)', async () => {
    const { personId, archiveId } = await heldArchive();
    const a = await applyOnline(
      db,
      citizenActor(personId),
      newKey(),
      { toAgencyId: receiver.id, reason: '测试' },
      now,
    );
    await approveTransfer(db, receiver.staff, newKey(), a.id, now);
    await sendTransfer(db, holder.staff, newKey(), a.id, send, now);
    const key = newKey();
    const first = await receiveTransfer(db, receiver.staff, key, a.id, now);
    const again = await receiveTransfer(db, receiver.staff, key, a.id, now);
    assert.deepEqual(again, first);
    assert.equal((await custodyOf(archiveId)).chain.length, 2);
    const events = await db
      .selectFrom('archiveTransferEvent')
      .select('toState')
      .where('transferId', '=', a.id)
      .execute();
    assert.equal(events.filter((e) => e.toState === 'received').length, 1);
  });

  it('one custodian under concurrent transfers: racing starts and racing receipts have one winner', async () => {
    const { personId, archiveId } = await heldArchive();
    const me = citizenActor(personId);
    const starts = await Promise.allSettled(
      [receiver, other].map((to) =>
        applyOnline(db, me, newKey(), { toAgencyId: to.id, reason: '并发' }, now),
      ),
    );
    const won = starts.filter((s) => s.status === 'fulfilled');
    assert.equal(won.length, 1, 'one open transfer per archive');
    const transfer = won[0]?.status === 'fulfilled' ? won[0].value : undefined;
    assert.ok(transfer);
    const to = transfer.to.id === receiver.id ? receiver : other;
    await approveTransfer(db, to.staff, newKey(), transfer.id, now);
    await sendTransfer(db, holder.staff, newKey(), transfer.id, send, now);
    const receipts = await Promise.allSettled(
      Array.from({ length: 5 }, () => receiveTransfer(db, to.staff, newKey(), transfer.id, now)),
    );
    assert.equal(receipts.filter((r) => r.status === 'fulfilled').length, 1);
    const c = await custodyOf(archiveId);
    assert.equal(c.chain.length, 2);
    assert.equal(c.custodian, to.id);
    assert.equal(c.chain.at(-1)?.toAgencyId, c.custodian);
  });

  it('a unit with archive authority transfers directly after 入职 — and not without it', async () => {
    const unit = await createAgency(db, 'authorised_unit', '郑州某授权企业（测试）');
    const { archiveId, personId } = await heldArchive();
    await assert.rejects(
      startTransfer(db, unit.staff, newKey(), { kind: 'unit_direct', archiveId }, now),
      isCode('VALIDATION_FAILED'),
    );
    assert.ok(unit.organisationId);
    await db
      .insertInto('placement')
      .values({ personId, organisationId: unit.organisationId, startDate: '2026-11-01' })
      .execute();
    const direct = await startTransfer(db, unit.staff, newKey(), { kind: 'unit_direct', archiveId }, now);
    assert.equal(direct.state, 'approved');
    assert.ok(direct.letterNumber);
    await sendTransfer(db, holder.staff, newKey(), direct.id, send, now);
    await receiveTransfer(db, unit.staff, newKey(), direct.id, now);
    assert.equal((await custodyOf(archiveId)).custodian, unit.id);
    // a public agency may not use the unit-direct path
    const again = await heldArchive();
    await assert.rejects(
      startTransfer(db, receiver.staff, newKey(), { kind: 'unit_direct', archiveId: again.archiveId }, now),
      isCode('FORBIDDEN'),
    );
  });

  it('跨省通办 inbound: a record of the archive outside, our 调档函, receipt moves custody into the county', async () => {
    const person = await createPerson(t.ctx);
    const inbound = await startTransfer(
      db,
      receiver.staff,
      newKey(),
      { kind: 'cross_region', direction: 'inbound', personId: person.id, counterpartAgencyId: outside.id },
      now,
    );
    assert.equal(inbound.direction, 'inbound');
    assert.equal(inbound.state, 'approved');
    // the agency outside is not on the platform: the receiver records its dispatch and then receives
    await sendTransfer(db, receiver.staff, newKey(), inbound.id, send, now);
    await receiveTransfer(db, receiver.staff, newKey(), inbound.id, now);
    const c = await custodyOf(inbound.archiveId);
    assert.deepEqual(
      c.chain.map((x) => [x.reason, x.toAgencyId]),
      [
        ['record', outside.id],
        ['transfer', receiver.id],
      ],
    );
  });

  it('跨省通办 outbound: the letter from outside is recorded, the holder sends and records the 回执', async () => {
    const { archiveId } = await heldArchive();
    const out = await startTransfer(
      db,
      holder.staff,
      newKey(),
      {
        kind: 'cross_region',
        direction: 'outbound',
        archiveId,
        counterpartAgencyId: outside.id,
        letterNumber: '粤人档调〔2026〕88号',
      },
      now,
    );
    assert.equal(out.letterNumber, '粤人档调〔2026〕88号');
    await sendTransfer(db, holder.staff, newKey(), out.id, send, now);
    await receiveTransfer(db, holder.staff, newKey(), out.id, now);
    assert.equal((await custodyOf(archiveId)).custodian, outside.id);
  });

  it('overdue: not sent within the due date → in the 已超期 queue; the sweep alerts once', async () => {
    const { personId } = await heldArchive();
    const a = await applyOnline(
      db,
      citizenActor(personId),
      newKey(),
      { toAgencyId: receiver.id, reason: '超期' },
      now,
    );
    await approveTransfer(db, receiver.staff, newKey(), a.id, now);
    const later = new Date(now.getTime() + 16 * 86_400_000);
    const overdue = await getQueue(db, holder.staff, 'overdue', later);
    const mine = overdue.transfers.find((x) => x.id === a.id);
    assert.ok(mine?.overdue);
    const first = await sweepOverdue(db, holder.staff, later);
    assert.ok(first.newlyAlerted >= 1);
    const second = await sweepOverdue(db, holder.staff, later);
    assert.equal(second.newlyAlerted, 0);
    assert.ok(!(await getQueue(db, holder.staff, 'overdue', now)).transfers.some((x) => x.id === a.id));
  });
});
