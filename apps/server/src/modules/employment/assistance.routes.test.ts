import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  TAssistanceCase,
  TCandidateList,
  THouseholdRecheck,
  TIdentification,
  TZeroDashboard,
} from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, fakeClock, type TestApp } from '../../test/harness.ts';

/**
 * 就业援助 end to end through the API: 零就业家庭 entry → identification (stored decision) → case with plan steps
 * and follow-ups → closure refused before the configured months → closed after; the household leaves the live
 * list when a member is employed. Identification boundaries on the months of unemployment.
 */

const URBAN_VILLAGE = '410122001001'; // 青年路街道管道三公司居委会 (urban)

describe('employment assistance API', () => {
  let t: TestApp;
  let staff: TestSession;
  let otherTownship: TestSession;
  let staffAccount: Awaited<ReturnType<typeof createTestAccount>>;

  const db = () => t.ctx.database.db;
  const post = (s: TestSession, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload });
  const get = (s: TestSession, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  async function unemployedSince(personId: string, validFrom: string) {
    await db()
      .insertInto('personFacts')
      .values({
        personId,
        fact: 'employment_status',
        value: JSON.stringify('unemployed'),
        validFrom,
        source: 'test',
      })
      .execute();
  }

  async function household(members: string[]): Promise<string> {
    const h = await db()
      .insertInto('households')
      .values({ villageCode: URBAN_VILLAGE, headPersonId: members[0] ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('householdMembers')
      .values(
        members.map((personId, i) => ({
          householdId: h.id,
          personId,
          relation: i === 0 ? 'head' : 'spouse',
          fromDate: '2020-01-01',
        })),
      )
      .execute();
    return h.id;
  }

  async function employer(): Promise<string> {
    const org = await db()
      .insertInto('organisations')
      .values({ kind: 'employer', name: `测试用人单位${Math.random().toString(36).slice(2, 8)}`, duties: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    return org.id;
  }

  before(async () => {
    t = await buildTestApp({ clock: fakeClock(new Date('2026-11-28T02:00:00Z')) });
    staffAccount = await createTestAccount(t.ctx, {
      roles: ['employment_officer'],
      organisationCode: 'hrss',
    });
    staff = await loginAs(t, staffAccount);
    otherTownship = await loginAs(
      t,
      await createTestAccount(t.ctx, {
        roles: ['village_worker'],
        organisationCode: 'town-410122101',
        villageCode: '410122101205',
      }),
    );
  });
  after(async () => {
    await t.app.close();
  });

  it('identifies long-term unemployment at the boundary: 5 months no, 6 months yes, 7 months yes', async () => {
    const ids: Record<string, string> = {};
    for (const [label, since] of [
      ['below', '2026-06-29'],
      ['at', '2026-05-28'],
      ['above', '2026-04-28'],
    ] as const) {
      const p = await createPerson(t.ctx, {
        birthDate: '1995-03-01',
        gender: 'M',
        residenceVillageCode: '410122001201',
      });
      await unemployedSince(p.id, since);
      ids[label] = p.id;
    }
    const outcomes: Record<string, string | null> = {};
    for (const [label, personId] of Object.entries(ids)) {
      const res = await post(staff, '/api/employment/assistance/identifications', { personId });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json() as TIdentification;
      outcomes[label] = body.category;
      assert.ok(body.decisionId);
      assert.ok(
        body.reasons.some((r) => r.includes('连续失业')),
        body.reasons.join('\n'),
      );
    }
    assert.deepEqual(outcomes, { below: null, at: 'LONG_TERM_UNEMPLOYED', above: 'LONG_TERM_UNEMPLOYED' });
    const decision = await db()
      .selectFrom('decisions')
      .select(['ruleId', 'subjectType'])
      .where('subjectId', '=', ids.at ?? '')
      .executeTakeFirstOrThrow();
    assert.deepEqual(decision, { ruleId: 'employment.difficulty.category', subjectType: 'person' });

    const screen = await get(staff, '/api/employment/assistance/candidates?townshipCode=410122001');
    assert.equal(screen.statusCode, 200, screen.body);
    const list = screen.json() as TCandidateList;
    assert.ok(list.candidates.some((c) => c.personId === ids.at && c.category === 'LONG_TERM_UNEMPLOYED'));
    assert.ok(!list.candidates.some((c) => c.personId === ids.below));
    assert.ok(
      list.candidates.every((c) => /\*/.test(c.idNumberMasked)),
      'ID numbers are masked',
    );

    // Another township's worker cannot identify this person (out of scope → 404).
    const denied = await post(otherTownship, '/api/employment/assistance/identifications', {
      personId: ids.at,
    });
    assert.equal(denied.statusCode, 403);
    const outOfArea = await get(
      otherTownship,
      '/api/employment/assistance/candidates?townshipCode=410122001',
    );
    assert.equal(outOfArea.statusCode, 404);
  });

  it('runs a case from 零就业家庭 identification to closure, refusing closure before the months', async () => {
    const a = await createPerson(t.ctx, {
      birthDate: '1980-06-01',
      gender: 'F',
      residenceVillageCode: URBAN_VILLAGE,
    });
    const b = await createPerson(t.ctx, {
      birthDate: '1978-02-01',
      gender: 'M',
      residenceVillageCode: URBAN_VILLAGE,
    });
    await unemployedSince(a.id, '2026-10-01');
    await unemployedSince(b.id, '2026-09-01');
    const hh = await household([a.id, b.id]);

    // Enters the live list (a stored decision), once.
    const entered = await post(staff, `/api/employment/zero-employment/households/${hh}/recheck`, {});
    assert.equal(entered.statusCode, 200, entered.body);
    assert.equal((entered.json() as THouseholdRecheck).change, 'entered');
    const again = await post(staff, `/api/employment/zero-employment/households/${hh}/recheck`, {});
    assert.equal((again.json() as THouseholdRecheck).change, 'none');
    const live = await get(staff, '/api/employment/zero-employment/households?townshipCode=410122001');
    assert.ok(
      (live.json() as { households: { householdId: string }[] }).households.some((h) => h.householdId === hh),
    );

    // A (unemployed 1 month, 46 years old) is identified as a member of a 零就业家庭.
    const ident = await post(staff, '/api/employment/assistance/identifications', { personId: a.id });
    assert.equal((ident.json() as TIdentification).category, 'ZERO_EMPLOYMENT_HOUSEHOLD');

    // Opening a case for someone not identified is refused.
    const notIdentified = await post(staff, '/api/employment/assistance/cases', { personId: b.id });
    assert.equal(notIdentified.statusCode, 409);

    const opened = await post(staff, '/api/employment/assistance/cases', {
      personId: a.id,
      steps: [
        { kind: 'counselling', title: '心理疏导一次', ownerName: '就业指导员 王敏', dueOn: '2026-11-20' },
        { kind: 'training', title: '参加家政服务培训', ownerName: '培训中心 李强', dueOn: '2026-12-31' },
      ],
    });
    assert.equal(opened.statusCode, 201, opened.body);
    let c = opened.json() as TAssistanceCase;
    assert.equal(c.status, 'open');
    assert.equal(c.planSteps.length, 2);
    assert.equal(c.overdueSteps, 1, 'the step due 2026-11-20 is overdue on 2026-11-28');
    assert.ok(c.planSteps.find((s) => s.kind === 'counselling')?.overdue);
    const duplicate = await post(staff, '/api/employment/assistance/cases', { personId: a.id });
    assert.equal(duplicate.statusCode, 409);

    const counselling = c.planSteps.find((s) => s.kind === 'counselling');
    assert.ok(counselling);
    const done = await post(staff, `/api/employment/assistance/cases/${c.id}/steps/${counselling.id}`, {
      state: 'done',
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal((done.json() as TAssistanceCase).overdueSteps, 0);

    const fu = await post(staff, `/api/employment/assistance/cases/${c.id}/followups`, {
      followedOn: '2026-11-27',
      way: 'visit',
      content: '上门走访，本人愿意从事家政工作',
      nextStep: '推荐家政岗位',
    });
    assert.equal(fu.statusCode, 200, fu.body);
    c = fu.json() as TAssistanceCase;
    const followup = c.events.find((e) => e.kind === 'follow_up');
    assert.equal(followup?.occurredOn, '2026-11-27');
    assert.equal(followup?.wayLabel, '上门走访');
    assert.equal(followup?.nextStep, '推荐家政岗位');
    const future = await post(staff, `/api/employment/assistance/cases/${c.id}/followups`, {
      followedOn: '2026-12-01',
      way: 'phone',
      content: '未来的日期',
    });
    assert.equal(future.statusCode, 400);

    // A is placed on 2026-11-01; B's household leaves the live list with the date and the reason.
    const org = await employer();
    await db()
      .insertInto('placement')
      .values({ personId: a.id, organisationId: org, startDate: '2026-11-01' })
      .execute();
    const left = await post(staff, `/api/employment/zero-employment/households/${hh}/recheck`, {});
    assert.equal((left.json() as THouseholdRecheck).change, 'left');
    const spell = await db()
      .selectFrom('zeroEmploymentSpell')
      .select(['leftOn', 'leaveReason', 'leavePersonId'])
      .where('householdId', '=', hh)
      .executeTakeFirstOrThrow();
    assert.equal(spell.leavePersonId, a.id);
    assert.match(spell.leaveReason ?? '', /已就业（2026-11-01 起）/);
    const cleared = await get(
      staff,
      '/api/employment/zero-employment/households?status=cleared&townshipCode=410122001',
    );
    assert.ok(
      (cleared.json() as { households: { householdId: string }[] }).households.some(
        (h) => h.householdId === hh,
      ),
    );
    const dash = await get(staff, '/api/employment/zero-employment/dashboard');
    assert.equal(dash.statusCode, 200, dash.body);
    const town = (dash.json() as TZeroDashboard).townships.find((x) => x.code === '410122001');
    assert.ok(town && town.clearedThisMonth >= 1);

    // Employed for 0 months: closure refused with the reason, and the refusal is a stored decision.
    const early = await post(staff, `/api/employment/assistance/cases/${c.id}/close`, {});
    assert.equal(early.statusCode, 409, early.body);
    assert.match(early.json().error.message, /已连续就业 0 个月/);
    assert.ok(early.json().error.details.decisionId);

    // Five months later (still short of 6) refused; at six months the case closes.
    t.clock.set(new Date('2027-04-30T02:00:00Z'));
    staff = await loginAs(t, staffAccount);
    const fiveMonths = await post(staff, `/api/employment/assistance/cases/${c.id}/close`, {});
    assert.equal(fiveMonths.statusCode, 409);
    assert.match(fiveMonths.json().error.message, /5 个月/);
    t.clock.set(new Date('2027-05-02T02:00:00Z'));
    staff = await loginAs(t, staffAccount);
    const closed = await post(staff, `/api/employment/assistance/cases/${c.id}/close`, { note: '稳定就业' });
    assert.equal(closed.statusCode, 200, closed.body);
    c = closed.json() as TAssistanceCase;
    assert.equal(c.status, 'closed');
    assert.equal(c.closedOn, '2027-05-02');
    assert.ok(c.closureDecisionId);
    const afterClose = await post(staff, `/api/employment/assistance/cases/${c.id}/followups`, {
      followedOn: '2027-05-01',
      way: 'phone',
      content: '结案后',
    });
    assert.equal(afterClose.statusCode, 409);

    const list = await get(staff, '/api/employment/assistance/cases?status=closed');
    assert.ok((list.json() as { cases: { id: string }[] }).cases.some((x) => x.id === c.id));
    t.clock.set(new Date('2026-11-28T02:00:00Z'));
    staff = await loginAs(t, staffAccount);
  });

  it('recomputes the live list of a township as a job with progress, and snapshots the day', async () => {
    const a = await createPerson(t.ctx, {
      birthDate: '1985-01-01',
      gender: 'M',
      residenceVillageCode: URBAN_VILLAGE,
    });
    await unemployedSince(a.id, '2026-08-01');
    const hh = await household([a.id]);
    const res = await post(staff, '/api/employment/zero-employment/recompute', { townshipCode: '410122001' });
    assert.equal(res.statusCode, 202, res.body);
    const { jobId } = res.json() as { jobId: string };
    let job: { status: string; progress?: { done: number; total: number | null } } = { status: 'queued' };
    for (let i = 0; i < 240 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await get(staff, `/api/jobs/${jobId}`)).json();
    }
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    const spell = await db()
      .selectFrom('zeroEmploymentSpell')
      .select(['enteredOn', 'leftOn'])
      .where('householdId', '=', hh)
      .executeTakeFirstOrThrow();
    assert.equal(spell.leftOn, null);
    const snap = await db()
      .selectFrom('zeroEmploymentSnapshot')
      .select('households')
      .where('townshipCode', '=', '410122001')
      .where('snapshotOn', '=', '2026-11-28')
      .executeTakeFirst();
    assert.ok(snap && snap.households >= 1);
    const dash = (await get(staff, '/api/employment/zero-employment/dashboard')).json() as TZeroDashboard;
    assert.ok(
      dash.series.some((p) => p.townshipCode === '410122001' && p.date === '2026-11-28' && p.households >= 1),
    );
  });
  it('keeps 零就业家庭 live: a member registered as employed moves the household off the list at once', async () => {
    const a = await createPerson(t.ctx, {
      birthDate: '1982-03-01',
      gender: 'M',
      residenceVillageCode: URBAN_VILLAGE,
    });
    const b = await createPerson(t.ctx, {
      birthDate: '1984-07-01',
      gender: 'F',
      residenceVillageCode: URBAN_VILLAGE,
    });
    await unemployedSince(a.id, '2026-08-01');
    await unemployedSince(b.id, '2026-08-01');
    const hh = await household([a.id, b.id]);
    const entered = await post(staff, `/api/employment/zero-employment/households/${hh}/recheck`, {});
    assert.equal((entered.json() as THouseholdRecheck).change, 'entered', entered.body);
    const onList = async () =>
      (
        (await get(staff, '/api/employment/zero-employment/households?townshipCode=410122001')).json() as {
          households: { householdId: string }[];
        }
      ).households.some((h) => h.householdId === hh);
    assert.equal(await onList(), true);

    // Registering as a seeker (still unemployed) changes nothing; becoming employed takes the household off, with
    // no recompute or recheck by staff.
    const reg = await post(staff, '/api/employment/seekers', {
      personId: a.id,
      occupationsWanted: ['4-01-02-01'],
      status: 'unemployed',
    });
    assert.equal(reg.statusCode, 201, reg.body);
    assert.equal(await onList(), true);
    const seekerId = (reg.json() as { id: string }).id;
    const employed = await post(staff, `/api/employment/seekers/${seekerId}/status`, {
      status: 'employed',
      since: '2026-11-28',
    });
    assert.equal(employed.statusCode, 200, employed.body);
    assert.equal(await onList(), false);
  });
});
