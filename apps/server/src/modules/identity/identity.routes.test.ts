import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestAccount, loginAs } from '../../test/accounts.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

describe('identity routes', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.app.close();
  });

  it('logs in, answers /api/me with roles, permissions and organisation, and logs out', async () => {
    const account = await createTestAccount(t.ctx, {
      roles: ['employment_officer'],
      organisationCode: 'hrss',
    });
    const s = await loginAs(t, account);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    assert.equal(me.statusCode, 200);
    const body = me.json() as Record<string, unknown>;
    assert.equal(body.username, account.username);
    assert.deepEqual(body.roles, ['employment_officer']);
    assert.ok((body.permissions as string[]).includes('registry.person.reveal'));
    assert.equal((body.organisation as { name: string }).name, '中牟县人力资源和社会保障局');
    assert.equal(body.csrfToken, s.csrfToken);

    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    assert.equal(out.statusCode, 200);
    const again = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    assert.equal(again.statusCode, 401);
  });

  it('answers 401 without a session and keeps health public', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode, 200);
  });

  it('lets a citizen-like account without TOTP log in with the password alone', async () => {
    const account = await createTestAccount(t.ctx, { roles: [] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: account.username, password: account.password },
    });
    assert.equal(res.statusCode, 200);
  });
});
