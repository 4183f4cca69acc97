import type { Permission, Role, TMeResponse } from '@qiaoti/contracts';

/** The signed-in account as GET /api/me answers. */
export type Me = TMeResponse;

/**
 * What the console may show: computed once from /api/me. The server checks every call again (function and data
 * level); this only keeps menus and buttons honest.
 */
export interface Access {
  can: (p: Permission) => boolean;
  hasRole: (r: Role) => boolean;
  /** Citizens and employers (no registry or admin permission) get the phone-friendly portal. */
  isPortalOnly: boolean;
}

const staffPermissions: readonly Permission[] = [
  'registry.person.read',
  'registry.household.read',
  'registry.import',
  'identity.account.manage',
  'identity.role.grant',
  'audit.read',
];

export function accessOf(me: Me | null): Access {
  const held = new Set<string>(me?.permissions ?? []);
  const roles = new Set<string>(me?.roles ?? []);
  return {
    can: (p) => held.has(p),
    hasRole: (r) => roles.has(r),
    isPortalOnly: held.has('self.read') && !staffPermissions.some((p) => held.has(p)),
  };
}
