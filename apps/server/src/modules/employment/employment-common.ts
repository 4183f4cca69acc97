import type { AuditEvent } from '@qiaoti/contracts';
import { occupationByCode } from '@qiaoti/contracts';
import type { AuditOutcome, DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { PlaceEntry } from '../registry/places.repository.ts';
import { placeIndex } from '../registry/places.repository.ts';
import { unknownCode } from '../registry/places.service.ts';
import { businessDay, type RegistryDeps } from '../registry/registry-deps.ts';
import { placeLabel } from '../registry/registry-presenters.ts';

/**
 * Shared by the employment core services (postings, seekers, referrals, matching): who may do what, audit, and
 * reference-data checks. Services take `(deps, actor, input)`; deps are the registry's (db, pii, clock).
 */
export type EmploymentDeps = RegistryDeps;

export const today = (deps: EmploymentDeps): string => businessDay(deps.clock());

/** Staff of the public employment service (县人社局 and village workers reading). */
export const isStaff = (actor: Actor): boolean => actor.permissions.has('employment.read');
export const canManage = (actor: Actor): boolean => actor.permissions.has('employment.manage');

/** The employer organisation an employer account acts for, or null for anyone else. */
export function employerOrgOf(actor: Actor): string | null {
  if (!actor.permissions.has('employment.employer')) return null;
  return actor.organisationKind === 'employer' ? actor.organisationId : null;
}

/** The person a citizen account is (self.read + personId), or null. */
export function citizenPersonOf(actor: Actor): string | null {
  return actor.roles.includes('citizen') && actor.permissions.has('self.read') ? actor.personId : null;
}

export interface EmploymentAuditEntry {
  event: AuditEvent;
  objectType: 'job_posting' | 'job_seeker' | 'referral' | 'placement' | 'decision';
  objectId: string | null;
  outcome?: AuditOutcome;
  /** Never an ID number, a phone number or a name. */
  details?: Record<string, string | number | boolean | null | string[]>;
}

/** One audit record; pass the service's transaction so the action and its record commit together. */
export async function auditEmployment(
  db: Kysely<DB>,
  actor: Actor,
  at: Date,
  entry: EmploymentAuditEntry,
): Promise<void> {
  await recordAudit(db, actor, {
    event: entry.outcome === 'denied' ? 'access.denied' : entry.event,
    outcome: entry.outcome ?? 'success',
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: entry.outcome === 'denied' ? { action: entry.event, ...entry.details } : (entry.details ?? {}),
    at,
  });
}

/** Out of scope is NOT_FOUND (never leak existence), and the denial is audited. */
export async function denyNotFound(
  deps: EmploymentDeps,
  actor: Actor,
  event: AuditEvent,
  objectType: EmploymentAuditEntry['objectType'],
  objectId: string,
): Promise<never> {
  await auditEmployment(deps.db, actor, deps.clock(), {
    event,
    objectType,
    objectId,
    outcome: 'denied',
    details: { reason: 'out_of_scope' },
  });
  throw new AppError('NOT_FOUND');
}

/** A 细类 code of the curated 职业分类大典 (2022) list, or UNKNOWN_CODE naming it. */
export function requireOccupation(field: string, code: string): void {
  const o = occupationByCode(code);
  if (o?.level !== '细类') {
    throw new AppError(
      'UNKNOWN_CODE',
      o
        ? `职业代码 ${code}（${o.name}）是${o.level}，请选择具体职业（细类）`
        : `职业代码不存在：${code}（请从职业分类大典中选择）`,
      { field, code },
    );
  }
}

export const occupationName = (code: string): string => occupationByCode(code)?.name ?? code;

export async function places(deps: EmploymentDeps): Promise<Map<string, PlaceEntry>> {
  return placeIndex(deps.db);
}

/** A village (12) or township (9) of the county, or UNKNOWN_CODE. */
export async function requireCountyPlace(
  deps: EmploymentDeps,
  field: string,
  code: string,
  level?: 'village' | 'township',
): Promise<PlaceEntry> {
  const p = (await places(deps)).get(code);
  const ok = p && (level ? p.level === level : p.level === 'village' || p.level === 'township');
  if (!p || !ok) throw unknownCode(field, code);
  return p;
}

export function placeText(index: Map<string, PlaceEntry>, code: string | null): string {
  if (!code) return '未登记';
  return placeLabel(index, code);
}

/** 张** — an employer sees candidates with the family name only. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
}

/** A day `months` calendar months after `day` (clamped to the month's end): 2026-01-31 + 1 → 2026-02-28. */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const d = Number(day.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const isoOrNull = (d: Date | string | null): string | null =>
  d === null ? null : new Date(d).toISOString();
