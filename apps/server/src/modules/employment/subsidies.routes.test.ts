import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TSubsidyApplication } from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, fakeClock, type TestApp } from '../../test/harness.ts';

/**
 * 就业补贴 through the API: eligibility and amount by rule (stored decisions with reasons), the duration limit
 * across applications, one application per submission (business key and Idempotency-Key), review and payment by
 * 县人社局, and employers seeing only their own applications.
 */
describe('employment subsidies API', () => {
  let t: TestApp;
  let staff: TestSession;
  let employerA: TestSession;
  let employerB: TestSession;
  let orgA: string;
  let orgB: string;

  const db = () => t.ctx.database.db;
  const post = (s: TestSession, url: string, payload: object, key?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: key ? { ...s.headers, 'idempotency-key': key } : s.headers,
      payload,
    });
  const get = (s: TestSession, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  async function employerOrg(): Promise<string> {
    const org = await db()
      .insertInto('organisations')
      .values({ kind: 'employer', name: `补贴测试单位${Math.random().toString(36).slice(2, 8)}`, duties: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    return org.id;
  }

  /** A person identified as 就业困难人员 (unemployed 8 months), born on the date given. */
  async function identified(birthDate = '1990-05-01'): Promise<{ id: string; idNumber: string }> {
    const p = await createPerson(t.ctx, { birthDate, gender: 'M', residenceVillageCode: '410122001201' });
    await db()
      .insertInto('personFacts')
      .values({
        personId: p.id,
        fact: 'employment_status',
        value: JSON.stringify('unemployed'),
        validFrom: '2026-03-01',
        source: 'test',
      })
      .execute();
    const res = await post(staff, '/api/employment/assistance/identifications', { personId: p.id });
    assert.equal(res.json().category, 'LONG_TERM_UNEMPLOYED', res.body);
    return { id: p.id, idNumber: p.idNumber };
  }

  const apply = (s: TestSession, payload: object, key?: string) =>
    post(s, s === staff ? '/api/employment/subsidies' : '/api/employer/subsidies', payload, key);

  before(async () => {
    t = await buildTestApp({ clock: fakeClock(new Date('2026-11-28T02:00:00Z')) });
    staff = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
    );
    orgA = await employerOrg();
    orgB = await employerOrg();
    employerA = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: orgA }),
    );
    employerB = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: orgB }),
    );
  });
  after(async () => {
    await t.app.close();
  });

  it('computes the 社保补贴 at, below and above the monthly cap, with reasons and the 待确认 parameter', async () => {
    const amounts: number[] = [];
    for (const [i, contribution] of [99_999, 100_000, 100_001].entries()) {
      const p = await identified();
      const res = await apply(staff, {
        kind: 'social_insurance',
        personId: p.id,
        organisationId: orgA,
        periodFrom: `2026-0${i + 1}`,
        months: 12,
        monthlyContributionFen: contribution,
        contractSigned: true,
        insurancePaid: true,
      });
      assert.equal(res.statusCode, 201, res.body);
      const a = res.json() as TSubsidyApplication;
      assert.equal(a.eligible, true);
      assert.equal(a.monthsAllowed, 12);
      assert.equal(a.amountFen, a.monthlyAmountFen * 12);
      assert.ok(
        a.reasons.some((r) => r.includes('已认定为就业困难人员')),
        a.reasons.join('\n'),
      );
      assert.ok(a.pendingParameters.includes('社会保险补贴每人每月上限'), a.pendingParameters.join('、'));
      amounts.push(a.monthlyAmountFen);
    }
    assert.deepEqual(amounts, [99_999, 100_000, 100_000]);
  });

  it('refuses an application for a person not identified, and approval of it', async () => {
    const p = await createPerson(t.ctx, { birthDate: '1990-05-01', residenceVillageCode: '410122001201' });
    const res = await apply(staff, {
      kind: 'post',
      personId: p.id,
      organisationId: orgA,
      periodFrom: '2026-01',
      months: 6,
      contractSigned: true,
    });
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json() as TSubsidyApplication;
    assert.equal(a.eligible, false);
    assert.equal(a.amountFen, 0);
    assert.ok(a.reasons.some((r) => r.includes('已认定为就业困难人员')));
    const approve = await post(staff, `/api/employment/subsidies/${a.id}/review`, { decision: 'approve' });
    assert.equal(approve.statusCode, 409);
    const rejectWithoutReason = await post(staff, `/api/employment/subsidies/${a.id}/review`, {
      decision: 'reject',
    });
    assert.equal(rejectWithoutReason.statusCode, 400);
    const reject = await post(staff, `/api/employment/subsidies/${a.id}/review`, {
      decision: 'reject',
      note: '未认定为就业困难人员',
    });
    assert.equal((reject.json() as TSubsidyApplication).status, 'rejected');
  });

  it('creates one application for a double submit and for a retried Idempotency-Key', async () => {
    const p = await identified();
    const body = {
      kind: 'post',
      idNumber: p.idNumber,
      periodFrom: '2026-03',
      months: 6,
      contractSigned: true,
    };
    const first = await apply(employerA, body, 'apply-key-0001');
    const retry = await apply(employerA, body, 'apply-key-0001');
    const doubleClick = await apply(employerA, body, 'apply-key-0002');
    const noKey = await apply(employerA, body);
    assert.equal(first.statusCode, 201, first.body);
    const ids = [first, retry, doubleClick, noKey].map((r) => (r.json() as TSubsidyApplication).id);
    assert.equal(new Set(ids).size, 1);
    const rows = await db()
      .selectFrom('subsidyApplication')
      .select('id')
      .where('personId', '=', p.id)
      .execute();
    assert.equal(rows.length, 1);
    const mismatch = await apply(employerA, { ...body, months: 5 }, 'apply-key-0001');
    assert.equal(mismatch.statusCode, 422);

    // Three concurrent submits of a new application (a triple click): one application, the same answer to all.
    const q = await identified();
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => apply(employerA, { ...body, idNumber: q.idNumber })),
    );
    assert.deepEqual(
      concurrent.map((r) => r.statusCode),
      [201, 201, 201],
    );
    assert.equal(new Set(concurrent.map((r) => (r.json() as TSubsidyApplication).id)).size, 1);
    const made = await db()
      .selectFrom('subsidyApplication')
      .select('id')
      .where('personId', '=', q.id)
      .execute();
    assert.equal(made.length, 1);
  });

  it('counts months already paid against the 36-month limit across applications', async () => {
    const p = await identified();
    const base = { kind: 'post', personId: p.id, organisationId: orgA, contractSigned: true };
    const first = (
      await apply(staff, { ...base, periodFrom: '2023-01', months: 30 })
    ).json() as TSubsidyApplication;
    assert.equal(first.monthsAllowed, 30);
    const approved = await post(
      staff,
      `/api/employment/subsidies/${first.id}/review`,
      { decision: 'approve' },
      'rev-0001',
    );
    assert.equal((approved.json() as TSubsidyApplication).status, 'approved');
    const paid = await post(
      staff,
      `/api/employment/subsidies/${first.id}/payments`,
      { months: 30, voucherNo: `PZ-${first.id.slice(0, 8)}`, paidOn: '2026-11-20' },
      'pay-0001',
    );
    assert.equal(paid.statusCode, 200, paid.body);
    const paidApp = paid.json() as TSubsidyApplication;
    assert.equal(paidApp.status, 'paid');
    assert.equal(paidApp.paidMonths, 30);
    assert.deepEqual(
      paidApp.payments.map((x) => [x.periodFrom, x.periodTo, x.amountFen]),
      [['2023-01', '2025-06', 30 * paidApp.monthlyAmountFen]],
    );
    // A retried payment with the same key records nothing more; the same voucher number is refused.
    const retried = await post(
      staff,
      `/api/employment/subsidies/${first.id}/payments`,
      { months: 30, voucherNo: `PZ-${first.id.slice(0, 8)}`, paidOn: '2026-11-20' },
      'pay-0001',
    );
    assert.equal((retried.json() as TSubsidyApplication).payments.length, 1);

    // 36 − 30 paid = 6 months left: a 12-month application is cut to 6; one more finds none left.
    const second = (
      await apply(staff, { ...base, periodFrom: '2025-07', months: 12 })
    ).json() as TSubsidyApplication;
    assert.equal(second.eligible, true);
    assert.equal(second.monthsAllowed, 6);
    await post(staff, `/api/employment/subsidies/${second.id}/review`, { decision: 'approve' });
    const overpay = await post(staff, `/api/employment/subsidies/${second.id}/payments`, {
      months: 7,
      voucherNo: `PZ2-${second.id.slice(0, 8)}`,
      paidOn: '2026-11-21',
    });
    assert.equal(overpay.statusCode, 400);
    const third = (
      await apply(staff, { ...base, periodFrom: '2026-01', months: 1 })
    ).json() as TSubsidyApplication;
    assert.equal(third.eligible, false);
    assert.ok(
      third.reasons.some((r) => r.includes('剩余可享受补贴月数')),
      third.reasons.join('\n'),
    );
  });

  it('lets an employer see only its own applications', async () => {
    const p = await identified();
    const mine = await apply(employerA, {
      kind: 'social_insurance',
      idNumber: p.idNumber,
      periodFrom: '2026-06',
      months: 3,
      monthlyContributionFen: 50_000,
      contractSigned: true,
      insurancePaid: true,
    });
    assert.equal(mine.statusCode, 201, mine.body);
    const a = mine.json() as TSubsidyApplication;
    assert.equal(a.organisationId, orgA);
    assert.equal(a.channel, 'employer');
    const listA = (await get(employerA, '/api/employer/subsidies')).json() as {
      applications: TSubsidyApplication[];
    };
    assert.ok(listA.applications.some((x) => x.id === a.id));
    assert.ok(listA.applications.every((x) => x.organisationId === orgA));
    const listB = (await get(employerB, '/api/employer/subsidies')).json() as {
      applications: TSubsidyApplication[];
    };
    assert.ok(!listB.applications.some((x) => x.id === a.id));
    assert.equal((await get(employerB, `/api/employer/subsidies/${a.id}`)).statusCode, 404);
    // Employers cannot review, read the staff list, or apply for a flexible-employment subsidy.
    assert.equal(
      (await post(employerA, `/api/employment/subsidies/${a.id}/review`, { decision: 'approve' })).statusCode,
      403,
    );
    assert.equal((await get(employerA, '/api/employment/subsidies')).statusCode, 403);
    const flexible = await apply(employerA, {
      kind: 'flexible_social_insurance',
      idNumber: p.idNumber,
      periodFrom: '2026-06',
      months: 3,
    });
    assert.equal(flexible.statusCode, 400);
    // Staff filter by status.
    const submitted = (await get(staff, '/api/employment/subsidies?status=submitted')).json() as {
      applications: TSubsidyApplication[];
    };
    assert.ok(submitted.applications.some((x) => x.id === a.id));
    assert.ok(submitted.applications.every((x) => x.status === 'submitted'));
  });
});
