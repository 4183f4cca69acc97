import { randomBytes, randomInt } from 'node:crypto';
import type { Role } from '@qiaoti/contracts';
import type { AppContext } from '../context.ts';
import { findOrganisationByCode } from '../modules/identity/identity.repository.ts';
import { provisionAccount } from '../modules/identity/identity-accounts.service.ts';
import { totpCode } from '../modules/identity/identity-totp.ts';
import type { TestApp } from './harness.ts';

/**
 * Accounts for route tests. `createTestAccount(ctx, { roles: ['employment_officer'], organisationCode: 'hrss' })`
 * then `const s = await loginAs(t, account)` and
 *   `t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } })`
 *   `t.app.inject({ method: 'POST', url, headers: s.headers, payload })`   // cookie + x-csrf-token
 */

export interface TestAccount {
  id: string;
  username: string;
  password: string;
  /** Base32; every account has one (used at login when its roles require a second factor). */
  totpSecret: string;
  roles: Role[];
}

export interface CreateTestAccountOptions {
  roles: Role[];
  /** Organisation by its code: 'hrss', 'civil', 'town-410122001' …; or give `organisationId`. */
  organisationCode?: string;
  organisationId?: string;
  villageCode?: string;
  personId?: string;
  displayName?: string;
  /** A unique one is made when omitted. */
  username?: string;
  password?: string;
}

let counter = 0;

export async function createTestAccount(
  ctx: AppContext,
  options: CreateTestAccountOptions,
): Promise<TestAccount> {
  let organisationId = options.organisationId ?? null;
  if (options.organisationCode) {
    const org = await findOrganisationByCode(ctx.database.db, options.organisationCode);
    if (!org) throw new Error(`test account: no organisation with code ${options.organisationCode}`);
    organisationId = org.id;
  }
  const role = options.roles[0] ?? 'none';
  const username =
    options.username ??
    `t${(++counter).toString(36)}_${role.replace(/_/g, '')}_${randomBytes(4).toString('hex')}`;
  const made = await provisionAccount(
    { db: ctx.database.db, pii: ctx.pii, now: ctx.clock() },
    {
      username,
      displayName: options.displayName ?? `测试${role}`,
      organisationId,
      villageCode: options.villageCode ?? null,
      personId: options.personId ?? null,
      roles: options.roles,
      password: options.password ?? `Tq9#${randomBytes(6).toString('base64url')}x`,
    },
  );
  return {
    id: made.account.id,
    username: made.account.username,
    password: made.password,
    totpSecret: made.totpSecret,
    roles: [...options.roles],
  };
}

export interface TestSession {
  /** `qiaoti=<token>`: the Cookie header value. */
  cookie: string;
  csrfToken: string;
  /** Headers for mutating calls: cookie and x-csrf-token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * Logs in through POST /api/auth/login (with a current TOTP code) and returns the session. Each call comes from
 * its own test IP so the per-IP login limit never trips other tests; the account's last used TOTP step is cleared
 * first, so logging in twice within 30 seconds works in tests (single use is tested on its own).
 */
export async function loginAs(t: TestApp, account: TestAccount): Promise<TestSession> {
  await t.ctx.database.db
    .updateTable('accounts')
    .set({ totpLastStep: null })
    .where('id', '=', account.id)
    .execute();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
    payload: {
      username: account.username,
      password: account.password,
      totp: await totpCode(account.totpSecret, t.clock()),
    },
  });
  if (res.statusCode !== 200) throw new Error(`loginAs ${account.username}: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'qiaoti' || c.name === '__Host-qiaoti');
  if (!set) throw new Error(`loginAs ${account.username}: no session cookie`);
  const { csrfToken } = res.json() as { csrfToken: string };
  const cookie = `${set.name}=${set.value}`;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
