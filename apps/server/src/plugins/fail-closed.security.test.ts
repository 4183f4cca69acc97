import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { createTestAccount, loginAs } from '../test/accounts.ts';
import { buildTestApp } from '../test/harness.ts';

describe('fail closed (SECURITY 25)', () => {
  it('SECURITY-25: with the database gone, every API answer is a generic 503 — no stack, nothing authorised', async () => {
    const database = await openIsolatedTestDatabase();
    const t = await buildTestApp({ database });
    try {
      const officer = await createTestAccount(t.ctx, {
        roles: ['employment_officer'],
        organisationCode: 'hrss',
      });
      const auditor = await createTestAccount(t.ctx, { roles: ['audit_admin'], organisationCode: 'data' });
      const s = await loginAs(t, officer);
      const a = await loginAs(t, auditor);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).statusCode,
        200,
      );

      await database.close(); // the authorisation store (sessions, accounts) and the audit log are gone

      const calls = [
        { method: 'GET', url: '/api/me', headers: { cookie: s.cookie } },
        { method: 'GET', url: '/api/audit', headers: { cookie: a.cookie } },
        { method: 'GET', url: '/api/audit/verify', headers: { cookie: a.cookie } },
        { method: 'GET', url: '/api/health', headers: {} },
        { method: 'POST', url: '/api/auth/logout', headers: s.headers },
        { method: 'POST', url: '/api/me/password', headers: s.headers },
        {
          method: 'POST',
          url: '/api/auth/login',
          headers: {},
          payload: { username: officer.username, password: officer.password },
        },
        ...t.app.routeTable
          .filter(
            (r) =>
              r.method === 'GET' &&
              r.url.startsWith('/api/') &&
              !r.url.startsWith('/api/docs') &&
              r.url !== '/api/openapi.json',
          )
          .map((r) => ({
            method: 'GET',
            url: r.url.replace(/:[A-Za-z_]+/g, () => randomUUID()),
            headers: { cookie: s.cookie },
          })),
      ] as const;
      const leaks: string[] = [];
      for (const c of calls) {
        const res = await t.app.inject({
          method: c.method,
          url: c.url,
          headers: c.headers,
          ...('payload' in c ? { payload: c.payload } : {}),
        });
        const body = res.body;
        if (res.statusCode !== 503) leaks.push(`${c.method} ${c.url}: ${res.statusCode}`);
        const error = (res.json() as { error?: { code?: string; message?: string } }).error;
        if (error?.code !== 'SERVICE_UNAVAILABLE') leaks.push(`${c.method} ${c.url}: code ${error?.code}`);
        if (/PGlite|pool|stack|\bat\s+\S+\s+\(|\.ts:\d+|ECONN|relation|select /i.test(body))
          leaks.push(`${c.method} ${c.url}: ${body}`);
        if (res.cookies.some((k) => k.value !== '')) leaks.push(`${c.method} ${c.url}: cookie issued`);
      }
      assert.deepEqual(leaks, []);
    } finally {
      await t.app.close().catch(() => undefined);
    }
  });
});
