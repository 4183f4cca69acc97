import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  TCandidateMatches,
  TJobSearchResult,
  TPosting,
  TPostingList,
  TPostingMatches,
  TPublishPostingResponse,
  TReferral,
  TSeeker,
} from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson, syntheticUscc } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

const VILLAGE = '410122001001';

/** A valid posting body (a fresh title so tests find their own). */
export function postingBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `仓储管理员${Math.random().toString(36).slice(2, 7)}`,
    occupationCode: '4-02-06-01',
    description: '负责出入库作业和库存盘点，熟悉 WMS 系统',
    skills: ['出入库作业', '库存盘点', 'WMS系统'],
    education: 'junior_secondary',
    wageMinFen: 400000,
    wageMaxFen: 600000,
    workplace: { kind: 'village', code: VILLAGE },
    hours: 'full_time',
    hoursNote: '8:00-17:00，月休 4 天',
    headcount: 2,
    contractType: 'fixed_term',
    ...overrides,
  };
}

export async function createEmployer(t: TestApp, name: string): Promise<string> {
  const r = await t.ctx.database.db
    .insertInto('organisations')
    .values({ kind: 'employer', name, uscc: syntheticUscc(), placeCode: VILLAGE })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

describe('employment API: postings, discrimination check, seekers, matching, referrals', () => {
  let t: TestApp;
  let officer: TestSession;
  let employerA: TestSession;
  let employerB: TestSession;
  let citizen: TestSession;
  let orgA: string;
  let orgB: string;
  let citizenPersonId: string;

  before(async () => {
    t = await buildTestApp();
    orgA = await createEmployer(t, '中牟测试物流有限公司');
    orgB = await createEmployer(t, '中牟另一家食品有限公司');
    officer = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
    );
    employerA = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: orgA }),
    );
    employerB = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: orgB }),
    );
    const person = await createPerson(t.ctx, {
      residenceVillageCode: VILLAGE,
      education: 'senior_secondary',
    });
    citizenPersonId = person.id;
    citizen = await loginAs(t, await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id }));
  });
  after(async () => {
    await t.app.close();
  });

  const post = (s: TestSession, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as Record<string, unknown> });
  const get = (s: TestSession, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  it('rejects an occupation code not in the classification with a clear Chinese error', async () => {
    const res = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ occupationCode: '9-99-99-99' }),
    );
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'UNKNOWN_CODE');
    assert.match(body.error.message, /职业代码不存在：9-99-99-99/);
    const coarse = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ occupationCode: '4-02-06-00' }),
    );
    assert.equal(coarse.statusCode, 400);
  });

  it('validates wages, workplace and closing date', async () => {
    const wages = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ wageMinFen: 500000, wageMaxFen: 400000 }),
    );
    assert.equal(wages.statusCode, 400);
    const place = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ workplace: { kind: 'village', code: '410122999999' } }),
    );
    assert.equal(place.statusCode, 400);
    assert.equal((place.json() as { error: { code: string } }).error.code, 'UNKNOWN_CODE');
    const past = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ closingDate: '2020-01-01' }),
    );
    assert.equal(past.statusCode, 400);
    const outside = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ workplace: { kind: 'outside', name: '郑州市金水区' } }),
    );
    assert.equal(outside.statusCode, 201, outside.body);
    assert.equal((outside.json() as TPosting).workplaceText, '县外 · 郑州市金水区');
  });

  it('blocks "限男性" with the reason and clause, then publishes once fixed', async () => {
    const created = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ description: '负责仓库出入库，限男性，能吃苦耐劳' }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const posting = created.json() as TPosting;
    assert.equal(posting.status, 'draft');
    assert.equal(posting.organisationId, orgA);

    const blocked = await post(employerA, `/api/employment/postings/${posting.id}/publish`, {});
    assert.equal(blocked.statusCode, 200, blocked.body);
    const b = blocked.json() as TPublishPostingResponse;
    assert.equal(b.result, 'blocked');
    assert.equal(b.posting.status, 'draft');
    const gender = b.posting.check?.blocked.find((f) => f.code === 'gender');
    assert.ok(gender, 'gender finding');
    assert.ok(
      gender.cites.some((c) => c.citation.includes('妇女权益保障法') && c.citation.includes('第四十三条')),
    );
    // The decision is stored and replayable.
    const decisionId = b.posting.check?.decisionId ?? '';
    const d = await t.ctx.database.db
      .selectFrom('decisions')
      .select(['ruleId', 'outcome', 'subjectId'])
      .where('id', '=', decisionId)
      .executeTakeFirstOrThrow();
    assert.equal(d.ruleId, 'employment.posting.discrimination_check');
    assert.equal(d.outcome, 'block');
    assert.equal(d.subjectId, `job_posting:${posting.id}`);

    const fixed = await t.app.inject({
      method: 'PATCH',
      url: `/api/employment/postings/${posting.id}`,
      headers: employerA.headers,
      payload: { description: '负责仓库出入库，能吃苦耐劳', version: b.posting.version },
    });
    assert.equal(fixed.statusCode, 200, fixed.body);
    const published = await post(employerA, `/api/employment/postings/${posting.id}/publish`, {});
    const p = published.json() as TPublishPostingResponse;
    assert.equal(p.result, 'published', published.body);
    assert.equal(p.posting.status, 'published');
    assert.equal(p.posting.check?.outcome, 'ok');
  });

  for (const [label, text, code] of [
    ['已婚已育', '招聘文员，已婚已育优先', 'marriage'],
    ['乙肝', '入职体检含乙肝两对半', 'hbv'],
    ['民族', '限汉族', 'ethnicity'],
    ['户籍', '限中牟本地户籍', 'hukou'],
  ] as const) {
    it(`blocks ${label} with its clause`, async () => {
      const created = await post(officer, '/api/employment/postings', {
        ...postingBody({ description: text }),
        organisationId: orgA,
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = (created.json() as TPosting).id;
      const r = (
        await post(officer, `/api/employment/postings/${id}/publish`, {})
      ).json() as TPublishPostingResponse;
      assert.equal(r.result, 'blocked');
      const f = r.posting.check?.blocked.find((x) => x.code === code);
      assert.ok(f && f.cites.length > 0, `${code} finding with clause`);
    });
  }

  it('needs the employer to confirm an age limit, then publishes with the confirmation recorded', async () => {
    const created = await post(
      employerA,
      '/api/employment/postings',
      postingBody({ description: '年龄 35 岁以下，身体健康' }),
    );
    const id = (created.json() as TPosting).id;
    const first = (
      await post(employerA, `/api/employment/postings/${id}/publish`, {})
    ).json() as TPublishPostingResponse;
    assert.equal(first.result, 'needs_confirmation');
    assert.equal(first.posting.status, 'draft');
    assert.equal(first.posting.check?.warnings[0]?.code, 'age');
    const confirmed = (
      await post(employerA, `/api/employment/postings/${id}/publish`, { confirmAgeLimit: true })
    ).json() as TPublishPostingResponse;
    assert.equal(confirmed.result, 'published');
    assert.equal(confirmed.posting.ageLimitConfirmed, true);
  });

  it('scopes postings: an employer sees and edits only its own', async () => {
    const created = await post(employerA, '/api/employment/postings', postingBody());
    const id = (created.json() as TPosting).id;
    assert.equal((await get(employerB, `/api/employment/postings/${id}`)).statusCode, 404);
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/employment/postings/${id}`,
      headers: employerB.headers,
      payload: { title: '改名', version: 1 },
    });
    assert.equal(edit.statusCode, 404);
    assert.equal((await post(employerB, `/api/employment/postings/${id}/publish`, {})).statusCode, 404);
    const list = (await get(employerB, '/api/employment/postings?pageSize=100')).json() as TPostingList;
    assert.ok(list.items.every((p) => p.organisationId === orgB));
    const forOther = await post(employerB, '/api/employment/postings', {
      ...postingBody(),
      organisationId: orgA,
    });
    assert.equal(forOther.statusCode, 403);
    // A citizen cannot list postings or see a draft.
    assert.equal((await get(citizen, '/api/employment/postings')).statusCode, 403);
    assert.equal((await get(citizen, `/api/employment/postings/${id}`)).statusCode, 404);
  });

  it('closes and reopens a posting (reopening runs the check again)', async () => {
    const id = ((await post(employerA, '/api/employment/postings', postingBody())).json() as TPosting).id;
    await post(employerA, `/api/employment/postings/${id}/publish`, {});
    const closed = await post(employerA, `/api/employment/postings/${id}/close`, {});
    assert.equal((closed.json() as TPosting).status, 'closed');
    const reopened = (
      await post(employerA, `/api/employment/postings/${id}/publish`, {})
    ).json() as TPublishPostingResponse;
    assert.equal(reopened.result, 'published');
  });

  it('a seeker registers, sees a posting recommended with reasons, applies, is referred, interviewed and placed', async () => {
    const title = `叉车仓管${Math.random().toString(36).slice(2, 6)}`;
    const pid = (
      (
        await post(employerA, '/api/employment/postings', postingBody({ title, headcount: 1 }))
      ).json() as TPosting
    ).id;
    assert.equal(
      (
        (
          await post(employerA, `/api/employment/postings/${pid}/publish`, {})
        ).json() as TPublishPostingResponse
      ).result,
      'published',
    );

    const reg = await post(citizen, '/api/employment/seekers', {
      occupationsWanted: ['4-02-06-01'],
      skills: ['出入库作业', '库存盘点'],
      expectedWageFen: 450000,
      maxCommuteKm: 20,
      hoursWanted: ['full_time'],
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const seeker = reg.json() as TSeeker;
    assert.equal(seeker.channel, 'portal');
    assert.equal((await post(citizen, '/api/employment/seekers', { occupationsWanted: [] })).statusCode, 409);

    const recs = await get(citizen, '/api/employment/recommendations?limit=50');
    assert.equal(recs.statusCode, 200, recs.body);
    const match = (recs.json() as TPostingMatches).items.find((m) => m.posting.id === pid);
    assert.ok(match, 'the new posting is recommended');
    assert.ok(match.reasons.length > 0 && match.reasons.some((r) => /技能|职业|通勤|工资/.test(r)));

    const search = (
      await get(citizen, `/api/employment/jobs/search?q=${encodeURIComponent('仓管 叉车')}`)
    ).json() as TJobSearchResult;
    assert.ok(
      search.items.some((i) => i.posting.id === pid),
      'keyword search finds it',
    );
    const unknown = await get(citizen, '/api/employment/jobs/search?q=x&occupationCode=9-99');
    assert.equal(unknown.statusCode, 400);

    const applied = await post(citizen, '/api/employment/applications', { postingId: pid });
    assert.equal(applied.statusCode, 201, applied.body);
    const referral = applied.json() as TReferral;
    assert.equal(referral.state, 'requested');
    assert.equal((await post(citizen, '/api/employment/applications', { postingId: pid })).statusCode, 409);

    // The employer sees the candidate masked; another employer cannot see the referral or the candidates.
    const cands = (
      await get(employerA, `/api/employment/postings/${pid}/candidates`)
    ).json() as TCandidateMatches;
    const me = cands.items.find((c) => c.seeker.id === seeker.id);
    assert.ok(me, 'candidate listed');
    assert.equal(me.seeker.idNumberMasked, null);
    assert.match(me.seeker.name, /\*/);
    assert.equal(me.referralState, 'requested');
    assert.equal((await get(employerB, `/api/employment/postings/${pid}/candidates`)).statusCode, 404);
    assert.equal((await get(employerB, `/api/employment/referrals/${referral.id}`)).statusCode, 404);

    const referred = await post(officer, `/api/employment/referrals/${referral.id}/transition`, {
      to: 'referred',
    });
    assert.equal((referred.json() as TReferral).state, 'referred', referred.body);
    // The seeker cannot hire themselves; the employer can move to interview.
    assert.equal(
      (await post(citizen, `/api/employment/referrals/${referral.id}/transition`, { to: 'hired' }))
        .statusCode,
      403,
    );
    const interview = await post(employerA, `/api/employment/referrals/${referral.id}/transition`, {
      to: 'interview',
      interviewAt: '2026-12-01T09:00:00+08:00',
    });
    assert.equal(interview.statusCode, 200, interview.body);
    const hired = await post(employerA, `/api/employment/referrals/${referral.id}/transition`, {
      to: 'hired',
      wageFen: 500000,
    });
    assert.equal(hired.statusCode, 200, hired.body);
    const h = hired.json() as TReferral;
    assert.equal(h.state, 'hired');
    assert.ok(h.placementId);

    // Placement: follow-ups at 1, 3 and 6 months; the seeker employed (mobility events); headcount 1 → closed.
    const followups = await t.ctx.database.db
      .selectFrom('placementFollowup')
      .select(['dueMonth'])
      .where('placementId', '=', h.placementId ?? '')
      .orderBy('dueMonth')
      .execute();
    assert.deepEqual(
      followups.map((f) => f.dueMonth),
      [1, 3, 6],
    );
    const mine = (await get(citizen, '/api/employment/seekers/me')).json() as { seeker: TSeeker };
    assert.equal(mine.seeker.status, 'employed');
    const events = await t.ctx.database.db
      .selectFrom('mobilityEvents')
      .select(['kind'])
      .where('personId', '=', citizenPersonId)
      .execute();
    const kinds = events.map((e) => e.kind);
    assert.ok(
      kinds.includes('job_seeker_status') &&
        kinds.includes('employment_status') &&
        kinds.includes('employer'),
    );
    const posting = (await get(employerA, `/api/employment/postings/${pid}`)).json() as TPosting;
    assert.equal(posting.status, 'closed');
    // A final state cannot move.
    assert.equal(
      (await post(officer, `/api/employment/referrals/${referral.id}/transition`, { to: 'rejected' }))
        .statusCode,
      409,
    );
    // Notifications reached the seeker (referral and its progress) and the employer.
    const inbox = await get(citizen, '/api/notifications');
    assert.equal(inbox.statusCode, 200, inbox.body);
    const notified = (inbox.json() as { items: { kind: string }[] }).items.map((i) => i.kind);
    assert.ok(notified.includes('referral.created') && notified.includes('referral.updated'));
    const employerInbox = (await get(employerA, '/api/notifications')).json() as {
      items: { kind: string }[];
    };
    assert.ok(employerInbox.items.some((i) => i.kind === 'referral.created'));
  });

  it('staff search seekers by ID number in the body and register an unregistered person', async () => {
    const p = await createPerson(t.ctx, { residenceVillageCode: VILLAGE });
    const found = await post(officer, '/api/employment/seekers/search', { idNumber: p.idNumber });
    assert.equal(found.statusCode, 200, found.body);
    const body = found.json() as { items: TSeeker[]; unregisteredPerson: { personId: string } | null };
    assert.equal(body.items.length, 0);
    assert.equal(body.unregisteredPerson?.personId, p.id);
    const reg = await post(officer, '/api/employment/seekers', {
      personId: p.id,
      occupationsWanted: ['4-03-02-01'],
      skills: ['刀工'],
      status: 'unemployed',
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const s = reg.json() as TSeeker;
    assert.equal(s.channel, 'staff');
    const bad = await post(officer, '/api/employment/seekers', {
      personId: p.id,
      occupationsWanted: ['1-00-00-00'],
    });
    assert.equal(bad.statusCode, 400);
    const status = await post(officer, `/api/employment/seekers/${s.id}/status`, {
      status: 'in_training',
      since: s.registeredOn,
    });
    assert.equal((status.json() as TSeeker).status, 'in_training', status.body);
    // An employer cannot read a seeker's registration (answered as not found, never the data).
    assert.equal((await get(employerA, `/api/employment/seekers/${s.id}`)).statusCode, 404);
    assert.equal(
      (await post(employerA, '/api/employment/seekers/search', { idNumber: p.idNumber })).statusCode,
      403,
    );
  });

  it('matching: index status and rebuild for staff; unknown codes in a query are errors, never empty results', async () => {
    const rebuilt = await post(officer, '/api/employment/matching/rebuild', {});
    assert.equal(rebuilt.statusCode, 200, rebuilt.body);
    const status = (await get(officer, '/api/employment/matching/status')).json() as {
      state: string;
      postings: number;
    };
    assert.equal(status.state, 'ready');
    assert.ok(status.postings > 0);
    assert.equal((await post(employerA, '/api/employment/matching/rebuild', {})).statusCode, 403);
    const place = await get(citizen, '/api/employment/jobs/search?q=%E4%BB%93%E5%BA%93&placeCode=410122999');
    assert.equal(place.statusCode, 400, place.body);
    assert.equal((place.json() as { error: { code: string } }).error.code, 'UNKNOWN_CODE');
    const occ = await get(officer, '/api/employment/jobs/search?q=&occupationCode=9-99-99-99');
    assert.equal((occ.json() as { error: { code: string } }).error.code, 'UNKNOWN_CODE');
    // An employer does not use the public search (it sees its own postings only).
    assert.equal((await get(employerA, '/api/employment/jobs/search?q=x')).statusCode, 403);
  });

  it('a citizen edits only their own registration; unknown places are refused', async () => {
    const mine = (await get(citizen, '/api/employment/seekers/me')).json() as { seeker: TSeeker | null };
    assert.ok(mine.seeker, 'registered in an earlier test');
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/employment/seekers/${mine.seeker.id}`,
      headers: citizen.headers,
      payload: { acceptablePlaces: ['410122999999'], version: mine.seeker.version },
    });
    assert.equal(bad.statusCode, 400);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/employment/seekers/${mine.seeker.id}`,
      headers: citizen.headers,
      payload: { certificates: ['叉车证'], version: mine.seeker.version },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((ok.json() as TSeeker).certificates, ['叉车证']);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/employment/seekers/${mine.seeker.id}`,
      headers: citizen.headers,
      payload: { certificates: [], version: mine.seeker.version },
    });
    assert.equal(stale.statusCode, 409);
    const other = await createPerson(t.ctx, { residenceVillageCode: VILLAGE });
    const otherSeeker = (
      await post(officer, '/api/employment/seekers', {
        personId: other.id,
        occupationsWanted: ['4-02-07-08'],
      })
    ).json() as TSeeker;
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: `/api/employment/seekers/${otherSeeker.id}`,
      headers: citizen.headers,
      payload: { certificates: ['x'], version: otherSeeker.version },
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await get(citizen, `/api/employment/seekers/${otherSeeker.id}/matches`)).statusCode, 404);
  });

  it('two applications at once (a double tap) make one referral', async () => {
    const pid = ((await post(employerA, '/api/employment/postings', postingBody())).json() as TPosting).id;
    await post(employerA, `/api/employment/postings/${pid}/publish`, {});
    const person = await createPerson(t.ctx, { residenceVillageCode: VILLAGE });
    const c = await loginAs(t, await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id }));
    await post(c, '/api/employment/seekers', { occupationsWanted: ['4-02-06-01'] });
    const [a, b] = await Promise.all([
      post(c, '/api/employment/applications', { postingId: pid }),
      post(c, '/api/employment/applications', { postingId: pid }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [201, 409]);
    const rows = await t.ctx.database.db
      .selectFrom('referral')
      .select('id')
      .where('postingId', '=', pid)
      .execute();
    assert.equal(rows.length, 1);
  });
});
