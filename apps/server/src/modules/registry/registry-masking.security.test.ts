import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkIdNumber, type TPersonDetail } from '@qiaoti/contracts';
import { buildPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildRegistryWorld,
  findUnmasked,
  type RegistryWorld,
  VILLAGE_X,
  type WorldUser,
} from './registry.test-kit.ts';

/**
 * SECURITY-15 (masking, PIPL Art. 51, ASVS 8.2.3): every registry response body, for every kind of user, is scanned
 * for checksum-valid 18-digit ID numbers and mobile numbers `1[3-9]\d{9}`: 0 unmasked hits outside a reveal. Each
 * reveal is audited with its purpose and never with the value.
 */

const isValidId = (s: string) => checkIdNumber(s).ok;

describe('SECURITY-15 registry masking', () => {
  let t: TestApp;
  let w: RegistryWorld;
  before(async () => {
    t = await buildTestApp();
    w = await buildRegistryWorld(t);
  });
  after(async () => {
    await t.app.close();
  });

  it('SECURITY-15: 0 unmasked ID or phone numbers in any registry response, for every role', async () => {
    const scanned: { who: string; what: string; status: number; hits: string[] }[] = [];
    const call = async (
      user: WorldUser,
      what: string,
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: object,
    ) => {
      const res = await t.app.inject({
        method,
        url,
        headers: method === 'GET' ? { cookie: w.sessions[user].cookie } : w.sessions[user].headers,
        ...(payload ? { payload } : {}),
      });
      scanned.push({ who: user, what, status: res.statusCode, hits: findUnmasked(res.body, isValidId) });
      return res;
    };
    const users: WorldUser[] = [
      'officer',
      'civil',
      'archive',
      'villageX',
      'villageY',
      'township',
      'citizenA',
      'citizenB',
      'employer',
      'sysAdmin',
    ];
    const { personX: x, personY: y } = w;
    for (const u of users) {
      for (const p of [x, y]) {
        await call(u, 'search by ID', 'POST', '/api/persons/search', { idNumber: p.idNumber });
        await call(u, 'search by phone', 'POST', '/api/persons/search', { phone: p.phone });
        await call(u, 'view', 'GET', `/api/persons/${p.id}`);
        await call(u, 'events', 'GET', `/api/persons/${p.id}/mobility-events`);
        await call(u, 'household by member', 'POST', '/api/households/search', { idNumber: p.idNumber });
      }
      await call(u, 'name search', 'POST', '/api/persons/search', { name: '王伟', villageCode: VILLAGE_X });
      await call(u, 'household X', 'GET', `/api/households/${w.householdX}`);
      await call(u, 'organisations', 'GET', '/api/organisations');
      await call(u, 'places', 'GET', '/api/places?parent=410122001');
      // Error answers must not echo what was sent either.
      await call(u, 'bad search', 'POST', '/api/persons/search', { idNumber: x.idNumber, phone: x.phone });
      await call(u, 'duplicate', 'POST', '/api/persons', {
        ...buildPerson(),
        idNumber: x.idNumber,
        phone: x.phone,
      });
    }
    // Writes answer with the record: masked too.
    const created = await call(
      'officer',
      'create',
      'POST',
      '/api/persons',
      buildPerson({ phone: '13700001111' }),
    );
    assert.equal(created.statusCode, 201);
    const c = created.json() as TPersonDetail;
    await call('officer', 'update', 'PATCH', `/api/persons/${c.id}`, {
      version: c.version,
      phone: '13700002222',
    });
    await call('officer', 'household', 'POST', '/api/households', {
      villageCode: VILLAGE_X,
      members: [{ person: buildPerson({ phone: '13700003333' }), relation: 'head' }],
    });

    assert.ok(scanned.length >= users.length * 15);
    assert.ok(
      scanned.filter((s) => s.status === 200).length > 40,
      'the scan saw real answers, not only refusals',
    );
    const hits = scanned.filter((s) => s.hits.length > 0);
    assert.deepEqual(hits, []);
  });

  it('SECURITY-15: the scanner finds what it is looking for (a reveal answers the plain value)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/persons/${w.personX.id}/reveal`,
      headers: w.sessions.officer.headers,
      payload: { field: 'idNumber', purpose: '核对扫描器' },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(findUnmasked(res.body, isValidId), [w.personX.idNumber]);
  });

  it('SECURITY-15: each reveal is audited with its purpose, never with the value', async () => {
    const since = new Date(0);
    const reveals = [
      { user: 'officer', person: w.personX, field: 'idNumber' },
      { user: 'officer', person: w.personY, field: 'phone' },
      { user: 'civil', person: w.personX, field: 'phone' },
      { user: 'archive', person: w.personY, field: 'idNumber' },
    ] as const;
    const ids: string[] = [];
    for (const [i, r] of reveals.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/persons/${r.person.id}/reveal`,
        headers: w.sessions[r.user].headers,
        payload: { field: r.field, purpose: `审计测试用途 ${i}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      ids.push(w.accountIds[r.user]);
    }
    const rows = await t.ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'objectId', 'details', 'event', 'outcome'])
      .where('event', '=', 'person.reveal')
      .where('at', '>', since)
      .where('actorId', 'in', ids)
      .execute();
    for (const [i, r] of reveals.entries()) {
      const row = rows.find(
        (a) =>
          a.actorId === w.accountIds[r.user] &&
          a.objectId === r.person.id &&
          (a.details as { purpose?: string }).purpose === `审计测试用途 ${i}`,
      );
      assert.ok(row, `reveal ${i} audited`);
      assert.equal((row.details as { field?: string }).field, r.field);
    }
    assert.deepEqual(findUnmasked(JSON.stringify(rows), isValidId), []);
  });
});
