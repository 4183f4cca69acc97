import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  THouseholdDetail,
  TOrganisation,
  TOrganisationList,
  TPersonDetail,
  TPersonSearchResponse,
  TPlaceList,
} from '@qiaoti/contracts';
import { buildPerson, createPerson, syntheticIdNumber, syntheticUscc } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { buildRegistryWorld, type RegistryWorld, VILLAGE_X, VILLAGE_Y } from './registry.test-kit.ts';

interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { issues?: { path: string; message: string }[]; code?: string };
  };
}

describe('registry routes', () => {
  let t: TestApp;
  let w: RegistryWorld;
  before(async () => {
    t = await buildTestApp();
    w = await buildRegistryWorld(t);
  });
  after(async () => {
    await t.app.close();
  });

  const post = (user: keyof RegistryWorld['sessions'], url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: w.sessions[user].headers, payload: payload as object });
  const get = (user: keyof RegistryWorld['sessions'], url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: w.sessions[user].cookie } });

  it('registers a person and answers masked, no-store; field errors are in Chinese', async () => {
    const input = buildPerson({ residenceVillageCode: VILLAGE_X, phone: '13912345678' });
    const res = await post('officer', '/api/persons', input);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const p = res.json() as TPersonDetail;
    assert.equal(p.phoneMasked, '139****5678');
    assert.ok(!res.body.includes(input.idNumber));
    assert.deepEqual(p.can, { edit: true, reveal: true });

    const bad = await post('officer', '/api/persons', {
      ...buildPerson(),
      idNumber: `${input.idNumber.slice(0, 17)}${input.idNumber.endsWith('0') ? '1' : '0'}`,
    });
    assert.equal(bad.statusCode, 400);
    const body = bad.json() as ErrorJson;
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.ok(body.error.details?.issues?.some((i) => i.path === 'idNumber' && /校验位/.test(i.message)));

    const dup = await post('officer', '/api/persons', buildPerson({ idNumber: input.idNumber }));
    assert.equal(dup.statusCode, 409);
    assert.equal((dup.json() as ErrorJson).error.code, 'DUPLICATE_ID_NUMBER');
  });

  it('is search-first: no browse-all list, and a name needs a village', async () => {
    assert.equal((await get('officer', '/api/persons')).statusCode, 404);
    const noVillage = await post('officer', '/api/persons/search', { name: '张三' });
    assert.equal(noVillage.statusCode, 400);
    const found = await post('officer', '/api/persons/search', { idNumber: w.personX.idNumber });
    assert.equal(found.statusCode, 200);
    assert.deepEqual(
      (found.json() as TPersonSearchResponse).persons.map((p) => p.id),
      [w.personX.id],
    );
  });

  it('publishes every registry route in the OpenAPI document, none with an ID number in its path or query', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    for (const path of [
      '/api/persons/search',
      '/api/households/{id}',
      '/api/persons/{id}',
      '/api/persons',
      '/api/persons/{id}/reveal',
      '/api/persons/{id}/mobility-events',
      '/api/persons/{id}/facts',
      '/api/households/search',
      '/api/households/{id}',
      '/api/households',
      '/api/households/{id}/members',
      '/api/households/{id}/members/{personId}',
      '/api/organisations',
      '/api/places',
    ])
      assert.ok(doc.paths[path], path);
    const params = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).flatMap((o) => o.parameters ?? []),
    );
    assert.ok(!params.some((p) => /idNumber|phone/i.test(p.name)));
  });

  it('lists townships and villages for selectors; an unknown code is an error naming it', async () => {
    const towns = (await get('villageX', '/api/places?parent=410122')).json() as TPlaceList;
    assert.equal(towns.places.length, 17);
    assert.ok(towns.places.every((p) => p.level === 'township'));
    const villages = (await get('villageX', '/api/places?parent=410122001')).json() as TPlaceList;
    assert.equal(villages.places.length, 15);
    const unknown = await get('officer', '/api/places?parent=410122999');
    assert.equal(unknown.statusCode, 400);
    assert.equal((unknown.json() as ErrorJson).error.code, 'UNKNOWN_CODE');
    assert.equal((unknown.json() as ErrorJson).error.details?.code, '410122999');
  });

  it('edits with a version: a stale one is 409', async () => {
    const p = (await get('officer', `/api/persons/${w.personOther.id}`)).json() as TPersonDetail;
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/persons/${p.id}`,
      headers: w.sessions.officer.headers,
      payload: { version: p.version, education: 'bachelor' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(
      (ok.json() as TPersonDetail).mobilityEvents.some(
        (e) => e.kind === 'education' && e.toValue === 'bachelor',
      ),
    );
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/persons/${p.id}`,
      headers: w.sessions.officer.headers,
      payload: { version: p.version, education: 'master' },
    });
    assert.equal(stale.statusCode, 409);
  });

  it('reveals with a purpose (no-store); without a purpose 400; a village worker may not reveal', async () => {
    const res = await post('officer', `/api/persons/${w.personX.id}/reveal`, {
      field: 'phone',
      purpose: '电话回访核实',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal((res.json() as { value: string }).value, w.personX.phone);
    assert.equal(
      (await post('officer', `/api/persons/${w.personX.id}/reveal`, { field: 'phone' })).statusCode,
      400,
    );
    const worker = await post('villageX', `/api/persons/${w.personX.id}/reveal`, {
      field: 'phone',
      purpose: '电话回访核实',
    });
    assert.equal(worker.statusCode, 403);
  });

  it('creates a household with new and existing members in one transaction, or not at all', async () => {
    const existing = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_Y });
    const spouse = buildPerson({ residenceVillageCode: VILLAGE_Y });
    const res = await post('villageY', '/api/households', {
      villageCode: VILLAGE_Y,
      householdNumber: `T${Date.now()}`,
      members: [
        { personId: existing.id, relation: 'head' },
        { person: spouse, relation: 'spouse' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const hh = res.json() as THouseholdDetail;
    assert.equal(hh.members.length, 2);
    assert.equal(hh.headPersonId, existing.id);
    // The household's spouse becomes a family link that outlives the household.
    const headDetail = (await get('villageY', `/api/persons/${existing.id}`)).json() as TPersonDetail;
    assert.deepEqual(
      headDetail.relations.map((r) => [r.kind, r.person.name]),
      [['spouse', spouse.name.trim()]],
    );

    // Second member's ID already registered: nothing of the household lands, not even the first new person.
    const fresh = buildPerson({ residenceVillageCode: VILLAGE_Y });
    const half = await post('villageY', '/api/households', {
      villageCode: VILLAGE_Y,
      members: [
        { person: fresh, relation: 'head' },
        {
          person: buildPerson({ idNumber: spouse.idNumber, residenceVillageCode: VILLAGE_Y }),
          relation: 'spouse',
        },
      ],
    });
    assert.equal(half.statusCode, 409);
    const search = await post('officer', '/api/persons/search', { idNumber: fresh.idNumber });
    assert.equal((search.json() as TPersonSearchResponse).persons.length, 0);

    // Search by a member's ID number; the head leaves last; a member leaves.
    const byMember = await post('villageY', '/api/households/search', { idNumber: spouse.idNumber });
    assert.deepEqual(
      (byMember.json() as { households: { id: string }[] }).households.map((h) => h.id),
      [hh.id],
    );
    const headOut = await t.app.inject({
      method: 'DELETE',
      url: `/api/households/${hh.id}/members/${existing.id}`,
      headers: w.sessions.villageY.headers,
    });
    assert.equal(headOut.statusCode, 409);
    const spouseId = hh.members.find((m) => m.relation === 'spouse')?.person.id;
    const out = await t.app.inject({
      method: 'DELETE',
      url: `/api/households/${hh.id}/members/${spouseId}`,
      headers: w.sessions.villageY.headers,
    });
    assert.equal(out.statusCode, 200, out.body);
    assert.equal((out.json() as THouseholdDetail).members.length, 1);
    const back = await post('villageY', `/api/households/${hh.id}/members`, {
      personId: spouseId,
      relation: 'spouse',
    });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal((back.json() as THouseholdDetail).members.length, 2);
  });

  it('changes the head of a household, after which the former head may leave', async () => {
    const head = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
    const child = await createPerson(t.ctx, { residenceVillageCode: VILLAGE_X });
    const made = await post('villageX', '/api/households', {
      villageCode: VILLAGE_X,
      members: [
        { personId: head.id, relation: 'head' },
        { personId: child.id, relation: 'child' },
      ],
    });
    assert.equal(made.statusCode, 201, made.body);
    const hh = made.json() as THouseholdDetail;
    const patch = (payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/households/${hh.id}`,
        headers: w.sessions.villageX.headers,
        payload,
      });
    assert.equal(
      (await patch({ newHeadPersonId: child.id })).statusCode,
      400,
      'the former head needs a relation',
    );
    const changed = await patch({
      newHeadPersonId: child.id,
      formerHeadRelation: 'parent',
      address: '中牟县青年路 1 号',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const after = changed.json() as THouseholdDetail;
    assert.equal(after.headPersonId, child.id);
    assert.equal(after.address, '中牟县青年路 1 号');
    assert.equal(after.members.find((m) => m.person.id === head.id)?.relation, 'parent');
    const out = await t.app.inject({
      method: 'DELETE',
      url: `/api/households/${hh.id}/members/${head.id}`,
      headers: w.sessions.villageX.headers,
    });
    assert.equal(out.statusCode, 200, out.body);
    // The parent–child link stays after the parent leaves the household.
    const detail = (await get('officer', `/api/persons/${child.id}`)).json() as TPersonDetail;
    assert.deepEqual(
      detail.relations.map((r) => [r.kind, r.person.id]),
      [['parent', head.id]],
    );
  });

  it('registers employers by a valid 统一社会信用代码 and lists organisations', async () => {
    const uscc = syntheticUscc();
    const res = await post('officer', '/api/organisations', {
      kind: 'employer',
      name: '中牟县桥梯科技有限公司',
      uscc,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((res.json() as TOrganisation).uscc, uscc);
    const again = await post('officer', '/api/organisations', { kind: 'employer', name: '重复', uscc });
    assert.equal(again.statusCode, 409);
    const bad = await post('officer', '/api/organisations', {
      kind: 'employer',
      name: '校验位错',
      uscc: `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /统一社会信用代码校验位不正确/);
    const list = (
      await get('officer', `/api/organisations?q=${encodeURIComponent('桥梯科技')}`)
    ).json() as TOrganisationList;
    assert.ok(list.organisations.some((o) => o.uscc === uscc));
    const depts = (await get('officer', '/api/organisations?kind=department')).json() as TOrganisationList;
    assert.ok(depts.organisations.some((o) => o.code === 'hrss'));
    // An employer sees public bodies and itself, never another employer.
    const mine = (await get('employer', '/api/organisations?kind=employer')).json() as TOrganisationList;
    assert.deepEqual(
      mine.organisations.map((o) => o.id),
      [w.employerId],
    );
  });

  it('a village worker registers only in their village', async () => {
    const there = await post('villageX', '/api/persons', buildPerson({ residenceVillageCode: VILLAGE_Y }));
    assert.equal(there.statusCode, 403);
    const here = await post('villageX', '/api/persons', buildPerson({ residenceVillageCode: VILLAGE_X }));
    assert.equal(here.statusCode, 201);
    const unknownId = await get('officer', `/api/persons/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
    assert.equal(unknownId.statusCode, 404);
    assert.ok(syntheticIdNumber());
  });
});
