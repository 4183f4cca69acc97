import { randomBytes } from 'node:crypto';
import {
  type Permission,
  permissionsOf,
  type Role,
  requiresTotp,
  type TChangePasswordRequest,
  type TLoginRequest,
  type TMeResponse,
} from '@qiaoti/contracts';
import { type AccountRow, type DB, type OrganisationRow, type PiiCrypto, sm3Hex } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { type AuditEntry, recordAudit, writeAudit } from '../audit/audit.service.ts';
import {
  deleteExpiredSessionsOfAccount,
  deleteSession,
  deleteSessionsOfAccount,
  findAccountById,
  findAccountByUsername,
  findSessionWithAccount,
  insertSession,
  lockAccount,
  type SessionWithAccount,
  touchSession,
  updateAccount,
} from './identity.repository.ts';
import { hashPassword, passwordProblem, verifyPassword } from './identity-password.ts';
import { checkTotp } from './identity-totp.ts';

/** What authentication needs besides the database: keys, limits and the time now (a fake clock in tests). */
export interface AuthDeps {
  db: Kysely<DB>;
  pii: PiiCrypto;
  config: Config;
  now: Date;
}

export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}

const USERNAME_SHAPE = /^[a-z][a-z0-9_.-]{2,31}$/;

/** Session tokens: 32 random bytes (ASVS 7.2.3); only their SM3 digest is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionTokenHash(token: string): string {
  return sm3Hex(`qiaoti-session:${token}`);
}

function accountAudit(account: AccountRow | undefined, username: string | null, origin: RequestOrigin) {
  return {
    actorId: account?.id ?? null,
    actorUsername: account?.username ?? username,
    actorRoles: account?.roles ?? [],
    organisationId: account?.organisationId ?? null,
    ip: origin.ip,
    requestId: origin.requestId,
    objectType: 'account',
    objectId: account?.id ?? null,
  } satisfies Partial<AuditEntry>;
}

/**
 * Counts a failed login (wrong password or wrong TOTP) and locks the account at the configured count
 * (等保 身份鉴别 b: 5 failures → 30 minutes). Failures older than the lock window, or before an expired lock,
 * start a new count.
 */
async function registerFailure(
  deps: AuthDeps,
  accountId: string,
  origin: RequestOrigin,
  reason: string,
): Promise<void> {
  const { maxFailures, lockMs } = deps.config.login;
  await deps.db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, accountId);
    if (!account) return;
    const now = deps.now;
    const fresh =
      account.firstFailedAt === null ||
      now.getTime() - account.firstFailedAt.getTime() > lockMs ||
      (account.lockedUntil !== null && account.lockedUntil <= now);
    const failedLogins = fresh ? 1 : account.failedLogins + 1;
    const locks = failedLogins >= maxFailures;
    await updateAccount(trx, accountId, {
      failedLogins,
      firstFailedAt: fresh ? now : account.firstFailedAt,
      lockedUntil: locks ? new Date(now.getTime() + lockMs) : fresh ? null : account.lockedUntil,
      updatedAt: now,
    });
    const base = accountAudit(account, account.username, origin);
    await writeAudit(trx, {
      ...base,
      at: now,
      event: 'login.failure',
      outcome: 'failure',
      details: { reason, failedLogins },
    });
    if (locks) {
      await writeAudit(trx, {
        ...base,
        at: now,
        event: 'login.locked',
        outcome: 'success',
        details: { failedLogins, lockedUntil: new Date(now.getTime() + lockMs).toISOString() },
      });
    }
  });
}

export interface LoginResult {
  token: string;
  me: TMeResponse;
}

/**
 * Password (+ TOTP where the roles need it) → a new session. Unknown user, wrong password, locked and disabled
 * accounts all answer the same LOGIN_FAILED after the same argon2 work, so none can be told apart.
 */
export async function login(
  deps: AuthDeps,
  input: TLoginRequest,
  origin: RequestOrigin,
): Promise<LoginResult> {
  const { db, now } = deps;
  const username = input.username.trim().toLowerCase();
  const shaped = USERNAME_SHAPE.test(username);
  const account = shaped ? await findAccountByUsername(db, username) : undefined;
  const passwordOk = await verifyPassword(account?.passwordHash ?? null, input.password);

  if (!account) {
    await writeAudit(db, {
      ...accountAudit(undefined, shaped ? username : null, origin),
      at: now,
      event: 'login.failure',
      outcome: 'failure',
      details: { reason: shaped ? 'unknown_user' : 'malformed_username' },
    });
    throw new AppError('LOGIN_FAILED');
  }
  const base = accountAudit(account, account.username, origin);
  if (account.disabledAt) {
    // ASVS 7.4.2: a disabled account keeps no session.
    await db.transaction().execute(async (trx) => {
      await deleteSessionsOfAccount(trx, account.id);
      await writeAudit(trx, {
        ...base,
        at: now,
        event: 'login.failure',
        outcome: 'failure',
        details: { reason: 'disabled' },
      });
    });
    throw new AppError('LOGIN_FAILED');
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    await writeAudit(db, {
      ...base,
      at: now,
      event: 'login.failure',
      outcome: 'failure',
      details: { reason: 'locked' },
    });
    throw new AppError('LOGIN_FAILED');
  }
  if (!passwordOk) {
    await registerFailure(deps, account.id, origin, 'wrong_password');
    throw new AppError('LOGIN_FAILED');
  }

  let totpStep: number | null = null;
  if (requiresTotp(account.roles)) {
    if (!input.totp) {
      await writeAudit(db, {
        ...base,
        at: now,
        event: 'login.failure',
        outcome: 'failure',
        details: { reason: 'totp_required' },
      });
      throw new AppError('TOTP_REQUIRED');
    }
    if (!account.totpSecretCipher) {
      await registerFailure(deps, account.id, origin, 'totp_not_enrolled');
      throw new AppError('TOTP_INVALID');
    }
    const check = await checkTotp(
      deps.pii.decrypt(account.totpSecretCipher),
      input.totp,
      now,
      account.totpLastStep === null ? null : Number(account.totpLastStep),
    );
    if (!check.ok) {
      await registerFailure(deps, account.id, origin, `totp_${check.reason}`);
      throw new AppError('TOTP_INVALID');
    }
    totpStep = check.step;
  }

  const token = newSessionToken();
  const csrfToken = randomBytes(32).toString('base64url');
  const outcome = await db.transaction().execute(async (trx) => {
    const locked = await lockAccount(trx, account.id);
    if (!locked || locked.disabledAt) return 'failed' as const;
    // A concurrent login may have used the same code meanwhile: single use holds under the row lock.
    if (totpStep !== null && locked.totpLastStep !== null && Number(locked.totpLastStep) >= totpStep)
      return 'replay' as const;
    await updateAccount(trx, account.id, {
      failedLogins: 0,
      firstFailedAt: null,
      lockedUntil: null,
      ...(totpStep === null ? {} : { totpLastStep: totpStep }),
      updatedAt: now,
    });
    await deleteExpiredSessionsOfAccount(trx, account.id, now, deps.config.session.idleMs);
    // A new token at every login (ASVS 7.2.4): whatever cookie came in is never promoted to a session.
    await insertSession(trx, {
      tokenHash: sessionTokenHash(token),
      accountId: account.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.config.session.absoluteMs),
      ip: origin.ip,
    });
    await writeAudit(trx, {
      ...base,
      at: now,
      event: 'login.success',
      outcome: 'success',
      details: { secondFactor: totpStep !== null },
    });
    return 'ok' as const;
  });
  if (outcome === 'replay') {
    await registerFailure(deps, account.id, origin, 'totp_replay');
    throw new AppError('TOTP_INVALID');
  }
  if (outcome !== 'ok') throw new AppError('LOGIN_FAILED');
  const organisation = account.organisationId
    ? await deps.db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', account.organisationId)
        .executeTakeFirst()
    : undefined;
  return { token, me: presentMe(account, organisation, csrfToken) };
}

export type SessionLookup =
  | { status: 'ok'; found: SessionWithAccount }
  | { status: 'none' }
  | { status: 'expired' };

/**
 * The session behind a cookie, enforcing idle timeout and absolute lifetime (ASVS 7.3.1/7.3.2) and ending the
 * sessions of disabled accounts (ASVS 7.4.2). Expired rows are deleted, not kept.
 */
export async function resolveSession(deps: AuthDeps, token: string): Promise<SessionLookup> {
  const { db, now } = deps;
  const tokenHash = sessionTokenHash(token);
  const found = await findSessionWithAccount(db, tokenHash);
  if (!found) return { status: 'none' };
  const { session, account } = found;
  if (account.disabledAt) {
    await deleteSessionsOfAccount(db, account.id);
    return { status: 'none' };
  }
  const idleFor = now.getTime() - session.lastSeenAt.getTime();
  if (now >= session.expiresAt || idleFor >= deps.config.session.idleMs) {
    await deleteSession(db, tokenHash);
    return { status: 'expired' };
  }
  if (idleFor >= 5_000) await touchSession(db, tokenHash, now);
  return { status: 'ok', found };
}

export function buildActor(
  found: Pick<SessionWithAccount, 'account' | 'organisation'>,
  origin: RequestOrigin,
): Actor {
  const { account, organisation } = found;
  const roles = account.roles.filter((r): r is Role => typeof r === 'string') as Role[];
  const villageCode =
    account.villageCode ?? (organisation?.kind === 'township_government' ? organisation.placeCode : null);
  return {
    accountId: account.id,
    username: account.username,
    roles,
    permissions: permissionsOf(roles),
    organisationId: account.organisationId,
    organisationDuties: organisation?.duties ?? [],
    organisationKind: organisation?.kind ?? null,
    villageCode,
    personId: account.personId,
    ip: origin.ip,
    requestId: origin.requestId,
  };
}

export function presentMe(
  account: AccountRow,
  organisation: OrganisationRow | undefined,
  csrfToken: string,
): TMeResponse {
  const roles = account.roles as Role[];
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    roles,
    permissions: [...permissionsOf(roles)].sort() as Permission[],
    organisation: organisation
      ? { id: organisation.id, name: organisation.name, kind: organisation.kind }
      : null,
    villageCode: account.villageCode,
    personId: account.personId,
    csrfToken,
  };
}

/** Logout (ASVS 7.4.1): the session row is deleted, so the cookie is worthless even if kept. */
export async function logout(deps: AuthDeps, actor: Actor, token: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionTokenHash(token));
    await recordAudit(trx, actor, {
      event: 'logout',
      objectType: 'account',
      objectId: actor.accountId,
      at: deps.now,
    });
  });
}

/** Own password change: needs the current password; every other session of the account ends. */
export async function changePassword(
  deps: AuthDeps,
  actor: Actor,
  token: string,
  input: TChangePasswordRequest,
): Promise<void> {
  const account = await findAccountById(deps.db, actor.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  const problem = passwordProblem(input.newPassword, account.username);
  if (problem)
    throw new AppError('VALIDATION_FAILED', problem, { issues: [{ path: 'newPassword', message: problem }] });
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    await recordAudit(deps.db, actor, {
      event: 'password.change',
      outcome: 'failure',
      objectType: 'account',
      objectId: actor.accountId,
      details: { reason: 'wrong_current_password' },
      at: deps.now,
    });
    throw new AppError('VALIDATION_FAILED', '当前密码不正确', {
      issues: [{ path: 'currentPassword', message: '当前密码不正确' }],
    });
  }
  if (await verifyPassword(account.passwordHash, input.newPassword))
    throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同', {
      issues: [{ path: 'newPassword', message: '新密码不能与当前密码相同' }],
    });
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx: Transaction<DB>) => {
    await updateAccount(trx, account.id, {
      passwordHash,
      passwordChangedAt: deps.now,
      updatedAt: deps.now,
    });
    const ended = await deleteSessionsOfAccount(trx, account.id, sessionTokenHash(token));
    await recordAudit(trx, actor, {
      event: 'password.change',
      objectType: 'account',
      objectId: account.id,
      details: { otherSessionsEnded: ended },
      at: deps.now,
    });
  });
}
