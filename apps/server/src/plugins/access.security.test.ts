import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Database, sm3Hex, testPii } from '@qiaoti/db';
import { getTestDatabase, openIsolatedTestDatabase } from '@qiaoti/db/testing';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { createTestAccount, loginAs, type TestSession } from '../test/accounts.ts';
import { buildTestApp, fakeClock, type TestApp } from '../test/harness.ts';
import type { RouteEntry } from './access.ts';

/** A concrete URL for a route pattern: every `:param` a fresh UUID, a wildcard a plain segment. */
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*/g, 'x');
const mutating = (r: RouteEntry) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);
const apiRoutes = (app: FastifyInstance) =>
  app.routeTable.filter((r) => r.url.startsWith('/api') && !r.url.startsWith('/api/docs'));

async function tlsApp(extra?: (app: FastifyInstance) => void): Promise<TestApp> {
  const database = await getTestDatabase();
  const clock = fakeClock(new Date());
  const config = loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent', QIAOTI_TLS: '1' });
  const ctx: AppContext = { config, database, pii: testPii, clock };
  const app = await buildApp(ctx);
  extra?.(app);
  await app.ready();
  return { app, ctx, clock };
}

describe('cookies and security headers (SECURITY 7, 8)', () => {
  let t: TestApp;
  let session: TestSession;
  before(async () => {
    t = await tlsApp((app) => {
      app.get('/api/test-boom', { config: { public: true } }, async () => {
        throw new Error('boom with a secret stack');
      });
    });
    session = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['audit_admin'], organisationCode: 'data' }),
    );
  });
  after(async () => {
    await t.app.close();
  });

  it('SECURITY-7: every Set-Cookie is __Host-, Secure, HttpOnly, SameSite=Strict, Path=/ without Domain', async () => {
    const account = await createTestAccount(t.ctx, { roles: [] });
    const seen: string[] = [];
    const collect = (h: string | string[] | undefined) => {
      for (const c of Array.isArray(h) ? h : h ? [h] : []) seen.push(c);
    };
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.9.9.9',
      payload: { username: account.username, password: account.password },
    });
    collect(login.headers['set-cookie']);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    for (const r of apiRoutes(t.app).filter((x) => x.method === 'GET'))
      collect(
        (await t.app.inject({ method: 'GET', url: concrete(r.url), headers: { cookie } })).headers[
          'set-cookie'
        ],
      );
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    collect(out.headers['set-cookie']);
    // An expired session's cookie is cleared too.
    const again = await loginAs(t, account);
    t.clock.advance(31 * 60_000);
    collect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: again.cookie } })).headers[
        'set-cookie'
      ],
    );

    assert.ok(seen.length >= 3, `saw ${seen.length} Set-Cookie headers`);
    for (const c of seen) {
      assert.match(c, /^__Host-qiaoti=/, c);
      assert.match(c, /;\s*Secure/i, c);
      assert.match(c, /;\s*HttpOnly/i, c);
      assert.match(c, /;\s*SameSite=Strict/i, c);
      assert.match(c, /;\s*Path=\//i, c);
      assert.doesNotMatch(c, /Domain=/i, c);
    }
  });

  it('SECURITY-8: HSTS, CSP with frame-ancestors, nosniff, Referrer-Policy, no X-Powered-By, no-store on every route, 404 and 500', async () => {
    const responses: { label: string; url: string; headers: Record<string, unknown>; status: number }[] = [];
    const hit = async (url: string, cookie?: string) => {
      const res = await t.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });
      responses.push({
        label: `GET ${url}${cookie ? ' (signed in)' : ''}`,
        url,
        headers: res.headers,
        status: res.statusCode,
      });
      return res;
    };
    for (const r of apiRoutes(t.app).filter((x) => x.method === 'GET')) {
      await hit(concrete(r.url));
      await hit(concrete(r.url), session.cookie);
    }
    assert.equal((await hit('/api/no-such-route')).statusCode, 404);
    assert.equal((await hit('/no-such-page')).statusCode, 404);
    const boom = await hit('/api/test-boom');
    assert.equal(boom.statusCode, 500);
    assert.doesNotMatch(boom.body, /secret stack|at .*\.ts/);
    await hit('/api/docs');
    for (const m of ['POST', 'PUT', 'DELETE'] as const) {
      const res = await t.app.inject({ method: m, url: '/api/me', headers: { cookie: session.cookie } });
      responses.push({ label: `${m} /api/me`, url: '/api/me', headers: res.headers, status: res.statusCode });
    }

    const missing: string[] = [];
    for (const { label, url, headers: h } of responses) {
      const hsts = String(h['strict-transport-security'] ?? '');
      const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
      if (maxAge < 31_536_000 || !/includeSubDomains/i.test(hsts)) missing.push(`${label}: HSTS`);
      if (!/frame-ancestors 'none'/.test(String(h['content-security-policy'] ?? '')))
        missing.push(`${label}: CSP`);
      if (h['x-content-type-options'] !== 'nosniff') missing.push(`${label}: nosniff`);
      if (!['no-referrer', 'strict-origin-when-cross-origin'].includes(String(h['referrer-policy'])))
        missing.push(`${label}: Referrer-Policy`);
      if (h['x-powered-by'] !== undefined) missing.push(`${label}: X-Powered-By`);
      if (url.startsWith('/api') && h['cache-control'] !== 'no-store') missing.push(`${label}: no-store`);
    }
    assert.ok(responses.length > 10);
    assert.deepEqual(missing, []);
    const csp = String(responses[0]?.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
  });
});

describe('CSRF on every mutating route (SECURITY 9)', () => {
  let database: Database;
  let t: TestApp;
  let session: TestSession;
  before(async () => {
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
    session = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
    );
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  /** A digest of every business table (audit and session bookkeeping excluded: denials are audited). */
  async function digest(): Promise<string> {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not in ('audit_log', 'audit_checkpoints', 'sessions', 'kysely_migration', 'kysely_migration_lock')
      order by table_name`.execute(database.db);
    let all = '';
    for (const { name } of tables.rows) {
      const rows = await sql<{ r: string }>`
        select coalesce(string_agg(row_to_json(x)::text, E'\\n' order by row_to_json(x)::text), '') as r
        from ${sql.table(name)} x`.execute(database.db);
      all += `${name}:${sm3Hex(rows.rows[0]?.r ?? '')}\n`;
    }
    return all;
  }

  it('SECURITY-9: a bad or missing token, or a foreign Origin, is refused with 403 on every mutating route; nothing changes', async () => {
    const routes = apiRoutes(t.app).filter(mutating);
    assert.ok(routes.some((r) => r.url === '/api/auth/logout'));
    assert.ok(routes.some((r) => r.url === '/api/admin/accounts'));
    const before = await digest();
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const url = concrete(r.url);
      const attempts: { name: string; headers: Record<string, string> }[] = [
        { name: 'foreign origin', headers: { ...session.headers, origin: 'https://evil.example' } },
        { name: 'null origin', headers: { ...session.headers, origin: 'null' } },
      ];
      if (!r.isPublic) {
        attempts.push({
          name: 'bad token',
          headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken.slice(0, -2)}xx` },
        });
        attempts.push({ name: 'no token', headers: { cookie: session.cookie } });
        attempts.push({
          name: 'other token',
          headers: { cookie: session.cookie, 'x-csrf-token': 'A'.repeat(43) },
        });
      }
      for (const a of attempts) {
        const res = await t.app.inject({
          method: r.method as 'POST',
          url,
          headers: { ...a.headers, 'content-type': 'application/json' },
          payload: JSON.stringify({ username: 'x', password: 'y', roles: [], displayName: 'x' }),
        });
        checked++;
        const code = (res.json() as { error?: { code?: string } }).error?.code;
        if (res.statusCode !== 403 || code !== 'CSRF_INVALID')
          failures.push(`${r.method} ${r.url} ${a.name}: ${res.statusCode} ${code}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked >= routes.length * 2);
    assert.equal(await digest(), before, 'the database is unchanged');
    // The same session with its token and our own Origin does get through (the check is not just "refuse all").
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...session.headers, origin: 'http://localhost:80' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('SECURITY-9: login checks the Origin too, and a foreign one makes no session', async () => {
    const account = await createTestAccount(t.ctx, { roles: [] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: account.username, password: account.password },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.cookies.length, 0);
    const n = await database.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('accountId', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });
});
