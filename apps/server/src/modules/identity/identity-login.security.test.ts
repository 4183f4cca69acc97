import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { sql } from 'kysely';
import { createTestAccount, loginAs, type TestAccount } from '../../test/accounts.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { sessionTokenHash } from './identity.service.ts';
import { passwordVerifications } from './identity-password.ts';
import { totpCode } from './identity-totp.ts';

const MIN = 60_000;

describe('login, lockout, rate limit, TOTP, timeouts, fixation (SECURITY 2–6, 24)', () => {
  let t: TestApp;
  let ipCounter = 0;
  /** A fresh client address per scenario: the per-IP login limit is tested on its own. */
  const nextIp = () => `192.0.2.${++ipCounter}`;

  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.app.close();
  });

  const login = (payload: Record<string, unknown>, ip: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload, headers });

  const sessionsOf = async (accountId: string) =>
    Number(
      (
        await t.ctx.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('accountId', '=', accountId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const auditOf = (accountId: string) =>
    t.ctx.database.db
      .selectFrom('auditLog')
      .select(['event', 'outcome', 'details'])
      .where('actorId', '=', accountId)
      .orderBy('seq')
      .execute();

  /** What an observer sees of a refused login: status, body without the request id, header names and values. */
  function observable(res: Awaited<ReturnType<typeof login>>) {
    const body = res.json() as { error: Record<string, unknown> };
    const { requestId: _r, ...error } = body.error;
    const headers = Object.fromEntries(
      Object.entries(res.headers).filter(
        ([k]) => !['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset'].includes(k),
      ),
    );
    return { status: res.statusCode, error, headers, cookies: res.cookies.length };
  }

  it('SECURITY-2: locks at exactly 5 failures, refuses the right password while locked, unlocks at 30 min, audits 5 failures + lock', async () => {
    const ip = nextIp();
    // 4 failures do not lock: the right password still works (and resets the count).
    const four = await createTestAccount(t.ctx, { roles: [] });
    for (let i = 0; i < 4; i++)
      assert.equal((await login({ username: four.username, password: 'Wrong#Pass1' }, ip)).statusCode, 401);
    assert.equal((await login({ username: four.username, password: four.password }, ip)).statusCode, 200);

    const a = await createTestAccount(t.ctx, { roles: [] });
    const ip2 = nextIp();
    for (let i = 0; i < 5; i++) {
      const res = await login({ username: a.username, password: `Wrong#Pass${i}` }, ip2);
      assert.equal(res.statusCode, 401);
      assert.equal((res.json() as { error: { code: string } }).error.code, 'LOGIN_FAILED');
    }
    const sixth = await login({ username: a.username, password: a.password }, ip2);
    assert.equal(sixth.statusCode, 401, 'the 6th attempt is refused even with the right password');
    assert.equal(sixth.cookies.length, 0);
    t.clock.advance(29 * MIN);
    assert.equal((await login({ username: a.username, password: a.password }, nextIp())).statusCode, 401);
    t.clock.advance(MIN + 1000);
    assert.equal((await login({ username: a.username, password: a.password }, nextIp())).statusCode, 200);

    const audit = await auditOf(a.id);
    const reasons = audit.map((r) => `${r.event}:${(r.details as { reason?: string }).reason ?? ''}`);
    assert.equal(reasons.filter((r) => r === 'login.failure:wrong_password').length, 5);
    assert.equal(audit.filter((r) => r.event === 'login.locked').length, 1);
    assert.equal(reasons.filter((r) => r === 'login.failure:locked').length, 2);
    assert.equal(audit.at(-1)?.event, 'login.success');
  });

  it('SECURITY-2: unknown user, wrong password and locked account get indistinguishable answers', async () => {
    const ip = nextIp();
    const a = await createTestAccount(t.ctx, { roles: [] });
    const locked = await createTestAccount(t.ctx, { roles: [] });
    for (let i = 0; i < 5; i++) await login({ username: locked.username, password: 'Wrong#Pass1' }, ip);
    const answers = [
      await login({ username: `nobody_${Date.now()}`, password: 'Wrong#Pass1' }, ip),
      await login({ username: a.username, password: 'Wrong#Pass1' }, ip),
      await login({ username: locked.username, password: locked.password }, ip),
      await login({ username: locked.username, password: 'Wrong#Pass1' }, ip),
    ].map(observable);
    for (const other of answers.slice(1)) assert.deepEqual(other, answers[0]);
    assert.equal(answers[0]?.status, 401);
    assert.equal(answers[0]?.error.code, 'LOGIN_FAILED');
  });

  it('SECURITY-3: 200 logins a minute from one IP — only the configured limit reaches password verification, the rest get 429 + Retry-After', async () => {
    const ip = '198.51.100.77';
    const limit = t.ctx.config.login.perIpPerMinute;
    const before = passwordVerifications.count;
    let limited = 0;
    for (let i = 0; i < 200; i++) {
      const res = await login({ username: `stuffing_${i}`, password: `Guess#${i}aa` }, ip);
      if (res.statusCode === 429) {
        limited++;
        assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After');
        assert.equal((res.json() as { error: { code: string } }).error.code, 'RATE_LIMITED');
      } else assert.equal(res.statusCode, 401);
    }
    const verified = passwordVerifications.count - before;
    assert.equal(verified, limit, `verifications ${verified} vs limit ${limit}`);
    assert.equal(limited, 200 - limit);
  });

  it('SECURITY-4: password only, wrong TOTP and replayed TOTP create no session; 100% of replays refused', async () => {
    const a = await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' });
    const ip = nextIp();
    const noCode = await login({ username: a.username, password: a.password }, ip);
    assert.equal(noCode.statusCode, 401);
    assert.equal((noCode.json() as { error: { code: string } }).error.code, 'TOTP_REQUIRED');
    assert.equal(noCode.cookies.length, 0);
    const code = await totpCode(a.totpSecret, t.clock());
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await login({ username: a.username, password: a.password, totp: wrong }, ip);
    assert.equal((bad.json() as { error: { code: string } }).error.code, 'TOTP_INVALID');
    assert.equal(await sessionsOf(a.id), 0);

    const ok = await login({ username: a.username, password: a.password, totp: code }, ip);
    assert.equal(ok.statusCode, 200);
    assert.equal(await sessionsOf(a.id), 1);
    const replays = [0, 5_000, 20_000];
    for (const ms of replays) {
      t.clock.advance(ms);
      const again = await login({ username: a.username, password: a.password, totp: code }, nextIp());
      assert.equal(again.statusCode, 401);
      assert.equal((again.json() as { error: { code: string } }).error.code, 'TOTP_INVALID');
      assert.equal(again.cookies.length, 0);
    }
    assert.equal(await sessionsOf(a.id), 1, 'only the first use of the code made a session');
    const reasons = (await auditOf(a.id)).map((r) => (r.details as { reason?: string }).reason);
    assert.equal(reasons.filter((r) => r === 'totp_replay').length, replays.length);
  });

  it('SECURITY-5: idle 30 min + 1 s and past the absolute lifetime → 401, the row deleted', async () => {
    const a = await createTestAccount(t.ctx, { roles: [] });
    const s = await loginAs(t, a);
    const me = () => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    t.clock.advance(29 * MIN);
    assert.equal((await me()).statusCode, 200, 'active within the idle limit');
    t.clock.advance(30 * MIN + 1000);
    const idle = await me();
    assert.equal(idle.statusCode, 401);
    assert.equal((idle.json() as { error: { code: string } }).error.code, 'SESSION_EXPIRED');
    assert.equal(await sessionsOf(a.id), 0);

    const s2 = await loginAs(t, a);
    const { absoluteMs } = t.ctx.config.session;
    let elapsed = 0;
    while (elapsed + 20 * MIN < absoluteMs) {
      t.clock.advance(20 * MIN);
      elapsed += 20 * MIN;
      const r = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s2.cookie } });
      assert.equal(r.statusCode, 200);
    }
    t.clock.advance(absoluteMs - elapsed + 1000);
    const late = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s2.cookie } });
    assert.equal(late.statusCode, 401, 'past the absolute lifetime although never idle');
    assert.equal(await sessionsOf(a.id), 0);
  });

  it('SECURITY-6: a pre-login cookie is never promoted, logout and disabling revoke server-side', async () => {
    const a = await createTestAccount(t.ctx, { roles: [] });
    const planted = 'attacker-chosen-session-value-0123456789abcdef';
    const res = await login({ username: a.username, password: a.password }, nextIp(), {
      cookie: `qiaoti=${planted}`,
    });
    assert.equal(res.statusCode, 200);
    const issued = res.cookies.find((c) => c.name === 'qiaoti');
    assert.ok(issued && issued.value !== planted && issued.value.length >= 43, 'a new 256-bit token');
    const withPlanted = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `qiaoti=${planted}` },
    });
    assert.equal(withPlanted.statusCode, 401);
    // Two logins → two different tokens.
    const second = await loginAs(t, a);
    assert.notEqual(second.cookie, `qiaoti=${issued?.value}`);

    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: second.headers });
    assert.equal(out.statusCode, 200);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: second.cookie } })).statusCode,
      401,
    );

    // Disabled by the system admin: the live session dies at once, and login is refused.
    const admin = await createTestAccount(t.ctx, { roles: ['sys_admin'], organisationCode: 'data' });
    const as = await loginAs(t, admin);
    const live = `qiaoti=${issued?.value}`;
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: live } })).statusCode,
      200,
    );
    const dis = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/accounts/${a.id}`,
      headers: as.headers,
      payload: { disabled: true },
    });
    assert.equal(dis.statusCode, 200, dis.body);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: live } })).statusCode,
      401,
    );
    assert.equal(await sessionsOf(a.id), 0);
    const refused = await login({ username: a.username, password: a.password }, nextIp());
    assert.equal((refused.json() as { error: { code: string } }).error.code, 'LOGIN_FAILED');
  });
});

describe('residual information (SECURITY 24)', () => {
  let database: Database;
  let t: TestApp;
  before(async () => {
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  /** Every row of every table of the public schema, as text. */
  async function dumpEverything(): Promise<string> {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db);
    let text = '';
    for (const { name } of tables.rows) {
      const rows = await sql<{
        r: string;
      }>`select row_to_json(x)::text as r from ${sql.table(name)} x`.execute(database.db);
      text += rows.rows.map((r) => r.r).join('\n');
    }
    return text;
  }

  it('SECURITY-24: after logout and password change the session rows are gone and no password is stored in clear', async () => {
    const a: TestAccount = await createTestAccount(t.ctx, {
      roles: ['archive_officer'],
      organisationCode: 'hrss',
    });
    const first = await loginAs(t, a);
    const second = await loginAs(t, a);
    const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
    const rowFor = (cookie: string) =>
      database.db
        .selectFrom('sessions')
        .select('tokenHash')
        .where('tokenHash', '=', sessionTokenHash(tokenOf(cookie)))
        .executeTakeFirst();
    assert.ok(await rowFor(first.cookie));
    assert.ok(await rowFor(second.cookie));

    const newPassword = 'Zq7!residual-check';
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: first.headers,
      payload: { currentPassword: a.password, newPassword },
    });
    assert.equal(change.statusCode, 200, change.body);
    assert.equal(await rowFor(second.cookie), undefined, 'the other session ended with the password change');
    assert.ok(await rowFor(first.cookie), 'the session that changed it stays');
    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: first.headers });
    assert.equal(logout.statusCode, 200);
    assert.equal(await rowFor(first.cookie), undefined, 'logout deleted the row');

    const dump = await dumpEverything();
    assert.ok(dump.includes(a.username), 'the dump does cover the accounts table');
    for (const secret of [
      a.password,
      newPassword,
      a.totpSecret,
      tokenOf(first.cookie),
      tokenOf(second.cookie),
    ])
      assert.equal(dump.includes(secret), false, 'a secret is stored in clear');
  });
});
