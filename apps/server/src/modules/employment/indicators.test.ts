import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TIndicatorEntry, TIndicatorReport, TIndicatorRow } from '@qiaoti/contracts';
import type { Database } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { sql } from 'kysely';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson, registrarActor } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { createHousehold } from '../registry/households.service.ts';
import { registryDeps } from '../registry/registry-deps.ts';

const X = '410122001';
const VX = '410122001001';
const O = '410122101';
const VO = '410122101205';

/**
 * Indicators from known fixtures on an empty database (exact numbers). Months 2026-09 and 2026-10, townships X and O.
 */
describe('employment indicators (by township and month)', () => {
  let database: Database;
  let t: TestApp;
  let officer: TestSession;
  let villageX: TestSession;
  let employerSession: TestSession;

  before(async () => {
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
    const db = database.db;
    const p: Record<string, string> = {};
    for (const [name, village] of [
      ['p1', VX],
      ['p2', VX],
      ['p3', VX],
      ['p4', VO],
      ['p5', VO],
      ['p6', VX],
      ['p7', VX],
      ['p8', VX],
      ['p9', VX],
    ] as const)
      p[name] = (await createPerson(t.ctx, { residenceVillageCode: village })).id;
    const id = (k: string) => {
      const v = p[k];
      if (!v) throw new Error(k);
      return v;
    };

    const event = (person: string, kind: string, from: string | null, to: string, on: string) =>
      sql`insert into mobility_events (person_id, kind, from_value, to_value, occurred_on, source)
          values (${id(person)}, ${kind}, ${from === null ? null : JSON.stringify(from)}::jsonb, ${JSON.stringify(to)}::jsonb, ${on}, 'test')`.execute(
        db,
      );
    // 就业状态 changes.
    await event('p1', 'employment_status', 'unemployed', 'employed', '2026-09-05');
    await event('p1', 'employment_status', 'employed', 'unemployed', '2026-09-25');
    await event('p1', 'employment_status', 'unemployed', 'employed', '2026-09-28');
    await event('p2', 'employment_status', null, 'flexible', '2026-09-10');
    await event('p2', 'employment_status', 'flexible', 'self_employed', '2026-09-20');
    await event('p3', 'employment_status', 'employed', 'retired', '2026-09-15');
    await event('p4', 'employment_status', 'farming', 'employed', '2026-10-01');
    await event('p4', 'employment_status', 'employed', 'unemployed', '2026-10-20');
    await event('p5', 'employment_status', 'student', 'employed', '2026-10-31');
    await event('p6', 'employment_status', 'unemployed', 'migrant_worker', '2026-09-03');
    await event('p5', 'employment_status', 'student', 'employed', '2026-11-01'); // outside the range
    // Job-seeker registrations and status changes.
    await event('p1', 'job_seeker_status', null, 'unemployed', '2026-08-20');
    await event('p1', 'job_seeker_status', 'unemployed', 'employed', '2026-09-28');
    await event('p4', 'job_seeker_status', null, 'registered', '2026-09-01');
    await event('p4', 'job_seeker_status', 'registered', 'unemployed', '2026-10-20');
    await event('p6', 'job_seeker_status', null, 'unemployed', '2026-09-02');

    // Placements and follow-ups.
    const employer = await db
      .insertInto('organisations')
      .values({ kind: 'employer', name: '指标测试单位', uscc: null, placeCode: null, duties: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const placement = async (person: string, start: string) =>
      (
        await sql<{ id: string }>`insert into placement (person_id, organisation_id, start_date)
          values (${id(person)}, ${employer.id}, ${start}) returning id`.execute(db)
      ).rows[0]?.id ?? '';
    const followup = (placementId: string, dueMonth: number, due: string, result: string | null) =>
      sql`insert into placement_followup (placement_id, due_month, due_date, result)
          values (${placementId}, ${dueMonth}, ${due}, ${result})`.execute(db);
    const pl1 = await placement('p1', '2026-09-28');
    await placement('p5', '2026-10-31');
    await placement('p4', '2026-10-01');
    await followup(pl1, 1, '2026-10-28', 'employed');
    const pl7 = await placement('p7', '2026-07-10');
    await followup(pl7, 1, '2026-08-10', 'employed');
    await followup(pl7, 3, '2026-10-10', 'left');
    await followup(await placement('p8', '2026-07-15'), 3, '2026-10-15', 'employed');
    await followup(await placement('p9', '2026-07-20'), 3, '2026-10-20', null);

    // Assistance cases (each needs a decision, an identification and a work item).
    const decision = async () =>
      (
        await sql<{
          id: string;
        }>`insert into decisions (rule_id, subject_type, as_of, ruleset_version, parameter_version, input, outcome, reasons, parameters_read)
          values ('test.rule', 'case', '2026-09-01', 't', 't', '{}'::jsonb, 'true'::jsonb, '[]'::jsonb, '[]'::jsonb) returning id`.execute(
          db,
        )
      ).rows[0]?.id ?? '';
    const assistanceCase = async (person: string, village: string, opened: string, closed: string | null) => {
      const d = await decision();
      const ident = (
        await sql<{
          id: string;
        }>`insert into difficulty_identification (person_id, decision_id, category, as_of, village_code)
          values (${id(person)}, ${d}, 'LONG_TERM_UNEMPLOYED', ${opened}, ${village}) returning id`.execute(
          db,
        )
      ).rows[0]?.id;
      const work = (
        await sql<{ id: string }>`insert into work_items (type, subject_type, subject_id, title, state)
          values ('employment.assistance_case', 'person', ${id(person)}, '援助', 'open') returning id`.execute(
          db,
        )
      ).rows[0]?.id;
      await sql`insert into assistance_case (work_item_id, person_id, identification_id, category, village_code, status, opened_on, closed_on)
        values (${work}, ${id(person)}, ${ident}, 'LONG_TERM_UNEMPLOYED', ${village}, ${closed ? 'closed' : 'open'}, ${opened}, ${closed})`.execute(
        db,
      );
    };
    await assistanceCase('p6', VX, '2026-09-10', null);
    await assistanceCase('p1', VX, '2026-09-01', '2026-10-05');
    await assistanceCase('p4', VO, '2026-10-02', null);

    // 零就业家庭 spells.
    const household = async (person: string, village: string) =>
      (
        await createHousehold(registryDeps(t.ctx), registrarActor(), {
          villageCode: village,
          members: [{ personId: id(person), relation: 'head' }],
        })
      ).id;
    const spell = async (h: string, village: string, entered: string, left: string | null) =>
      sql`insert into zero_employment_spell (household_id, village_code, township_code, entered_on, entry_decision_id, left_on)
          values (${h}, ${village}, ${village.slice(0, 9)}, ${entered}, ${await decision()}, ${left})`.execute(
        db,
      );
    await spell(await household('p1', VX), VX, '2026-08-01', '2026-09-28');
    await spell(await household('p6', VX), VX, '2026-09-05', null);
    await spell(await household('p4', VO), VO, '2026-10-10', '2026-10-30');

    officer = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
    );
    villageX = await loginAs(
      t,
      await createTestAccount(t.ctx, {
        roles: ['village_worker'],
        organisationCode: `town-${X}`,
        villageCode: VX,
      }),
    );
    employerSession = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: employer.id }),
    );
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  const report = async (s: TestSession, qs: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/employment/indicators?${qs}`,
      headers: { cookie: s.cookie },
    });
    return { status: res.statusCode, body: res.json() as TIndicatorReport };
  };
  const row = (r: TIndicatorReport, area: string, month: string): TIndicatorRow => {
    const found = r.rows.find((x) => x.areaCode === area && x.month === month);
    assert.ok(found, `${area} ${month}`);
    return found;
  };
  const pick = (r: TIndicatorRow) => ({
    newJobsGross: r.newJobsGross,
    newJobsNet: r.newJobsNet,
    registeredUnemployed: r.registeredUnemployed,
    placements: r.placements,
    retention1: r.retention1,
    retention3: r.retention3,
    retention6: r.retention6,
    assistanceOpened: r.assistanceOpened,
    assistanceClosed: r.assistanceClosed,
    zeroEmploymentCleared: r.zeroEmploymentCleared,
    zeroEmploymentOnList: r.zeroEmploymentOnList,
  });

  it('computes every indicator exactly, with both 城镇新增就业 definitions', async () => {
    const r = await report(officer, 'from=2026-09&to=2026-10');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.months, ['2026-09', '2026-10']);
    assert.equal(r.body.rows.length, 2 * 18); // 17 townships + county total, per month
    // p1 (twice, counted once) and p2 entered 就业; p1 and p3 (retired) left it: gross 2, net 0.
    assert.deepEqual(pick(row(r.body, X, '2026-09')), {
      newJobsGross: 2,
      newJobsNet: 0,
      registeredUnemployed: 1, // p6 (p1 found work on 09-28)
      placements: 1,
      retention1: null,
      retention3: null,
      retention6: null,
      assistanceOpened: 2,
      assistanceClosed: 0,
      zeroEmploymentCleared: 1,
      zeroEmploymentOnList: 1,
    });
    assert.deepEqual(pick(row(r.body, X, '2026-10')), {
      newJobsGross: 0,
      newJobsNet: 0,
      registeredUnemployed: 1,
      placements: 0,
      retention1: 10_000, // 1 of 1
      retention3: 5_000, // 1 of 2 done (the undone one is not counted)
      retention6: null,
      assistanceOpened: 0,
      assistanceClosed: 1,
      zeroEmploymentCleared: 0,
      zeroEmploymentOnList: 1,
    });
    // p4 and p5 entered 就业, p4 left again: gross 2, net 1.
    assert.deepEqual(pick(row(r.body, O, '2026-10')), {
      newJobsGross: 2,
      newJobsNet: 1,
      registeredUnemployed: 1,
      placements: 2,
      retention1: null,
      retention3: null,
      retention6: null,
      assistanceOpened: 1,
      assistanceClosed: 0,
      zeroEmploymentCleared: 1,
      zeroEmploymentOnList: 0,
    });
    assert.equal(row(r.body, O, '2026-09').registeredUnemployed, 0);
    const county = row(r.body, '410122', '2026-10');
    assert.equal(county.areaName, '中牟县（合计）');
    assert.deepEqual(
      [
        county.newJobsGross,
        county.newJobsNet,
        county.placements,
        county.retention3,
        county.registeredUnemployed,
      ],
      [2, 1, 2, 5_000, 2],
    );
    const defs = new Map(r.body.definitions.map((d) => [d.key, d]));
    assert.match(defs.get('newJobsGross')?.label ?? '', /口径一/);
    assert.match(defs.get('newJobsNet')?.definition ?? '', /自然减员.*DOMAIN\.md §5/);
  });

  it('the surveyed unemployment rate is entered with its source, corrected with an audit trail, and shown', async () => {
    const enter = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/employment/indicators/entries',
        headers: officer.headers,
        payload,
      });
    const first = await enter({
      indicator: 'surveyed_unemployment_rate',
      areaCode: '410122',
      month: '2026-09',
      ratePercent: 5.2,
      source: '郑州市统计局月报',
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal((first.json() as TIndicatorEntry).value, 520);
    const corrected = await enter({
      indicator: 'surveyed_unemployment_rate',
      areaCode: '410122',
      month: '2026-09',
      ratePercent: 5.1,
      source: '郑州市统计局月报（修订）',
    });
    assert.equal((corrected.json() as TIndicatorEntry).value, 510);
    const audit = await database.db
      .selectFrom('auditLog')
      .select('details')
      .where('event', '=', 'indicator.entry')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        value: (audit.details as { value: number }).value,
        previous: (audit.details as { previousValue: number }).previousValue,
      },
      { value: 510, previous: 520 },
    );
    const noSource = await enter({
      indicator: 'surveyed_unemployment_rate',
      areaCode: '410122',
      month: '2026-10',
      ratePercent: 5,
    });
    assert.equal(noSource.statusCode, 400);
    const unknown = await enter({
      indicator: 'surveyed_unemployment_rate',
      areaCode: '410122999',
      month: '2026-10',
      ratePercent: 5,
      source: '某来源说明',
    });
    assert.equal((unknown.json() as { error: { code: string } }).error.code, 'UNKNOWN_CODE');
    // A village worker reads but does not enter.
    const byVillage = await t.app.inject({
      method: 'POST',
      url: '/api/employment/indicators/entries',
      headers: villageX.headers,
      payload: {
        indicator: 'surveyed_unemployment_rate',
        areaCode: X,
        month: '2026-10',
        ratePercent: 4,
        source: '某来源说明',
      },
    });
    assert.equal(byVillage.statusCode, 403);

    const r = await report(officer, 'from=2026-09&to=2026-10');
    const county = row(r.body, '410122', '2026-09');
    assert.equal(county.surveyedUnemploymentRate, 510);
    assert.equal(county.surveyedUnemploymentSource, '郑州市统计局月报（修订）');
    assert.equal(row(r.body, '410122', '2026-10').surveyedUnemploymentRate, null);
  });

  it('a township sees only its own rows; employers see none', async () => {
    const r = await report(villageX, 'from=2026-09&to=2026-10');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.rows.map((x) => `${x.areaCode} ${x.month}`),
      [`${X} 2026-09`, `${X} 2026-10`],
    );
    assert.equal(r.body.rows[0]?.newJobsGross, 2);
    assert.equal((await report(villageX, `from=2026-09&to=2026-10&townshipCode=${O}`)).status, 403);
    assert.equal((await report(employerSession, 'from=2026-09&to=2026-10')).status, 403);
    const filtered = await report(officer, `from=2026-10&to=2026-10&townshipCode=${O}`);
    assert.deepEqual(pick(filtered.body.rows[0] as TIndicatorRow).newJobsNet, 1);
    assert.equal(filtered.body.rows.length, 1);
    assert.equal((await report(officer, 'from=2026-10&to=2026-09')).status, 400);
  });

  it('exports a real .xlsx with the numbers and the definitions, and audits the export', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/employment/indicators.xlsx?from=2026-09&to=2026-10',
      headers: { cookie: officer.cookie },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('就业指标');
    assert.ok(sheet);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.equal(header[0], '月份');
    assert.match(String(header[3]), /口径一/);
    assert.match(String(header[4]), /口径二/);
    const xSep = sheet
      .getRows(2, sheet.rowCount - 1)
      ?.find((r) => r.getCell(1).value === '2026-09' && r.getCell(2).value === X);
    assert.ok(xSep);
    assert.deepEqual([xSep.getCell(4).value, xSep.getCell(5).value, xSep.getCell(6).value], [2, 0, 1]);
    const countyOct = sheet
      .getRows(2, sheet.rowCount - 1)
      ?.find((r) => r.getCell(1).value === '2026-10' && r.getCell(2).value === '410122');
    assert.equal(countyOct?.getCell(9).value, 50); // 3-month retention, percent
    const defs = wb.getWorksheet('口径说明');
    assert.ok(defs && defs.rowCount >= 13);
    const audit = await database.db
      .selectFrom('auditLog')
      .select('objectType')
      .where('event', '=', 'export')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(audit.objectType, 'indicator_report');
  });
});
