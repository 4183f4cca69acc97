import type { Permission, Role } from '@qiaoti/contracts';

/**
 * Who is acting: built by the session plugin from the session's account, handed first to every service
 * function `(db, actor, input)`. Services decide data-level scope from it; they never see the request.
 */
export interface Actor {
  readonly accountId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly permissions: ReadonlySet<Permission>;
  /** The account's organisation (department, township government or employer). */
  readonly organisationId: string | null;
  /** The organisation's duties (e.g. 'employment', 'welfare'): what a department's staff may see. */
  readonly organisationDuties: readonly string[];
  readonly organisationKind: 'department' | 'township_government' | 'employer' | 'other' | null;
  /** A village worker's village (12-digit code); a township government's staff have a 9-digit township code. */
  readonly villageCode: string | null;
  /** A citizen's own person record. */
  readonly personId: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
}

export const hasPermission = (actor: Actor, p: Permission): boolean => actor.permissions.has(p);
