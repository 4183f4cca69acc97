import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { getTestDatabase } from '@qiaoti/db/testing';
import type { Actor } from '../../actor.ts';
import { isAppError } from '../../errors.ts';
import {
  buildPerson,
  createPerson,
  departmentActor,
  syntheticIdNumber,
  testActor,
} from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { addPersonFact } from './facts.service.ts';
import {
  createPerson as createPersonService,
  getPerson,
  listPersonMobilityEvents,
  revealPersonField,
  searchPersons,
  updatePerson,
} from './persons.service.ts';
import { listPlaces } from './places.service.ts';
import { type RegistryDeps, registryDeps } from './registry-deps.ts';

const VILLAGE_X = '410122001001';
const VILLAGE_Y = '410122001002';
const OTHER_TOWNSHIP_VILLAGE = '410122101205';

/** Asserts that `fn` rejects with AppError(code); returns the error's details. */
async function rejectsWith(fn: () => Promise<unknown>, code: string): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    assert.ok(isAppError(e), `expected AppError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e.details;
  }
  assert.fail(`expected ${code}`);
}

describe('registry persons service', () => {
  let t: TestApp;
  let deps: RegistryDeps;
  let officer: Actor;
  before(async () => {
    t = await buildTestApp({ database: await getTestDatabase() });
    deps = registryDeps(t.ctx);
    officer = await departmentActor(deps.db, 'hrss', ['employment_officer']);
  });

  const auditFor = (requestId: string | null) =>
    deps.db
      .selectFrom('auditLog')
      .select(['event', 'outcome', 'objectId', 'details'])
      .where('requestId', '=', requestId)
      .execute();

  it('derives birth date and gender from the ID number, seals ID and phone, and masks them', async () => {
    const input = buildPerson({ birthDate: '1990-05-01', gender: 'F', phone: '13812345678' });
    const detail = await createPersonService(deps, officer, input);
    assert.equal(detail.birthDate, '1990-05-01');
    assert.equal(detail.gender, 'F');
    assert.equal(detail.idNumberMasked, `4${'*'.repeat(16)}${input.idNumber.slice(-1)}`);
    assert.equal(detail.phoneMasked, '138****5678');
    const row = await deps.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', detail.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(input.idNumber));
    assert.ok(!JSON.stringify(row).includes('13812345678'));
    assert.equal(deps.pii.decrypt(row.idNumberCipher), input.idNumber);
    // Registration writes the initial residence, hukou and education as mobility events.
    const kinds = detail.mobilityEvents.map((e) => e.kind).sort();
    assert.deepEqual(kinds, ['education', 'hukou', 'hukou_kind', 'residence']);
    const audit = await auditFor(officer.requestId);
    assert.ok(audit.some((a) => a.event === 'person.create' && a.objectId === detail.id));
  });

  it('keeps one person per ID number (DUPLICATE_ID_NUMBER), also written in lowercase or full width', async () => {
    const p = await createPerson(t.ctx);
    await rejectsWith(
      () => createPersonService(deps, officer, buildPerson({ idNumber: p.idNumber })),
      'DUPLICATE_ID_NUMBER',
    );
    const fullWidth = p.idNumber
      .replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      .toLowerCase();
    await rejectsWith(
      () => createPersonService(deps, officer, buildPerson({ idNumber: fullWidth })),
      'DUPLICATE_ID_NUMBER',
    );
  });

  it('rejects unknown division codes with UNKNOWN_CODE naming the code', async () => {
    const details = await rejectsWith(
      () => createPersonService(deps, officer, buildPerson({ residenceVillageCode: '410122999999' })),
      'UNKNOWN_CODE',
    );
    assert.deepEqual(details, { field: 'residenceVillageCode', code: '410122999999' });
    await rejectsWith(() => listPlaces(deps, officer, { parent: '410199' }), 'UNKNOWN_CODE');
    const towns = await listPlaces(deps, officer, { parent: '410122' });
    assert.equal(towns.places.length, 17);
  });

  it('finds by ID number, by phone, and by name within a village', async () => {
    const p = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
    const byId = await searchPersons(deps, officer, { idNumber: p.idNumber.toLowerCase() });
    assert.deepEqual(
      byId.persons.map((x) => x.id),
      [p.id],
    );
    const byPhone = await searchPersons(deps, officer, { phone: p.phone ?? '' });
    assert.ok(byPhone.persons.some((x) => x.id === p.id));
    const byName = await searchPersons(deps, officer, { name: p.input.name, villageCode: VILLAGE_X });
    assert.ok(byName.persons.some((x) => x.id === p.id));
    const none = await searchPersons(deps, officer, { idNumber: syntheticIdNumber() });
    assert.equal(none.persons.length, 0);
    await rejectsWith(
      () => searchPersons(deps, officer, { name: p.input.name, villageCode: '410122999999' }),
      'UNKNOWN_CODE',
    );
  });

  it('scopes a village worker to their village: another village is NOT_FOUND and the denial audited', async () => {
    const inX = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
    const inY = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_Y });
    const worker = testActor({ roles: ['village_worker'], villageCode: VILLAGE_X });
    assert.equal((await getPerson(deps, worker, inX.id)).id, inX.id);
    await rejectsWith(() => getPerson(deps, worker, inY.id), 'NOT_FOUND');
    const search = await searchPersons(deps, worker, { idNumber: inY.idNumber });
    assert.equal(search.persons.length, 0);
    const audit = await auditFor(worker.requestId);
    assert.ok(audit.some((a) => a.event === 'access.denied' && a.objectId === inY.id));
    assert.equal(audit.filter((a) => a.event === 'access.denied').length, 2);
    // …and may register only residents of their village.
    await rejectsWith(
      () => createPersonService(deps, worker, buildPerson({ residenceVillageCode: VILLAGE_Y })),
      'FORBIDDEN',
    );
    const created = await createPersonService(deps, worker, buildPerson({ residenceVillageCode: VILLAGE_X }));
    assert.equal(created.villageCode, VILLAGE_X);
  });

  it('scopes a township government to its township', async () => {
    const inTown = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_Y });
    const elsewhere = await createPerson(t.ctx, { residenceVillageCode: OTHER_TOWNSHIP_VILLAGE });
    const town = await departmentActor(deps.db, 'town-410122001', ['village_worker']);
    const townStaff = {
      ...town,
      roles: [],
      permissions: new Set(['registry.person.read' as const]),
      villageCode: '410122001',
    };
    assert.equal((await getPerson(deps, townStaff, inTown.id)).id, inTown.id);
    await rejectsWith(() => getPerson(deps, townStaff, elsewhere.id), 'NOT_FOUND');
  });

  it('shows a citizen only their own record; employers, the 三员 and duty-less departments see no one', async () => {
    const me = await createPerson(t.ctx);
    const other = await createPerson(t.ctx);
    const citizen = testActor({ roles: ['citizen'], personId: me.id });
    const mine = await getPerson(deps, citizen, me.id);
    assert.equal(mine.id, me.id);
    assert.deepEqual(mine.can, { edit: false, reveal: false });
    await rejectsWith(() => getPerson(deps, citizen, other.id), 'NOT_FOUND');
    await rejectsWith(() => searchPersons(deps, citizen, { idNumber: other.idNumber }), 'FORBIDDEN');

    const employer = testActor({ roles: ['employer'], organisationKind: 'employer' });
    await rejectsWith(() => getPerson(deps, employer, me.id), 'FORBIDDEN');
    const sysAdmin = testActor({ roles: ['sys_admin'] });
    await rejectsWith(() => getPerson(deps, sysAdmin, me.id), 'FORBIDDEN');
    // A department without registry duties holding a reading role still sees no one (data level).
    const culture = await departmentActor(deps.db, 'culture', ['archive_officer']);
    await rejectsWith(() => getPerson(deps, culture, me.id), 'NOT_FOUND');
    assert.equal((await searchPersons(deps, culture, { idNumber: me.idNumber })).persons.length, 0);
  });

  it('updates with optimistic locking and writes a mobility event for a move', async () => {
    const p = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
    const v1 = await getPerson(deps, officer, p.id);
    const moved = await updatePerson(deps, officer, p.id, {
      version: v1.version,
      residenceVillageCode: OTHER_TOWNSHIP_VILLAGE,
      effectiveOn: '2026-03-01',
    });
    assert.equal(moved.version, v1.version + 1);
    assert.equal(moved.villageCode, OTHER_TOWNSHIP_VILLAGE);
    const events = await listPersonMobilityEvents(deps, officer, p.id);
    const move = events.events.find((e) => e.kind === 'residence' && e.occurredOn === '2026-03-01');
    assert.ok(move);
    assert.equal(move.fromValue, VILLAGE_X);
    assert.equal(move.toValue, OTHER_TOWNSHIP_VILLAGE);
    assert.match(move.toLabel ?? '', /韩寺镇/);
    // A stale version is a conflict, and nothing changes.
    await rejectsWith(
      () => updatePerson(deps, officer, p.id, { version: v1.version, name: '改名' }),
      'CONFLICT',
    );
    assert.equal((await getPerson(deps, officer, p.id)).name, p.input.name);
  });

  it('reveals the full value only with the permission and a purpose, audited without the value', async () => {
    const p = await createPerson(t.ctx);
    const r = await revealPersonField(deps, officer, p.id, {
      field: 'idNumber',
      purpose: '核对社保登记信息',
    });
    assert.equal(r.value, p.idNumber);
    const audit = await auditFor(officer.requestId);
    const reveal = audit.find((a) => a.event === 'person.reveal' && a.objectId === p.id);
    assert.ok(reveal);
    assert.equal((reveal.details as { purpose: string }).purpose, '核对社保登记信息');
    assert.ok(!JSON.stringify(audit).includes(p.idNumber));
    const worker = testActor({ roles: ['village_worker'], villageCode: VILLAGE_X });
    await rejectsWith(
      () => revealPersonField(deps, worker, p.id, { field: 'phone', purpose: '电话回访' }),
      'FORBIDDEN',
    );
  });

  it('records dated facts; a change of status or income band is a mobility event, a raise within one is not', async () => {
    const p = await createPerson(t.ctx, { birthDate: '1985-02-03' });
    await addPersonFact(deps, officer, p.id, {
      fact: 'employment_status',
      value: 'unemployed',
      validFrom: '2025-01-01',
    });
    await addPersonFact(deps, officer, p.id, {
      fact: 'employment_status',
      value: 'employed',
      validFrom: '2025-06-01',
    });
    await addPersonFact(deps, officer, p.id, {
      fact: 'monthly_income_fen',
      value: 350_000,
      validFrom: '2025-06-01',
    });
    await addPersonFact(deps, officer, p.id, {
      fact: 'monthly_income_fen',
      value: 380_000,
      validFrom: '2025-09-01',
    });
    await addPersonFact(deps, officer, p.id, {
      fact: 'monthly_income_fen',
      value: 450_000,
      validFrom: '2026-01-01',
    });
    const f = await addPersonFact(deps, officer, p.id, {
      fact: 'occupation_code',
      value: '2-02-07-07',
      validFrom: '2025-06-01',
    });
    assert.equal(f.label, '自动控制工程技术人员');
    await rejectsWith(
      () =>
        addPersonFact(deps, officer, p.id, {
          fact: 'occupation_code',
          value: '9-99-99-99',
          validFrom: '2025-06-01',
        }),
      'UNKNOWN_CODE',
    );
    await rejectsWith(
      () =>
        addPersonFact(deps, officer, p.id, {
          fact: 'employment_status',
          value: 'employed',
          validFrom: '2099-01-01',
        }),
      'VALIDATION_FAILED',
    );
    const events = (await listPersonMobilityEvents(deps, officer, p.id)).events;
    const status = events.filter((e) => e.kind === 'employment_status').map((e) => [e.fromValue, e.toValue]);
    assert.deepEqual(status, [
      ['unemployed', 'employed'],
      [null, 'unemployed'],
    ]);
    const bands = events.filter((e) => e.kind === 'income_band').map((e) => [e.fromValue, e.toValue]);
    assert.deepEqual(bands, [
      ['2000_3999', '4000_5999'],
      [null, '2000_3999'],
    ]);
    const detail = await getPerson(deps, officer, p.id);
    const income = detail.facts.find((x) => x.fact === 'monthly_income_fen');
    assert.equal(income?.value, 450_000);
    assert.equal(detail.facts.find((x) => x.fact === 'employment_status')?.label, '单位就业');
  });
});
