import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  TGigActivity,
  TGigClaim,
  TGigSite,
  TGigTask,
  TGigTaskDetail,
  TGigTaskList,
  TMyGigClaimList,
  TNotificationList,
} from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson, registrarActor, syntheticPhone, syntheticUscc } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { createHousehold } from '../registry/households.service.ts';
import { createOrganisation } from '../registry/organisations.service.ts';
import { businessDay, registryDeps } from '../registry/registry-deps.ts';

const TOWNSHIP_X = '410122001';
const VILLAGE_X = '410122001001';
const TOWNSHIP_O = '410122101';
const VILLAGE_O = '410122101205';

describe('gig market (灵工市场)', () => {
  let t: TestApp;
  let today: string;
  let officer: TestSession;
  let villageX: TestSession;
  let villageO: TestSession;
  let employer: TestSession;
  let employerId: string;
  let citizenA: TestSession; // has a household in village X
  let householdX: string;
  let workers: { personId: string; session: TestSession }[];
  let siteX: TGigSite;
  let siteO: TGigSite;

  const post = async <T>(s: TestSession, url: string, payload: object = {}) => {
    const res = await t.app.inject({ method: 'POST', url, headers: s.headers, payload });
    return { status: res.statusCode, body: res.json() as T };
  };
  const get = async <T>(s: TestSession, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
    return { status: res.statusCode, body: res.json() as T };
  };
  const task = (over: Record<string, unknown> = {}) => ({
    siteId: siteX.id,
    title: '大蒜收获帮工',
    description: '田间收蒜、装袋，管午饭',
    posterKind: 'employer',
    payUnit: 'day',
    payFen: 15000,
    workDate: today,
    days: 1,
    headcount: 2,
    ...over,
  });

  before(async () => {
    t = await buildTestApp();
    today = businessDay(t.clock());
    const deps = registryDeps(t.ctx);
    const org = await createOrganisation(deps, registrarActor(), {
      kind: 'employer',
      name: '中牟县零工测试农业合作社',
      uscc: syntheticUscc(),
    });
    employerId = org.id;
    const personA = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
    householdX = (
      await createHousehold(deps, registrarActor(), {
        villageCode: VILLAGE_X,
        members: [{ personId: personA.id, relation: 'head' }],
      })
    ).id;
    const login = async (spec: Parameters<typeof createTestAccount>[1]) => {
      const account = await createTestAccount(t.ctx, spec);
      return { id: account.id, session: await loginAs(t, account) };
    };
    officer = (await login({ roles: ['employment_officer'], organisationCode: 'hrss' })).session;
    villageX = (
      await login({
        roles: ['village_worker'],
        organisationCode: `town-${TOWNSHIP_X}`,
        villageCode: VILLAGE_X,
      })
    ).session;
    villageO = (
      await login({
        roles: ['village_worker'],
        organisationCode: `town-${TOWNSHIP_O}`,
        villageCode: VILLAGE_O,
      })
    ).session;
    const e = await login({ roles: ['employer'], organisationId: employerId });
    employer = e.session;
    citizenA = (await login({ roles: ['citizen'], personId: personA.id })).session;
    workers = [];
    for (let i = 0; i < 10; i++) {
      const p = await createPerson(t.ctx, { residenceVillageCode: i % 2 ? VILLAGE_X : VILLAGE_O });
      workers.push({
        personId: p.id,
        session: (await login({ roles: ['citizen'], personId: p.id })).session,
      });
    }
    const site = (s: TestSession, placeCode: string, name: string) =>
      post<TGigSite>(s, '/api/gig/sites', {
        name,
        kind: 'gig_station',
        placeCode,
        address: `${name}门口`,
        openingHours: '每天 6:00–11:00',
      });
    const sx = await site(villageX, VILLAGE_X, '青年路零工驿站');
    assert.equal(sx.status, 201, JSON.stringify(sx.body));
    siteX = sx.body;
    const so = await site(officer, VILLAGE_O, '韩寺镇劳务市场');
    assert.equal(so.status, 201);
    siteO = so.body;
  });
  after(async () => {
    await t.app.close();
  });

  it('sites: township staff open sites only in their township; unknown codes are errors', async () => {
    assert.equal(siteX.townshipCode, TOWNSHIP_X);
    assert.equal(siteX.villageCode, VILLAGE_X);
    const foreign = await post(villageX, '/api/gig/sites', {
      name: '越界站点',
      kind: 'labour_market',
      placeCode: VILLAGE_O,
      address: '某处',
      openingHours: '全天',
    });
    assert.equal(foreign.status, 403);
    const unknown = await post<{ error: { code: string } }>(officer, '/api/gig/sites', {
      name: '无效站点',
      kind: 'labour_market',
      placeCode: '410122999',
      address: '某处',
      openingHours: '全天',
    });
    assert.equal(unknown.body.error.code, 'UNKNOWN_CODE');
  });

  it('a stopped site takes no new tasks; only its township (or the county) may stop it', async () => {
    const extra = await post<TGigSite>(villageX, '/api/gig/sites', {
      name: '临时驿站',
      kind: 'gig_station',
      placeCode: TOWNSHIP_X,
      address: '街道办门口',
      openingHours: '农忙期间',
    });
    assert.equal(extra.status, 201);
    assert.equal(extra.body.villageCode, null);
    assert.equal(
      (await post(villageO, `/api/gig/sites/${extra.body.id}/active`, { isActive: false })).status,
      404,
    );
    assert.equal(
      (await post(employer, `/api/gig/sites/${extra.body.id}/active`, { isActive: false })).status,
      403,
    );
    const stopped = await post<TGigSite>(villageX, `/api/gig/sites/${extra.body.id}/active`, {
      isActive: false,
    });
    assert.equal(stopped.body.isActive, false);
    const refused = await post<{ error: { message: string } }>(
      employer,
      '/api/gig/tasks',
      task({ siteId: extra.body.id }),
    );
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.message, '该站点已停用');
    const again = await post<TGigSite>(officer, `/api/gig/sites/${extra.body.id}/active`, { isActive: true });
    assert.equal(again.body.isActive, true);
  });

  it('posted, claimed, checked in, completed, paid and confirmed — with notifications on both sides', async () => {
    const created = await post<TGigTask>(employer, '/api/gig/tasks', task());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.posterLabel, '中牟县零工测试农业合作社');
    assert.equal(created.body.payText, '150 元/天');
    assert.equal(created.body.remaining, 2);
    const id = created.body.id;
    const w = workers[0];
    assert.ok(w);

    const claim = await post<TGigClaim>(w.session, `/api/gig/tasks/${id}/claim`);
    assert.equal(claim.status, 201);
    assert.equal(claim.body.status, 'claimed');
    const again = await post<{ error: { message: string } }>(w.session, `/api/gig/tasks/${id}/claim`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.message, '已经接过这个任务');

    // Wrong order: complete before check-in, payment before completion.
    assert.equal((await post(w.session, `/api/gig/claims/${claim.body.id}/complete`)).status, 409);
    const early = await post(employer, `/api/gig/claims/${claim.body.id}/payment`, {
      amountFen: 15000,
      method: 'wechat',
      paidOn: today,
    });
    assert.equal(early.status, 409);

    const inAt = await post<TGigClaim>(w.session, `/api/gig/claims/${claim.body.id}/check-in`);
    assert.equal(inAt.body.status, 'checked_in');
    assert.equal((await post(w.session, `/api/gig/claims/${claim.body.id}/withdraw`)).status, 409);
    const done = await post<TGigClaim>(w.session, `/api/gig/claims/${claim.body.id}/complete`);
    assert.equal(done.body.status, 'completed');

    // Only the poster side records payment; only the worker confirms it.
    const byWorker = await post(w.session, `/api/gig/claims/${claim.body.id}/payment`, {
      amountFen: 15000,
      method: 'wechat',
      paidOn: today,
    });
    assert.equal(byWorker.status, 403);
    const paid = await post<TGigClaim>(employer, `/api/gig/claims/${claim.body.id}/payment`, {
      amountFen: 15000,
      method: 'wechat',
      paidOn: today,
    });
    assert.equal(paid.status, 200);
    assert.deepEqual(
      { amount: paid.body.payment?.amountFen, confirmed: paid.body.payment?.isConfirmed },
      { amount: 15000, confirmed: false },
    );
    const twice = await post(employer, `/api/gig/claims/${claim.body.id}/payment`, {
      amountFen: 15000,
      method: 'cash',
      paidOn: today,
    });
    assert.equal(twice.status, 409);
    assert.equal((await post(employer, `/api/gig/claims/${claim.body.id}/confirm-payment`)).status, 403);
    const confirmed = await post<TGigClaim>(w.session, `/api/gig/claims/${claim.body.id}/confirm-payment`);
    assert.equal(confirmed.body.payment?.isConfirmed, true);

    const employerInbox = await get<TNotificationList>(employer, '/api/notifications');
    const kinds = employerInbox.body.items
      .filter((n) => n.link === `/employment/gig/tasks/${id}`)
      .map((n) => n.kind);
    assert.deepEqual(kinds.sort(), ['gig.claimed', 'gig.completed']);
    const workerInbox = await get<TNotificationList>(w.session, '/api/notifications');
    const payment = workerInbox.body.items.find((n) => n.kind === 'gig.payment');
    assert.ok(payment?.body.includes('150 元（微信'));
    const sms = await t.ctx.database.db
      .selectFrom('notificationDelivery')
      .innerJoin('notification', 'notification.id', 'notificationDelivery.notificationId')
      .select(['notificationDelivery.adapter', 'notificationDelivery.status'])
      .where('notification.kind', '=', 'gig.payment')
      .where('notification.body', 'like', `%${'“大蒜收获帮工”'}%`)
      .execute();
    assert.ok(sms.length >= 1 && sms.every((d) => d.adapter === 'log-only' && d.status === 'logged'));
    assert.ok(employerInbox.body.items.every((n) => n.kind.startsWith('gig.')));

    const mine = await get<TMyGigClaimList>(w.session, '/api/gig/my/claims');
    const item = mine.body.items.find((c) => c.taskId === id);
    assert.equal(item?.status, 'completed');
    assert.equal(item?.task.title, '大蒜收获帮工');

    const detail = await get<TGigTaskDetail>(employer, `/api/gig/tasks/${id}`);
    assert.equal(detail.body.claims.length, 1);
    assert.equal(detail.body.claims[0]?.payment?.isConfirmed, true);
    assert.doesNotMatch(JSON.stringify(detail.body), /(?<!\d)1[3-9]\d{9}(?!\d)|\d{17}[\dXx]/);
  });

  it('headcount holds when ten workers claim three places at once', async () => {
    const created = await post<TGigTask>(
      employer,
      '/api/gig/tasks',
      task({ headcount: 3, title: '并发接单测试' }),
    );
    const id = created.body.id;
    const results = await Promise.all(workers.map((w) => post(w.session, `/api/gig/tasks/${id}/claim`)));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    const row = await t.ctx.database.db
      .selectFrom('gigTask')
      .select('claimedCount')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.claimedCount, 3);
    const live = await t.ctx.database.db
      .selectFrom('gigClaim')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('taskId', '=', id)
      .where('status', '<>', 'withdrawn')
      .executeTakeFirstOrThrow();
    assert.equal(Number(live.n), 3);

    // A withdrawal frees a place for someone else.
    const winner = results.findIndex((r) => r.status === 201);
    const loser = results.findIndex((r) => r.status === 409);
    const won = results[winner];
    assert.ok(won);
    const claimId = (won.body as TGigClaim).id;
    const ws = workers[winner];
    const ls = workers[loser];
    assert.ok(ws && ls);
    assert.equal((await post(ws.session, `/api/gig/claims/${claimId}/withdraw`)).status, 200);
    assert.equal((await post(ls.session, `/api/gig/tasks/${id}/claim`)).status, 201);
  });

  it('with an Idempotency-Key a repeated post or claim has one effect and the same answer', async () => {
    const key = `gig-post-${Date.now()}`;
    const send = (s: TestSession, url: string, payload: object, k: string) =>
      t.app.inject({ method: 'POST', url, headers: { ...s.headers, 'idempotency-key': k }, payload });
    const body = task({ title: `幂等发布${key.slice(-6)}` });
    const first = await send(employer, '/api/gig/tasks', body, key);
    const second = await send(employer, '/api/gig/tasks', body, key);
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    const id = (first.json() as TGigTask).id;
    assert.equal((second.json() as TGigTask).id, id);
    const rows = await t.ctx.database.db
      .selectFrom('gigTask')
      .select('id')
      .where('title', '=', body.title as string)
      .execute();
    assert.equal(rows.length, 1);
    const other = await send(employer, '/api/gig/tasks', { ...body, headcount: 9 }, key);
    assert.equal(other.statusCode, 422); // same key, different request

    const w = workers[4];
    assert.ok(w);
    const c1 = await send(w.session, `/api/gig/tasks/${id}/claim`, {}, `${key}-claim`);
    const c2 = await send(w.session, `/api/gig/tasks/${id}/claim`, {}, `${key}-claim`);
    assert.deepEqual([c1.statusCode, c2.statusCode], [201, 201]);
    assert.equal((c1.json() as TGigClaim).id, (c2.json() as TGigClaim).id);
    // Without the key, a second claim is a double claim.
    assert.equal((await post(w.session, `/api/gig/tasks/${id}/claim`)).status, 409);
  });

  it('one worker clicking claim five times at once gets one claim', async () => {
    const created = await post<TGigTask>(
      employer,
      '/api/gig/tasks',
      task({ headcount: 5, title: '重复点击测试' }),
    );
    const w = workers[1];
    assert.ok(w);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post(w.session, `/api/gig/tasks/${created.body.id}/claim`)),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
    const row = await t.ctx.database.db
      .selectFrom('gigTask')
      .select('claimedCount')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.claimedCount, 1);
  });

  it('each township sees its own sites’ tasks and activity; the county sees all', async () => {
    const inX = await post<TGigTask>(employer, '/api/gig/tasks', task({ title: '辖区X任务' }));
    const inO = await post<TGigTask>(
      employer,
      '/api/gig/tasks',
      task({ siteId: siteO.id, title: '辖区O任务' }),
    );
    assert.equal(inO.status, 201);
    const listX = await get<TGigTaskList>(villageX, '/api/gig/tasks?pageSize=100');
    assert.ok(listX.body.items.some((x) => x.id === inX.body.id));
    assert.ok(listX.body.items.every((x) => x.townshipCode === TOWNSHIP_X));
    const listO = await get<TGigTaskList>(villageO, '/api/gig/tasks?pageSize=100');
    assert.ok(listO.body.items.some((x) => x.id === inO.body.id));
    assert.ok(listO.body.items.every((x) => x.townshipCode === TOWNSHIP_O));
    assert.equal((await get(villageX, `/api/gig/tasks/${inO.body.id}`)).status, 404);
    const asked = await get<TGigTaskList>(villageX, `/api/gig/tasks?townshipCode=${TOWNSHIP_O}`);
    assert.equal(asked.body.total, 0);

    const month = today.slice(0, 7);
    const actX = await get<TGigActivity>(villageX, `/api/gig/activity?month=${month}`);
    assert.equal(actX.status, 200);
    assert.ok(actX.body.rows.length >= 1 && actX.body.rows.every((r) => r.townshipCode === TOWNSHIP_X));
    const rowX = actX.body.rows.find((r) => r.siteId === siteX.id);
    assert.ok(rowX && rowX.tasks >= 4 && rowX.paidFen >= 15000 && rowX.confirmedPayments >= 1);
    assert.equal(
      (await get(villageX, `/api/gig/activity?month=${month}&townshipCode=${TOWNSHIP_O}`)).status,
      403,
    );
    const county = await get<TGigActivity>(officer, `/api/gig/activity?month=${month}`);
    const sites = new Set(county.body.rows.map((r) => r.siteId));
    assert.ok(sites.has(siteX.id) && sites.has(siteO.id));
    // Employers see only their own tasks; they cannot see activity.
    assert.equal((await get(employer, `/api/gig/activity?month=${month}`)).status, 403);
    const other = await createOrganisation(registryDeps(t.ctx), registrarActor(), {
      kind: 'employer',
      name: '另一家用工单位',
      uscc: syntheticUscc(),
    });
    const otherEmployer = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: other.id }),
    );
    assert.equal((await get<TGigTaskList>(otherEmployer, '/api/gig/tasks')).body.total, 0);
    assert.equal((await get(otherEmployer, `/api/gig/tasks/${inX.body.id}`)).status, 404);
    assert.equal((await post(otherEmployer, `/api/gig/tasks/${inX.body.id}/cancel`)).status, 404);
  });

  it('households post through a village worker or as a citizen; names of the household are not published', async () => {
    const byCitizen = await post<TGigTask>(
      citizenA,
      '/api/gig/tasks',
      task({ posterKind: 'household', title: '帮忙搬家', payUnit: 'task', payFen: 20000 }),
    );
    assert.equal(byCitizen.status, 201, JSON.stringify(byCitizen.body));
    assert.equal(byCitizen.body.posterLabel, '管道三公司居民');
    assert.equal(byCitizen.body.canManage, true);
    const byWorker = await post<TGigTask>(
      villageX,
      '/api/gig/tasks',
      task({ posterKind: 'household', householdId: householdX, title: '代发：果园除草' }),
    );
    assert.equal(byWorker.status, 201);
    // A village worker of another township cannot post for this household.
    const foreign = await post(
      villageO,
      '/api/gig/tasks',
      task({ posterKind: 'household', householdId: householdX, siteId: siteO.id }),
    );
    assert.equal(foreign.status, 404);
    // A citizen cannot post as an employer; an employer cannot post as a household.
    assert.equal((await post(citizenA, '/api/gig/tasks', task())).status, 400);
    assert.equal((await post(employer, '/api/gig/tasks', task({ posterKind: 'household' }))).status, 400);
  });

  it('discriminatory text is blocked with its reason and the decision is stored; phone numbers are refused', async () => {
    const blocked = await post<{ error: { code: string; message: string; details: { decisionId: string } } }>(
      employer,
      '/api/gig/tasks',
      task({ title: '装卸工（限男性）' }),
    );
    assert.equal(blocked.status, 400);
    assert.match(blocked.body.error.message, /性别/);
    const decision = await t.ctx.database.db
      .selectFrom('decisions')
      .select(['ruleId', 'outcome'])
      .where('id', '=', blocked.body.error.details.decisionId)
      .executeTakeFirstOrThrow();
    assert.equal(decision.ruleId, 'employment.posting.discrimination_check');
    assert.equal(decision.outcome, 'block');

    const warned = await post<TGigTask>(
      employer,
      '/api/gig/tasks',
      task({ description: '年龄 55 岁以下，能吃苦' }),
    );
    assert.equal(warned.status, 201);
    assert.ok(warned.body.warnings.some((w) => w.includes('年龄')));

    const phone = await post(employer, '/api/gig/tasks', task({ description: `联系 ${syntheticPhone()}` }));
    assert.equal(phone.status, 400);
  });

  it('a cancelled task withdraws its claims and tells the workers; a past task cannot be claimed', async () => {
    const created = await post<TGigTask>(employer, '/api/gig/tasks', task({ title: '将被取消的任务' }));
    const w = workers[2];
    assert.ok(w);
    await post(w.session, `/api/gig/tasks/${created.body.id}/claim`);
    const cancelled = await post<TGigTask>(employer, `/api/gig/tasks/${created.body.id}/cancel`);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal(cancelled.body.claimedCount, 0);
    const inbox = await get<TNotificationList>(w.session, '/api/notifications');
    assert.ok(inbox.body.items.some((n) => n.kind === 'gig.cancelled' && n.body.includes('将被取消的任务')));
    assert.equal((await post(w.session, `/api/gig/tasks/${created.body.id}/claim`)).status, 404);

    const later = await post<TGigTask>(employer, '/api/gig/tasks', task({ title: '过期任务' }));
    const past = new Date(`${today}T00:00:00Z`);
    past.setUTCDate(past.getUTCDate() - 3);
    await t.ctx.database.db
      .updateTable('gigTask')
      .set({ workDate: past.toISOString().slice(0, 10) })
      .where('id', '=', later.body.id)
      .execute();
    const late = await post<{ error: { message: string } }>(
      workers[3]?.session ?? w.session,
      `/api/gig/tasks/${later.body.id}/claim`,
    );
    assert.equal(late.status, 409);
    assert.equal(late.body.error.message, '任务日期已过，不能接单');
  });

  it('portal: nearby open tasks come from the worker’s own village first', async () => {
    const w = workers[1]; // lives in village X
    assert.ok(w);
    const near = await get<TGigTaskList>(w.session, '/api/gig/tasks/nearby?limit=100');
    assert.equal(near.status, 200);
    const firstOther = near.body.items.findIndex((x) => x.townshipCode !== TOWNSHIP_X);
    const lastOwn = near.body.items.map((x) => x.townshipCode).lastIndexOf(TOWNSHIP_X);
    assert.ok(firstOther === -1 || lastOwn < firstOther, 'own township first');
    assert.ok(near.body.items.every((x) => x.status === 'open' && x.remaining > 0));
  });
});
