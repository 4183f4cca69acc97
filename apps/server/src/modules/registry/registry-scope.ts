import { adminRoles, type Permission } from '@qiaoti/contracts';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';

/**
 * Data-level scope of the registry (ASVS 8.2.2): which persons and households an actor may see.
 * - staff of a department whose duties include registry, employment, welfare or archives: the whole county;
 * - a township government's staff: their township (9-digit code on the account);
 * - a village worker: persons resident in (households of) their village;
 * - a citizen: their own person record only;
 * - employers and the 三员: no persons at all.
 * Out of scope is answered as NOT_FOUND (never leak existence) and the denial is audited by the caller.
 */
export type RegistryScope =
  | { kind: 'county' }
  | { kind: 'township'; townshipCode: string }
  | { kind: 'village'; villageCode: string }
  | { kind: 'self'; personId: string }
  | { kind: 'none' };

const countyWideDuties = ['registry', 'employment', 'welfare', 'archives'];

export function registryScopeOf(actor: Actor): RegistryScope {
  if (actor.roles.some((r) => (adminRoles as readonly string[]).includes(r))) return { kind: 'none' };
  if (actor.organisationKind === 'employer' || actor.roles.includes('employer')) return { kind: 'none' };
  if (actor.roles.includes('village_worker')) {
    return actor.villageCode && /^\d{12}$/.test(actor.villageCode)
      ? { kind: 'village', villageCode: actor.villageCode }
      : { kind: 'none' };
  }
  if (actor.organisationKind === 'township_government') {
    return actor.villageCode && /^\d{9}$/.test(actor.villageCode)
      ? { kind: 'township', townshipCode: actor.villageCode }
      : { kind: 'none' };
  }
  if (
    actor.organisationKind === 'department' &&
    actor.organisationDuties.some((d) => countyWideDuties.includes(d))
  ) {
    return { kind: 'county' };
  }
  if (actor.roles.includes('citizen') && actor.personId) return { kind: 'self', personId: actor.personId };
  return { kind: 'none' };
}

/** Whether a place (village code of a person's residence or a household) lies inside a staff scope. */
export function isPlaceInScope(scope: RegistryScope, villageCode: string | null): boolean {
  switch (scope.kind) {
    case 'county':
      return true;
    case 'township':
      return villageCode?.startsWith(scope.townshipCode) === true;
    case 'village':
      return villageCode === scope.villageCode;
    default:
      return false;
  }
}

export function isPersonInScope(
  scope: RegistryScope,
  person: { id: string; residenceVillageCode: string | null },
): boolean {
  if (scope.kind === 'self') return person.id === scope.personId;
  return isPlaceInScope(scope, person.residenceVillageCode);
}

/** Function level, again in the service (the access plugin checks the route first). */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw new AppError('FORBIDDEN');
}
