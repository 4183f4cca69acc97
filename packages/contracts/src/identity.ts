import { z } from 'zod';
import { type Permission, permissions, type Role, roleNames } from './access.ts';

/** Usernames: lowercase letters first, then letters, digits, `_`, `.`, `-` (never an ID or phone number). */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名须以字母开头，由 3–32 位小写字母、数字、下划线、点或连字符组成');

export const ZRole = z.enum(roleNames as [Role, ...Role[]]);
export const ZPermission = z.enum(Object.keys(permissions) as [Permission, ...Permission[]]);

// ── Login, logout, me

export const ZLoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  /** Six-digit dynamic code (动态口令), required for accounts whose roles need a second factor. */
  totp: z
    .string()
    .regex(/^\d{6}$/, '动态口令为 6 位数字')
    .optional(),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZOrganisationRef = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['department', 'township_government', 'employer', 'other']),
});

export const ZMeResponse = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  permissions: z.array(ZPermission),
  organisation: ZOrganisationRef.nullable(),
  villageCode: z.string().nullable(),
  personId: z.string().nullable(),
  /** Send back as header `x-csrf-token` on every POST/PUT/PATCH/DELETE. */
  csrfToken: z.string(),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

export const ZOk = z.object({ ok: z.literal(true) });

// ── Account administration (三员: sys_admin manages accounts, sec_admin grants roles)

export const ZAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  organisation: ZOrganisationRef.nullable(),
  villageCode: z.string().nullable(),
  personId: z.string().nullable(),
  isDisabled: z.boolean(),
  isLocked: z.boolean(),
  requiresTotp: z.boolean(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
});
export type TAccount = z.infer<typeof ZAccount>;

export const ZAccountListQuery = z.object({
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAccountListQuery = z.infer<typeof ZAccountListQuery>;

export const ZAccountPage = z.object({
  items: z.array(ZAccount),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ZCreateAccountRequest = z.object({
  username: ZUsername,
  displayName: z.string().trim().min(1, '请填写姓名').max(64),
  organisationId: z.string().uuid('请选择所属单位').nullable().optional(),
  villageCode: z
    .string()
    .regex(/^\d{12}$/, '村（社区）代码为 12 位数字')
    .nullable()
    .optional(),
  personId: z.string().uuid().nullable().optional(),
});
export type TCreateAccountRequest = z.infer<typeof ZCreateAccountRequest>;

/** The generated first password and the TOTP secret are shown once, to hand to the account's holder. */
export const ZCreateAccountResponse = z.object({
  account: ZAccount,
  initialPassword: z.string(),
  totpSecret: z.string(),
  totpUri: z.string(),
});

export const ZUpdateAccountRequest = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  organisationId: z.string().uuid().nullable().optional(),
  villageCode: z
    .string()
    .regex(/^\d{12}$/, '村（社区）代码为 12 位数字')
    .nullable()
    .optional(),
  personId: z.string().uuid().nullable().optional(),
  /** true disables the account (its sessions end at once); false enables it again. */
  disabled: z.boolean().optional(),
  /** Generates a new password (shown once); the TOTP secret is kept (a reset never bypasses the second factor). */
  resetPassword: z.literal(true).optional(),
  /** Lifts a lock after failed logins. */
  unlock: z.literal(true).optional(),
});
export type TUpdateAccountRequest = z.infer<typeof ZUpdateAccountRequest>;

export const ZUpdateAccountResponse = z.object({
  account: ZAccount,
  newPassword: z.string().optional(),
});

export const ZSetRolesRequest = z.object({ roles: z.array(ZRole).max(9) });
export type TSetRolesRequest = z.infer<typeof ZSetRolesRequest>;

export const ZAccountIdParams = z.object({ id: z.string().uuid() });

export const ZOrganisationOption = z.object({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['department', 'township_government', 'employer', 'other']),
});
export const ZOrganisationOptionsQuery = z.object({
  q: z.string().trim().max(64).optional(),
  kind: z.enum(['department', 'township_government', 'employer', 'other']).optional(),
});

export const ZRoleInfo = z.object({
  role: ZRole,
  label: z.string(),
  permissions: z.array(ZPermission),
  requiresTotp: z.boolean(),
  isAdminRole: z.boolean(),
});
