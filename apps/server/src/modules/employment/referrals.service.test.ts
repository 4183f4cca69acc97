import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ReferralState } from '@qiaoti/contracts';
import { testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import type { Actor } from '../../actor.ts';
import { createPerson, departmentActor, syntheticUscc, testActor } from '../../test/factories.ts';
import { fakeClock } from '../../test/harness.ts';
import { addMonths, type EmploymentDeps } from './employment-common.ts';
import { createPosting, publishPosting } from './postings.service.ts';
import {
  createReferral,
  FOLLOWUP_MONTHS,
  listFollowupsFor,
  recordFollowup,
  referralTransitions,
  retention,
  transitionReferral,
} from './referrals.service.ts';
import { registerSeeker } from './seekers.service.ts';

const VILLAGE = '410122001001';

describe('referrals: state machine, placement follow-ups at 1, 3 and 6 months, retention', () => {
  const clock = fakeClock(new Date('2026-03-10T02:00:00Z'));
  let deps: EmploymentDeps;
  let officer: Actor;
  let employer: Actor;
  let orgId: string;

  before(async () => {
    const database = await getTestDatabase();
    deps = { db: database.db, pii: testPii, clock };
    officer = await departmentActor(database.db, 'hrss', ['employment_officer']);
    const org = await database.db
      .insertInto('organisations')
      .values({ kind: 'employer', name: '回访测试食品厂', uscc: syntheticUscc(), placeCode: VILLAGE })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = org.id;
    employer = testActor({ roles: ['employer'], organisationId: orgId, organisationKind: 'employer' });
  });

  async function publishedPosting(headcount = 10): Promise<string> {
    const p = await createPosting(deps, employer, {
      title: '面点师',
      occupationCode: '4-03-02-02',
      description: '制作包子馒头',
      skills: ['和面'],
      education: null,
      experienceYears: 0,
      wageMinFen: 350000,
      wageMaxFen: 450000,
      workplace: { kind: 'village', code: VILLAGE },
      hours: 'full_time',
      hoursNote: null,
      hoursPerWeek: null,
      headcount,
      contractType: 'fixed_term',
      closingDate: null,
    });
    const r = await publishPosting(deps, employer, p.id, { confirmAgeLimit: false });
    assert.equal(r.result, 'published');
    return p.id;
  }

  async function seeker(): Promise<string> {
    const ctxLike = { database: { db: deps.db }, pii: testPii, clock } as unknown as Parameters<
      typeof createPerson
    >[0];
    const person = await createPerson(ctxLike, { residenceVillageCode: VILLAGE });
    const s = await registerSeeker(deps, officer, {
      personId: person.id,
      occupationsWanted: ['4-03-02-02'],
      skills: ['和面'],
      education: null,
      experienceYears: 1,
      expectedWageFen: 400000,
      acceptablePlaces: [],
      maxCommuteKm: null,
      hoursWanted: [],
      availableFrom: null,
      certificates: [],
      status: 'unemployed',
    });
    return s.id;
  }

  it('allows only the documented moves; final states are final', () => {
    for (const final of ['hired', 'rejected', 'withdrawn'] as ReferralState[]) {
      assert.deepEqual(referralTransitions[final], []);
    }
    assert.ok(referralTransitions.requested.includes('referred'));
    assert.ok(!referralTransitions.referred.includes('requested'));
    assert.ok(!referralTransitions.interview.includes('referred'));
  });

  it('refuses an interview without a time, a skipped step back, and a move by someone else', async () => {
    const postingId = await publishedPosting();
    const r = await createReferral(deps, officer, { seekerId: await seeker(), postingId });
    assert.equal(r.state, 'referred');
    await assert.rejects(
      transitionReferral(deps, officer, r.id, { to: 'interview' }),
      /VALIDATION|提交的内容/,
    );
    const other = testActor({
      roles: ['employer'],
      organisationId: officer.organisationId,
      organisationKind: 'employer',
    });
    await assert.rejects(transitionReferral(deps, other, r.id, { to: 'rejected' }), (e: Error) =>
      e.message.includes('不存在'),
    );
    const rejected = await transitionReferral(deps, employer, r.id, { to: 'rejected', note: '未到场' });
    assert.equal(rejected.state, 'rejected');
    await assert.rejects(
      transitionReferral(deps, officer, r.id, { to: 'interview', interviewAt: '2026-03-12T09:00:00+08:00' }),
      /不能从/,
    );
    // After a rejection the seeker may be referred again.
    const again = await createReferral(deps, officer, {
      seekerId: (await seekerOf(r.seeker.id)) ?? '',
      postingId,
    });
    assert.equal(again.state, 'referred');
  });

  async function seekerOf(id: string): Promise<string | undefined> {
    return (await deps.db.selectFrom('jobSeeker').select('id').where('id', '=', id).executeTakeFirst())?.id;
  }

  it('schedules follow-ups at 1, 3 and 6 calendar months after the start (month ends clamp)', () => {
    assert.deepEqual(
      FOLLOWUP_MONTHS.map((m) => addMonths('2026-01-31', m)),
      ['2026-02-28', '2026-04-30', '2026-07-31'],
    );
    assert.equal(addMonths('2026-11-15', 3), '2027-02-15');
  });

  it('records follow-ups only when due, once; "left" ends the placement; retention is the share still employed', async () => {
    const postingId = await publishedPosting();
    const placed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await createReferral(deps, officer, { seekerId: await seeker(), postingId });
      const h = await transitionReferral(deps, employer, r.id, { to: 'hired', startDate: '2026-03-10' });
      assert.ok(h.placementId);
      placed.push(h.placementId ?? '');
    }
    const rows = await deps.db
      .selectFrom('placementFollowup')
      .select(['id', 'placementId', 'dueMonth', 'dueDate'])
      .where('placementId', 'in', placed)
      .execute();
    assert.equal(rows.length, 12);
    const first = rows.filter((r) => r.dueMonth === 1);
    assert.ok(first.every((r) => r.dueDate === '2026-04-10'));

    // Too early: a month has not passed.
    const f0 = first[0];
    assert.ok(f0);
    await assert.rejects(
      recordFollowup(deps, officer, f0.id, { result: 'employed', checkedOn: '2026-03-10' }),
    );

    clock.set(new Date('2026-04-11T02:00:00Z'));
    const due = await listFollowupsFor(deps, officer, { filter: 'due' });
    assert.ok(
      first.every((f) => due.items.some((d) => d.id === f.id)),
      'the 1-month follow-ups are due',
    );
    const results = ['employed', 'employed', 'employed', 'left'] as const;
    for (const [i, f] of first.entries()) {
      const r = results[i] ?? 'employed';
      await recordFollowup(deps, officer, f.id, {
        result: r,
        checkedOn: '2026-04-11',
        ...(r === 'left' ? { endDate: '2026-04-05' } : {}),
      });
    }
    await assert.rejects(
      recordFollowup(deps, officer, f0.id, { result: 'left', checkedOn: '2026-04-11' }),
      /已记录/,
    );

    const ended = await deps.db
      .selectFrom('placement')
      .select(['endDate'])
      .where('id', 'in', placed)
      .where('endDate', 'is not', null)
      .execute();
    assert.deepEqual(
      ended.map((e) => e.endDate),
      ['2026-04-05'],
    );

    const ret = await retention(deps, employer);
    const one = ret.marks.find((m) => m.month === 1);
    assert.equal(ret.placements, 4);
    assert.deepEqual(one, { month: 1, due: 4, checked: 4, employed: 3, share: 0.75 });
    assert.equal(ret.marks.find((m) => m.month === 3)?.share, null);
    clock.set(new Date('2026-03-10T02:00:00Z'));
  });
});
