import {
  adminRoles,
  permissionsOf,
  type Role,
  requiresTotp,
  roleNames,
  roles as roleTable,
  type TAccount,
  type TAccountListQuery,
  type TCreateAccountRequest,
  type TSetRolesRequest,
  type TUpdateAccountRequest,
} from '@qiaoti/contracts';
import type { AccountRow, DB, OrganisationKind, OrganisationRow, PiiCrypto } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  deleteSessionsOfAccount,
  findAccountById,
  findAccountByUsername,
  findOrganisationById,
  findOrganisationsByIds,
  insertAccount,
  listAccounts,
  listOrganisationOptions,
  lockAccount,
  personExists,
  placeExists,
  updateAccount,
} from './identity.repository.ts';
import { generatePassword, hashPassword, passwordProblem } from './identity-password.ts';
import { newTotpSecret, totpUri } from './identity-totp.ts';

/**
 * Account administration under 三员分立: the system admin creates, edits, disables and resets accounts but
 * cannot grant roles; the security admin grants and revokes roles; no account holds two of the three admin roles
 * (service check with a Chinese message, and the `accounts_one_admin_role` constraint underneath).
 */

export interface AdminDeps {
  db: Kysely<DB>;
  pii: PiiCrypto;
  now: Date;
}

const fieldError = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });

export function presentAccount(row: AccountRow, org: OrganisationRow | undefined, now: Date): TAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as Role[],
    organisation: org ? { id: org.id, name: org.name, kind: org.kind } : null,
    villageCode: row.villageCode,
    personId: row.personId,
    isDisabled: row.disabledAt !== null,
    isLocked: row.lockedUntil !== null && row.lockedUntil > now,
    requiresTotp: requiresTotp(row.roles),
    createdAt: row.createdAt.toISOString(),
    passwordChangedAt: row.passwordChangedAt.toISOString(),
  };
}

async function presentOne(db: Kysely<DB>, row: AccountRow, now: Date): Promise<TAccount> {
  const org = row.organisationId ? await findOrganisationById(db, row.organisationId) : undefined;
  return presentAccount(row, org, now);
}

/** 三员 and scope rules for a set of roles on an account (Chinese messages for the form). */
export function rolesProblem(
  roles: readonly Role[],
  account: { villageCode: string | null; personId: string | null },
  org: OrganisationRow | undefined,
): string | null {
  const admins = roles.filter((r) => (adminRoles as readonly string[]).includes(r));
  if (admins.length > 1) return '系统管理员、安全管理员、审计管理员不能由同一账号兼任';
  if (admins.length === 1 && roles.length > 1) return '三员账号不能同时担任业务角色';
  if (roles.includes('village_worker') && !account.villageCode && org?.kind !== 'township_government')
    return '村（社区）工作人员须指定所在村（社区）';
  if (roles.includes('citizen') && !account.personId) return '群众账号须关联本人的人员记录';
  if (roles.includes('employer') && org?.kind !== 'employer') return '用人单位账号须属于一个用人单位';
  return null;
}

export interface ProvisionInput {
  username: string;
  displayName: string;
  organisationId?: string | null | undefined;
  villageCode?: string | null | undefined;
  personId?: string | null | undefined;
  roles: readonly Role[];
  /** Omitted: a random one is generated (and returned once). */
  password?: string | undefined;
  /** Omitted: a random one is generated. Every account gets one, so a later role needing TOTP just works. */
  totpSecret?: string | undefined;
}

export interface Provisioned {
  account: AccountRow;
  password: string;
  totpSecret: string;
}

/**
 * Creates an account with roles, without the 三员 route rules: for the CLI (the first admin), demo seeding and
 * tests. Policy, uniqueness and the one-admin-role rule still apply.
 */
export async function provisionAccount(deps: AdminDeps, input: ProvisionInput): Promise<Provisioned> {
  const username = input.username.trim().toLowerCase();
  if (await findAccountByUsername(deps.db, username)) throw new AppError('CONFLICT', '用户名已存在');
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password, username);
  if (problem) throw fieldError('password', problem);
  const org = input.organisationId ? await findOrganisationById(deps.db, input.organisationId) : undefined;
  if (input.organisationId && !org) throw fieldError('organisationId', '所属单位不存在');
  const rp = rolesProblem(
    input.roles,
    { villageCode: input.villageCode ?? null, personId: input.personId ?? null },
    org,
  );
  if (rp) throw fieldError('roles', rp);
  const totpSecret = input.totpSecret ?? newTotpSecret();
  const account = await insertAccount(deps.db, {
    username,
    displayName: input.displayName,
    passwordHash: await hashPassword(password),
    organisationId: input.organisationId ?? null,
    villageCode: input.villageCode ?? null,
    personId: input.personId ?? null,
    roles: [...input.roles],
    totpSecretCipher: deps.pii.encrypt(totpSecret),
    passwordChangedAt: deps.now,
  });
  return { account, password, totpSecret };
}

async function checkPlacement(
  db: Kysely<DB>,
  input: {
    organisationId?: string | null | undefined;
    villageCode?: string | null | undefined;
    personId?: string | null | undefined;
  },
): Promise<void> {
  if (input.organisationId && !(await findOrganisationById(db, input.organisationId)))
    throw fieldError('organisationId', '所属单位不存在');
  if (input.villageCode && !(await placeExists(db, input.villageCode, 'village')))
    throw fieldError('villageCode', '村（社区）代码不存在');
  if (input.personId && !(await personExists(db, input.personId)))
    throw fieldError('personId', '人员记录不存在');
}

export async function listAccountsFor(db: Kysely<DB>, _actor: Actor, q: TAccountListQuery, now: Date) {
  const { items, total } = await listAccounts(db, q);
  const orgIds = [...new Set(items.map((a) => a.organisationId).filter((x): x is string => x !== null))];
  const orgs = new Map((await findOrganisationsByIds(db, orgIds)).map((o) => [o.id, o]));
  return {
    items: items.map((a) =>
      presentAccount(a, a.organisationId ? orgs.get(a.organisationId) : undefined, now),
    ),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** sys_admin: a new account without roles (the security admin grants them); password and TOTP shown once. */
export async function createAccount(deps: AdminDeps, actor: Actor, input: TCreateAccountRequest) {
  await checkPlacement(deps.db, input);
  return deps.db.transaction().execute(async (trx) => {
    const made = await provisionAccount(
      { ...deps, db: trx },
      {
        username: input.username,
        displayName: input.displayName,
        organisationId: input.organisationId,
        villageCode: input.villageCode,
        personId: input.personId,
        roles: [],
      },
    );
    await recordAudit(trx, actor, {
      event: 'account.create',
      objectType: 'account',
      objectId: made.account.id,
      details: { username: made.account.username, organisationId: made.account.organisationId },
      at: deps.now,
    });
    return {
      account: await presentOne(trx, made.account, deps.now),
      initialPassword: made.password,
      totpSecret: made.totpSecret,
      totpUri: totpUri(made.account.username, made.totpSecret),
    };
  });
}

/** sys_admin: details, disable/enable (a disabled account's sessions end at once), password reset, unlock. */
export async function updateAccountFor(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  input: TUpdateAccountRequest,
) {
  if (id === actor.accountId && input.disabled === true) throw fieldError('disabled', '不能停用自己的账号');
  await checkPlacement(deps.db, input);
  const newPassword = input.resetPassword ? generatePassword() : undefined;
  const newHash = newPassword ? await hashPassword(newPassword) : undefined;
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockAccount(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const now = deps.now;
    const changed: string[] = [];
    const patch: Parameters<typeof updateAccount>[2] = { updatedAt: now };
    if (input.displayName !== undefined && input.displayName !== before.displayName) {
      patch.displayName = input.displayName;
      changed.push('displayName');
    }
    if (input.organisationId !== undefined && input.organisationId !== before.organisationId) {
      patch.organisationId = input.organisationId;
      changed.push('organisationId');
    }
    if (input.villageCode !== undefined && input.villageCode !== before.villageCode) {
      patch.villageCode = input.villageCode;
      changed.push('villageCode');
    }
    if (input.personId !== undefined && input.personId !== before.personId) {
      patch.personId = input.personId;
      changed.push('personId');
    }
    const disabling = input.disabled === true && before.disabledAt === null;
    const enabling = input.disabled === false && before.disabledAt !== null;
    if (disabling) patch.disabledAt = now;
    if (enabling) patch.disabledAt = null;
    if (newHash) patch.passwordHash = newHash;
    if (newHash) patch.passwordChangedAt = now;
    if (input.unlock || newHash) {
      patch.failedLogins = 0;
      patch.firstFailedAt = null;
      patch.lockedUntil = null;
    }
    if (changed.length > 0) {
      const org =
        (patch.organisationId ?? before.organisationId)
          ? await findOrganisationById(trx, String(patch.organisationId ?? before.organisationId))
          : undefined;
      const rp = rolesProblem(
        before.roles as Role[],
        {
          villageCode: patch.villageCode === undefined ? before.villageCode : (patch.villageCode ?? null),
          personId: patch.personId === undefined ? before.personId : (patch.personId ?? null),
        },
        org,
      );
      if (rp) throw fieldError('roles', rp);
    }
    const after = await updateAccount(trx, id, patch);
    if (!after) throw new AppError('NOT_FOUND');
    const audit = (event: Parameters<typeof recordAudit>[2]['event'], details?: Record<string, unknown>) =>
      recordAudit(trx, actor, {
        event,
        objectType: 'account',
        objectId: id,
        at: now,
        ...(details ? { details } : {}),
      });
    if (changed.length > 0) await audit('account.update', { fields: changed });
    if (disabling) {
      const ended = await deleteSessionsOfAccount(trx, id);
      await audit('account.disable', { sessionsEnded: ended });
    }
    if (enabling) await audit('account.enable');
    if (newHash) {
      const ended = await deleteSessionsOfAccount(trx, id);
      await audit('account.password_reset', { sessionsEnded: ended });
    }
    if (input.unlock) await audit('account.unlock');
    return {
      account: await presentOne(trx, after, now),
      ...(newPassword ? { newPassword } : {}),
    };
  });
}

/** sec_admin: sets the account's roles; each added role is a grant and each removed one a revoke in the audit. */
export async function setAccountRoles(deps: AdminDeps, actor: Actor, id: string, input: TSetRolesRequest) {
  if (id === actor.accountId) throw fieldError('roles', '不能修改自己的角色');
  const wanted = [...new Set(input.roles)].sort((a, b) => roleNames.indexOf(a) - roleNames.indexOf(b));
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockAccount(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const org = before.organisationId ? await findOrganisationById(trx, before.organisationId) : undefined;
    const problem = rolesProblem(wanted, before, org);
    if (problem) throw fieldError('roles', problem);
    const had = new Set(before.roles);
    const granted = wanted.filter((r) => !had.has(r));
    const revoked = before.roles.filter((r) => !wanted.includes(r as Role));
    const after = await updateAccount(trx, id, { roles: wanted, updatedAt: deps.now });
    if (!after) throw new AppError('NOT_FOUND');
    for (const role of granted)
      await recordAudit(trx, actor, {
        event: 'role.grant',
        objectType: 'account',
        objectId: id,
        details: { role },
        at: deps.now,
      });
    for (const role of revoked)
      await recordAudit(trx, actor, {
        event: 'role.revoke',
        objectType: 'account',
        objectId: id,
        details: { role },
        at: deps.now,
      });
    return { account: await presentOne(trx, after, deps.now) };
  });
}

export async function listOrganisationsForAdmin(
  db: Kysely<DB>,
  _actor: Actor,
  q: { q?: string | undefined; kind?: OrganisationKind | undefined },
) {
  const rows = await listOrganisationOptions(db, q);
  return rows.map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind }));
}

export function listRoleInfo() {
  return roleNames.map((role) => ({
    role,
    label: roleTable[role].label,
    permissions: [...permissionsOf([role])],
    requiresTotp: requiresTotp([role]),
    isAdminRole: (adminRoles as readonly string[]).includes(role),
  }));
}

export async function getAccount(db: Kysely<DB>, id: string, now: Date): Promise<TAccount> {
  const row = await findAccountById(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return presentOne(db, row, now);
}
