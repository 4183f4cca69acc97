import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  TJobSearchResult,
  TMatchIndexStatus,
  TMatchWeights,
  TPosting,
  TPostingMatches,
  TPublishPostingResponse,
  TSeeker,
} from '@qiaoti/contracts';
import type { Database } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson, syntheticUscc } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

const VILLAGE = '410122001001';
const DAY = 86_400_000;

// (Not imported from postings.routes.test.ts: importing a test file would run its tests here too.)
function postingBody(closingDate: string) {
  return {
    title: `仓储管理员${Math.random().toString(36).slice(2, 7)}`,
    occupationCode: '4-02-06-01',
    description: '负责出入库作业和库存盘点',
    skills: ['出入库作业', '库存盘点'],
    education: 'junior_secondary',
    wageMinFen: 400000,
    wageMaxFen: 600000,
    workplace: { kind: 'village', code: VILLAGE },
    hours: 'full_time',
    headcount: 2,
    contractType: 'fixed_term',
    closingDate,
  };
}

/**
 * The matching index on the server clock (a fake clock here) and its weights as dated policy parameters. An
 * isolated database: a parameter change scheduled here must not reach other test files' matching.
 */
describe('matching: server clock and weights from the rulebook', () => {
  let database: Database;
  let t: TestApp;
  let officer: TestSession;
  let employer: TestSession;
  let citizen: TestSession;
  let seekerId: string;
  let accounts: {
    officer: Parameters<typeof loginAs>[1];
    employer: Parameters<typeof loginAs>[1];
    citizen: Parameters<typeof loginAs>[1];
  };

  /** Moves the fake clock by days; sessions idle that long have expired, so everyone logs in again. */
  async function nextDay(): Promise<void> {
    t.clock.advance(DAY);
    officer = await loginAs(t, accounts.officer);
    employer = await loginAs(t, accounts.employer);
    citizen = await loginAs(t, accounts.citizen);
  }

  before(async () => {
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
    t.clock.set(new Date('2026-11-28T02:00:00Z')); // business day 2026-11-28 (China)
    const org = (
      await database.db
        .insertInto('organisations')
        .values({
          kind: 'employer',
          name: '中牟匹配时钟测试有限公司',
          uscc: syntheticUscc(),
          placeCode: VILLAGE,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const person = await createPerson(t.ctx, {
      residenceVillageCode: VILLAGE,
      education: 'senior_secondary',
    });
    accounts = {
      officer: await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
      employer: await createTestAccount(t.ctx, { roles: ['employer'], organisationId: org }),
      citizen: await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id }),
    };
    officer = await loginAs(t, accounts.officer);
    employer = await loginAs(t, accounts.employer);
    citizen = await loginAs(t, accounts.citizen);
    const reg = await post(citizen, '/api/employment/seekers', {
      occupationsWanted: ['4-02-06-01'],
      skills: ['出入库作业', '库存盘点'],
      expectedWageFen: 450000,
      maxCommuteKm: 20,
      hoursWanted: ['full_time'],
    });
    assert.equal(reg.statusCode, 201, reg.body);
    seekerId = (reg.json() as TSeeker).id;
    // 就业援助对象 (set by the assistance module in production).
    await database.db
      .updateTable('jobSeeker')
      .set({ assistancePriority: true })
      .where('id', '=', seekerId)
      .execute();
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  const post = (s: TestSession, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as Record<string, unknown> });
  const get = (s: TestSession, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  async function publish(closingDate: string): Promise<string> {
    const created = await post(employer, '/api/employment/postings', postingBody(closingDate));
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as TPosting).id;
    const res = await post(employer, `/api/employment/postings/${id}/publish`, {});
    assert.equal((res.json() as TPublishPostingResponse).result, 'published', res.body);
    return id;
  }

  const recommended = async (): Promise<TPostingMatches> => {
    const r = await get(citizen, '/api/employment/recommendations?limit=50');
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as TPostingMatches;
  };

  it('a posting closing tomorrow is open today and on its closing day, gone the day after (fake clock)', async () => {
    const closesTomorrow = await publish('2026-11-29');
    const closesLater = await publish('2026-12-31');
    const ids = async () => new Set((await recommended()).items.map((m) => m.posting.id));
    const searched = async () => {
      const r = await get(
        citizen,
        `/api/employment/jobs/search?q=${encodeURIComponent('仓储管理员')}&limit=50`,
      );
      assert.equal(r.statusCode, 200, r.body);
      return new Set((r.json() as TJobSearchResult).items.map((i) => i.posting.id));
    };
    const openCount = async () =>
      ((await get(officer, '/api/employment/matching/status')).json() as TMatchIndexStatus).openPostings;

    let now = await ids();
    assert.ok(now.has(closesTomorrow) && now.has(closesLater), 'both open on 2026-11-28');
    assert.ok((await searched()).has(closesTomorrow));
    const openBefore = await openCount();

    await nextDay(); // 2026-11-29: the closing day is inclusive
    now = await ids();
    assert.ok(now.has(closesTomorrow), 'still open on its closing day');

    await nextDay(); // 2026-11-30: it closed yesterday
    now = await ids();
    assert.ok(!now.has(closesTomorrow), 'closed yesterday → not recommended');
    assert.ok(now.has(closesLater));
    assert.ok(!(await searched()).has(closesTomorrow), 'closed yesterday → not found by search');
    assert.equal(await openCount(), openBefore - 1);

    // Candidates for a posting are still answered on the server's day.
    const cands = await get(officer, `/api/employment/postings/${closesLater}/candidates?limit=10`);
    assert.equal(cands.statusCode, 200, cands.body);
  });

  it('weights and the 就业援助对象 boost are dated parameters: a change scheduled in the console applies from its day', async () => {
    const weights = async (s: TestSession): Promise<TMatchWeights> => {
      const r = await get(s, '/api/employment/matching/weights');
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as TMatchWeights;
    };
    const before = await weights(citizen);
    const boost = before.items.find((w) => w.part === 'priority');
    assert.ok(boost);
    assert.equal(boost.parameterId, 'employment.matching.priority_boost');
    assert.equal(boost.value, 10);
    assert.equal(boost.pending, true, 'local value not confirmed → 待确认');
    assert.deepEqual(boost.cites, ['ZM-PLAN#十二']);
    const fits = before.items.filter((w) => w.part !== 'priority');
    assert.equal(fits.length, 6);
    assert.equal(Math.round(fits.reduce((a, w) => a + w.points, 0)), 100);
    assert.ok((await weights(employer)).items.length === 7, 'employers see the rules too');

    const today = before.asOf;
    const partsNow = (await recommended()).items[0]?.parts;
    assert.equal(partsNow?.priority, 10);

    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const scheduled = await post(officer, '/api/policy/parameter-changes', {
      parameterId: 'employment.matching.priority_boost',
      effectiveFrom: tomorrow,
      value: 20,
      cites: ['ZM-PLAN#十二'],
      pending: true,
      note: '测试：加大援助对象优先',
    });
    assert.equal(scheduled.statusCode, 201, scheduled.body);
    assert.equal((await recommended()).items[0]?.parts.priority, 10, 'not yet in force today');

    await nextDay();
    const after = await weights(officer);
    const boostAfter = after.items.find((w) => w.part === 'priority');
    assert.equal(boostAfter?.value, 20);
    assert.equal(boostAfter?.since, tomorrow);
    const recs = await recommended();
    assert.ok(recs.items.length > 0);
    for (const m of recs.items) assert.equal(m.parts.priority, 20, 'index rebuilt with the new boost');
  });
});
