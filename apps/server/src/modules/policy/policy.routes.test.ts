import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TDecision, TExplanation, TImpactReport, TReplayResult } from '@qiaoti/contracts';
import type { Database } from '@qiaoti/db';
import { writeCounty } from '@qiaoti/db/generator/index';
import { openIsolatedTestDatabase, testPii } from '@qiaoti/db/testing';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson, syntheticIdNumber } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { listHouseholdIncomes } from './policy.repository.ts';

const household = { members: 3, monthlyIncomeFen: 120000, area: 'rural', assetsWithinLimit: true };

describe('policy API: 试算, decisions, replay, parameter changes', () => {
  let t: TestApp;
  let civil: TestSession;
  let village: TestSession;
  let database: Database;

  before(async () => {
    // Its own database: scheduled parameter changes would otherwise reach other test files' decisions.
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
    civil = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['civil_affairs_officer'], organisationCode: 'civil' }),
    );
    village = await loginAs(
      t,
      await createTestAccount(t.ctx, {
        roles: ['village_worker'],
        organisationCode: 'town-410122001',
        villageCode: '410122001201',
      }),
    );
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  it('explains a trial calculation in Chinese with its clauses and the 待确认 standard', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/policy/evaluate',
      headers: village.headers,
      payload: { ruleId: 'welfare.dibao.eligible', asOf: '2025-06-01', input: household },
    });
    assert.equal(res.statusCode, 200, res.body);
    const e = res.json() as TExplanation;
    assert.equal(e.outcome, true);
    assert.ok(e.sentences.some((s) => s.startsWith('家庭月人均收入 400 元，低于低保标准 530 元（依据：')));
    assert.ok(e.cites.some((c) => c.id === 'GWYL-649#9' && c.citation.includes('社会救助暂行办法')));
    assert.ok(e.parameters.some((p) => p.id === 'welfare.dibao.standard_rural' && p.pending));
  });

  it('answers an unknown rule and a bad date with field messages, not a crash', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/policy/evaluate',
      headers: village.headers,
      payload: { ruleId: 'no.such.rule', asOf: '2025-06-01', input: {} },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.code, 'UNKNOWN_CODE');
    const badDate = await t.app.inject({
      method: 'POST',
      url: '/api/policy/evaluate',
      headers: village.headers,
      payload: { ruleId: 'welfare.dibao.eligible', asOf: '2025-02-30', input: household },
    });
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().error.code, 'VALIDATION_FAILED');
  });

  it('stores a decision that replays identically, even after the standard is changed retroactively', async () => {
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/policy/decisions',
      headers: civil.headers,
      payload: {
        ruleId: 'welfare.dibao.monthly_amount',
        asOf: '2025-06-01',
        input: household,
        subjectType: 'household',
      },
    });
    assert.equal(made.statusCode, 201, made.body);
    const { decision } = made.json() as { decision: TDecision };
    assert.equal(decision.outcome, 39000);
    assert.match(decision.rulesetVersion, /^[0-9a-f]{16}$/);
    assert.ok(decision.reasons.some((r) => r.includes('低于低保标准 530 元')));

    const replay1 = await t.app.inject({
      method: 'POST',
      url: `/api/policy/decisions/${decision.id}/replay`,
      headers: civil.headers,
    });
    assert.deepEqual(replay1.json(), {
      identical: true,
      storedOutcome: 39000,
      replayedOutcome: 39000,
      rulesetChanged: false,
      differences: [],
    } satisfies TReplayResult);

    // Raise the rural standard from 2025-01-01: a new calculation changes, the stored decision does not.
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/policy/parameter-changes',
      headers: civil.headers,
      payload: {
        parameterId: 'welfare.dibao.standard_rural',
        effectiveFrom: '2025-01-01',
        value: 60000,
        cites: ['GWYL-649#10'],
        pending: true,
        note: '测试：县民政局拟调整',
      },
    });
    assert.equal(change.statusCode, 201, change.body);
    const fresh = await t.app.inject({
      method: 'POST',
      url: '/api/policy/evaluate',
      headers: civil.headers,
      payload: { ruleId: 'welfare.dibao.monthly_amount', asOf: '2025-06-01', input: household },
    });
    assert.equal((fresh.json() as TExplanation).outcome, 60000);
    const replay2 = (
      await t.app.inject({
        method: 'POST',
        url: `/api/policy/decisions/${decision.id}/replay`,
        headers: civil.headers,
      })
    ).json() as TReplayResult;
    assert.equal(replay2.identical, true, replay2.differences.join('\n'));
    assert.equal(replay2.replayedOutcome, 39000);

    const explained = await t.app.inject({
      method: 'GET',
      url: `/api/policy/decisions/${decision.id}/explain`,
      headers: { cookie: civil.cookie },
    });
    assert.equal((explained.json() as TExplanation).outcome, 39000);

    // The library shows the scheduled value next to the rulebook's, marked 待确认.
    const library = await t.app.inject({
      method: 'GET',
      url: '/api/policy/library',
      headers: { cookie: civil.cookie },
    });
    const rural = (
      library.json() as {
        parameters: { id: string; history: { since: string; source: string; pending: boolean }[] }[];
      }
    ).parameters.find((p) => p.id === 'welfare.dibao.standard_rural');
    assert.ok(rural?.history.some((h) => h.since === '2025-01-01' && h.source === 'scheduled' && h.pending));

    const audit = await t.ctx.database.db
      .selectFrom('auditLog')
      .select('event')
      .where('event', 'in', ['decision.record', 'parameter.schedule'])
      .execute();
    assert.deepEqual(audit.map((a) => a.event).sort(), ['decision.record', 'parameter.schedule']);
  });

  it('refuses a parameter change from a role without policy.manage, and an unregistered clause', async () => {
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/policy/parameter-changes',
      headers: village.headers,
      payload: {
        parameterId: 'welfare.dibao.standard_rural',
        effectiveFrom: '2026-01-01',
        value: 1,
        cites: ['GWYL-649#10'],
      },
    });
    assert.equal(denied.statusCode, 403);
    const badClause = await t.app.inject({
      method: 'POST',
      url: '/api/policy/parameter-changes',
      headers: civil.headers,
      payload: {
        parameterId: 'welfare.dibao.standard_rural',
        effectiveFrom: '2026-01-01',
        value: 1,
        cites: ['NO-DOC#1'],
      },
    });
    assert.equal(badClause.statusCode, 400);
    assert.equal(badClause.json().error.code, 'UNKNOWN_CODE');
  });

  it('previews the impact of a draft standard over the registry, by township, matching a direct count', async () => {
    await writeCounty(t.ctx.database, testPii, {
      seed: 'policy-impact',
      persons: 600,
      idBlock: 7,
      singleTransaction: true,
    });
    const asOf = '2026-03-01';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/policy/impact',
      headers: civil.headers,
      payload: {
        parameterId: 'welfare.dibao.standard_rural',
        effectiveFrom: '2026-01-01',
        value: 150000,
        asOf,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json() as TImpactReport;
    const eligible = report.rules.find((r) => r.ruleId === 'welfare.dibao.eligible');
    assert.ok(eligible, 'the eligibility rule reads the rural standard');
    // Direct count: rural households whose per-capita income lies in [old standard, new standard).
    const rows = await listHouseholdIncomes(t.ctx.database.db, asOf);
    const expected = rows.filter((h) => {
      if (h.headHukouKind !== 'agricultural') return false;
      const perCapita = Math.floor(Number(h.monthlyIncomeFen) / Math.max(1, h.members));
      return perCapita >= 60000 && perCapita < 150000;
    }).length;
    assert.ok(expected > 0, 'the synthetic county has households in the band');
    assert.equal(eligible.flips, expected);
    assert.equal(
      eligible.byTownship.reduce((s, x) => s + x.gained + x.lost + x.changed, 0),
      eligible.flips,
    );
    assert.ok(
      eligible.byTownship.every((x) => x.lost === 0 && /^410122\d{3}$/.test(x.code) && x.name.length > 0),
    );
    assert.ok(eligible.list.every((f) => f.before === false && f.after === true));
    assert.equal(report.subjects, rows.length);
  });

  it('links a decision to a registered person by ID number or a household by 户号, in scope only', async () => {
    const person = await createPerson(t.ctx);
    const { db } = t.ctx.database;
    const number = `HH${Date.now()}`;
    const h = await db
      .insertInto('households')
      .values({ householdNumber: number, villageCode: '410122001001', headPersonId: person.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const decide = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/policy/decisions',
        headers: civil.headers,
        payload: { asOf: '2025-06-01', ...body },
      });
    const forPerson = await decide({
      ruleId: 'welfare.tekun.basic_standard',
      input: { area: 'rural' },
      subjectType: 'person',
      subjectIdNumber: person.idNumber,
    });
    assert.equal(forPerson.statusCode, 201, forPerson.body);
    assert.equal((forPerson.json() as { decision: TDecision }).decision.subjectId, person.id);
    const forHousehold = await decide({
      ruleId: 'welfare.dibao.monthly_amount',
      input: household,
      subjectType: 'household',
      subjectHouseholdNumber: number,
    });
    assert.equal(forHousehold.statusCode, 201, forHousehold.body);
    assert.equal((forHousehold.json() as { decision: TDecision }).decision.subjectId, h.id);

    // Nobody registered under that number; an id that is not one; two ways at once; the wrong kind.
    const unknown = await decide({
      ruleId: 'welfare.tekun.basic_standard',
      input: { area: 'rural' },
      subjectType: 'person',
      subjectIdNumber: syntheticIdNumber(),
    });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /未找到该人员/);
    const madeUp = await decide({
      ruleId: 'welfare.dibao.monthly_amount',
      input: household,
      subjectType: 'household',
      subjectId: 'not-a-household',
    });
    assert.equal(madeUp.statusCode, 404);
    const both = await decide({
      ruleId: 'welfare.dibao.monthly_amount',
      input: household,
      subjectType: 'household',
      subjectId: h.id,
      subjectHouseholdNumber: number,
    });
    assert.equal(both.statusCode, 400);
    const wrongKind = await decide({
      ruleId: 'welfare.dibao.monthly_amount',
      input: household,
      subjectType: 'household',
      subjectIdNumber: person.idNumber,
    });
    assert.equal(wrongKind.statusCode, 400);
    assert.match(wrongKind.body, /按户号/);
  });
});
