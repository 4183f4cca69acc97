import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildRegistryWorld,
  type RegistryWorld,
  VILLAGE_X,
  VILLAGE_Y,
  type WorldUser,
} from './registry.test-kit.ts';

/**
 * SECURITY-10 (BOLA, ASVS 8.2.2): across every registry route that names a person or household, an actor outside
 * the record's scope gets 403/404 — never the record — and each denial lands in the audit log. The owners of the
 * record get it (so the test fails when the scope check is removed).
 */

interface Attempt {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
  /** Search routes answer 200 with no result rather than 404: absence must look the same as "not yours". */
  isSearch?: boolean;
}

describe('SECURITY-10 registry BOLA', () => {
  let t: TestApp;
  let w: RegistryWorld;
  let attempts: Attempt[];
  before(async () => {
    t = await buildTestApp();
    w = await buildRegistryWorld(t);
    const y = w.personY;
    attempts = [
      { name: 'view person', method: 'GET', url: `/api/persons/${y.id}` },
      { name: 'mobility events', method: 'GET', url: `/api/persons/${y.id}/mobility-events` },
      {
        name: 'edit person',
        method: 'PATCH',
        url: `/api/persons/${y.id}`,
        payload: { version: 1, name: '越权修改' },
      },
      {
        name: 'reveal',
        method: 'POST',
        url: `/api/persons/${y.id}/reveal`,
        payload: { field: 'idNumber', purpose: '越权查看测试' },
      },
      {
        name: 'add fact',
        method: 'POST',
        url: `/api/persons/${y.id}/facts`,
        payload: { fact: 'employment_status', value: 'employed', validFrom: '2025-01-01' },
      },
      {
        name: 'search by ID',
        method: 'POST',
        url: '/api/persons/search',
        payload: { idNumber: y.idNumber },
        isSearch: true,
      },
      {
        name: 'search by phone',
        method: 'POST',
        url: '/api/persons/search',
        payload: { phone: y.phone },
        isSearch: true,
      },
      { name: 'view household', method: 'GET', url: `/api/households/${w.householdY}` },
      {
        name: 'edit household',
        method: 'PATCH',
        url: `/api/households/${w.householdY}`,
        payload: { address: '越权' },
      },
      {
        name: 'household by member ID',
        method: 'POST',
        url: '/api/households/search',
        payload: { idNumber: y.idNumber },
        isSearch: true,
      },
      {
        name: 'add to household',
        method: 'POST',
        url: `/api/households/${w.householdY}/members`,
        payload: { personId: w.personX.id, relation: 'other' },
      },
      {
        name: 'remove from household',
        method: 'DELETE',
        url: `/api/households/${w.householdY}/members/${y.id}`,
      },
      {
        name: 'register in village Y',
        method: 'POST',
        url: '/api/persons',
        payload: buildPerson({ residenceVillageCode: VILLAGE_Y }),
      },
      {
        name: 'household in village Y',
        method: 'POST',
        url: '/api/households',
        payload: {
          villageCode: VILLAGE_Y,
          members: [{ person: buildPerson({ residenceVillageCode: VILLAGE_Y }), relation: 'head' }],
        },
      },
    ];
  });
  after(async () => {
    await t.app.close();
  });

  const send = (user: WorldUser, a: Attempt) =>
    t.app.inject({
      method: a.method,
      url: a.url,
      headers: a.method === 'GET' ? { cookie: w.sessions[user].cookie } : w.sessions[user].headers,
      ...(a.payload ? { payload: a.payload } : {}),
    });

  const deniedCount = async (user: WorldUser) =>
    Number(
      (
        await t.ctx.database.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('actorId', '=', w.accountIds[user])
          .where('outcome', '=', 'denied')
          .executeTakeFirstOrThrow()
      ).n,
    );

  // Each attacker against records of village Y (township 410122001): another village's worker, another township,
  // a department without registry duties, a citizen (asking for someone else), an employer, and the 三员.
  const attackers: WorldUser[] = [
    'villageX',
    'township',
    'dutyless',
    'citizenA',
    'employer',
    'sysAdmin',
    'secAdmin',
    'auditAdmin',
  ];

  it('SECURITY-10: 0 leaks across all registry routes and attacker roles; every denial audited', async () => {
    const leaks: string[] = [];
    const unaudited: string[] = [];
    let tried = 0;
    for (const user of attackers) {
      for (const a of attempts) {
        const before = await deniedCount(user);
        const res = await send(user, a);
        tried++;
        const body = res.body;
        const okStatus = a.isSearch ? [200, 403, 404] : [403, 404];
        if (!okStatus.includes(res.statusCode))
          leaks.push(`${user} ${a.name}: ${res.statusCode} ${body.slice(0, 120)}`);
        else if (body.includes(w.personY.idNumber) || (res.statusCode === 200 && body.includes(w.personY.id)))
          leaks.push(`${user} ${a.name}: the answer names the record`);
        if ((await deniedCount(user)) <= before) unaudited.push(`${user} ${a.name} (${res.statusCode})`);
      }
    }
    assert.equal(tried, attackers.length * attempts.length);
    assert.deepEqual(leaks, []);
    assert.deepEqual(unaudited, []);
  });

  it('SECURITY-10: the owners of the record do get it (the control, not a broken route, says no)', async () => {
    for (const user of ['officer', 'civil', 'villageY', 'citizenB'] as WorldUser[]) {
      const res = await send(user, { name: 'view', method: 'GET', url: `/api/persons/${w.personY.id}` });
      assert.equal(res.statusCode, 200, `${user}: ${res.body}`);
    }
    for (const user of ['officer', 'villageY'] as WorldUser[]) {
      const res = await send(user, { name: 'view', method: 'GET', url: `/api/households/${w.householdY}` });
      assert.equal(res.statusCode, 200, `${user}: ${res.body}`);
    }
    const search = await send('villageY', {
      name: 'search',
      method: 'POST',
      url: '/api/persons/search',
      payload: { idNumber: w.personY.idNumber },
    });
    assert.ok(search.body.includes(w.personY.id));
    // The village worker of X does see village X.
    const own = await send('villageX', { name: 'view', method: 'GET', url: `/api/persons/${w.personX.id}` });
    assert.equal(own.statusCode, 200);
    assert.equal((own.json() as { villageCode: string }).villageCode, VILLAGE_X);
  });

  it('SECURITY-10: a record that does not exist and one out of scope answer alike', async () => {
    const missing = await send('villageX', {
      name: 'missing',
      method: 'GET',
      url: '/api/persons/00000000-0000-4000-8000-000000000000',
    });
    const hidden = await send('villageX', {
      name: 'hidden',
      method: 'GET',
      url: `/api/persons/${w.personY.id}`,
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(hidden.statusCode, 404);
    const strip = (b: string) => {
      const j = JSON.parse(b) as { error: { code: string; message: string } };
      return { code: j.error.code, message: j.error.message };
    };
    assert.deepEqual(strip(hidden.body), strip(missing.body));
  });
});
