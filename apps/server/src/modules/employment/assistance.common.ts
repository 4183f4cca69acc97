import type { DB } from '@qiaoti/db';
import type { Explanation, PinnedParameter, Rulebook, TraceNode } from '@qiaoti/policy';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { insertDecision } from '../policy/policy.repository.ts';
import { isPlaceInScope, registryScopeOf } from '../registry/registry-scope.ts';

/**
 * What the assistance, 零就业家庭 and subsidy services share: dates, the statutory retirement age, a person's
 * employment as the records show it on a day, and storing a policy decision inside the caller's transaction.
 */

// ── dates ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Whole months from `from` to `to` (both `YYYY-MM-DD`); 0 when `to` is earlier. */
export function wholeMonthsBetween(from: string, to: string): number {
  const months =
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    (Number(to.slice(5, 7)) - Number(from.slice(5, 7))) -
    (to.slice(8, 10) < from.slice(8, 10) ? 1 : 0);
  return Math.max(0, months);
}

/** `YYYY-MM` plus n months. */
export function addMonths(yearMonth: string, n: number): string {
  const total = Number(yearMonth.slice(0, 4)) * 12 + Number(yearMonth.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * Statutory retirement age as the synthetic county and the rules use it: men 60, women 55 (the gradual raise
 * from 2025 is not modelled yet).
 */
export const retirementAge = (gender: 'M' | 'F'): number => (gender === 'M' ? 60 : 55);

export function retirementDate(birthDate: string, gender: 'M' | 'F'): string {
  return `${Number(birthDate.slice(0, 4)) + retirementAge(gender)}${birthDate.slice(4)}`;
}

/** 居委会 (urban) codes end 001–199 in the statistical division codes; 村委会 codes 200 and up. */
export const isUrbanVillage = (villageCode: string): boolean => Number(villageCode.slice(9, 12)) < 200;

// ── employment on a day ───────────────────────────────────────────────────────────────────────────────────────

export type EmploymentKind = 'employed' | 'unemployed' | 'inactive' | 'unknown';
export interface EmploymentState {
  kind: EmploymentKind;
  /** The day the current state holds from (for 'employed' and 'unemployed'). */
  since: string | null;
  /** 已进行失业登记: a registered job seeker who is not employed, or recorded unemployed in the registry. */
  registeredUnemployed: boolean;
}

const employedFacts = new Set(['employed', 'self_employed', 'flexible', 'migrant_worker', 'farming']);
const inactiveFacts = new Set(['student', 'retired', 'not_in_labour_force']);

const asText = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Employment of each person on `day`, from the employment records first and the registry second: an active
 * placement (employed since its start), else the job-seeker registration's status, else the latest dated
 * `employment_status` fact (DESIGN §4.2).
 */
export async function employmentStates(
  db: Kysely<DB>,
  personIds: readonly string[],
  day: string,
): Promise<Map<string, EmploymentState>> {
  const out = new Map<string, EmploymentState>();
  if (personIds.length === 0) return out;
  const ids = [...new Set(personIds)];
  const [placements, seekers, facts] = await Promise.all([
    db
      .selectFrom('placement')
      .select(['personId', sql<string>`min(start_date)::text`.as('since')])
      .where('personId', 'in', ids)
      .where('startDate', '<=', day)
      .where((eb) => eb.or([eb('endDate', 'is', null), eb('endDate', '>', day)]))
      .groupBy('personId')
      .execute(),
    db
      .selectFrom('jobSeeker')
      .select(['personId', 'status', sql<string>`status_since::text`.as('statusSince')])
      .where('personId', 'in', ids)
      .execute(),
    db
      .selectFrom('personFacts')
      .select(['personId', 'value', sql<string>`valid_from::text`.as('validFrom')])
      .where('personId', 'in', ids)
      .where('fact', '=', 'employment_status')
      .where('validFrom', '<=', day)
      .orderBy('personId')
      .orderBy('validFrom', 'desc')
      .orderBy('recordedAt', 'desc')
      .execute(),
  ]);
  const seekerOf = new Map(seekers.map((s) => [s.personId, s]));
  const factOf = new Map<string, { value: string | null; validFrom: string }>();
  for (const f of facts)
    if (!factOf.has(f.personId)) factOf.set(f.personId, { value: asText(f.value), validFrom: f.validFrom });
  const placementOf = new Map(placements.map((p) => [p.personId, p.since]));
  for (const id of ids) {
    const placed = placementOf.get(id);
    const seeker = seekerOf.get(id);
    const fact = factOf.get(id);
    if (placed) {
      const since =
        seeker &&
        (seeker.status === 'employed' || seeker.status === 'flexible') &&
        seeker.statusSince < placed
          ? seeker.statusSince
          : placed;
      out.set(id, { kind: 'employed', since, registeredUnemployed: false });
    } else if (seeker && seeker.statusSince <= day) {
      const employed = seeker.status === 'employed' || seeker.status === 'flexible';
      out.set(id, {
        kind: employed ? 'employed' : 'unemployed',
        since: seeker.statusSince,
        registeredUnemployed: !employed,
      });
    } else if (fact?.value && employedFacts.has(fact.value)) {
      out.set(id, { kind: 'employed', since: fact.validFrom, registeredUnemployed: false });
    } else if (fact?.value === 'unemployed') {
      out.set(id, { kind: 'unemployed', since: fact.validFrom, registeredUnemployed: true });
    } else if (fact?.value && inactiveFacts.has(fact.value)) {
      out.set(id, { kind: 'inactive', since: fact.validFrom, registeredUnemployed: false });
    } else {
      out.set(id, { kind: 'unknown', since: null, registeredUnemployed: false });
    }
  }
  return out;
}

// ── decisions inside the caller's transaction ─────────────────────────────────────────────────────────────────

export interface StoredDecision {
  id: string;
  outcome: unknown;
  reasons: string[];
  /** Labels of the 待确认 parameters the decision read. */
  pending: string[];
}

function pinsOf(e: Explanation): PinnedParameter[] {
  const pins = new Map<string, PinnedParameter>();
  const walk = (n: TraceNode) => {
    for (const d of n.dependencies) walk(d);
    for (const p of n.parameters) pins.set(p.id, p);
  };
  walk(e.trace);
  return [...pins.values()].map((p) => ({
    id: p.id,
    since: p.since,
    value: p.value,
    cites: p.cites,
    pending: p.pending,
  }));
}

/** Explains a rule for a subject; an evaluation the rulebook cannot make is a 400 with the reason. */
export function explainRule(book: Rulebook, ruleId: string, input: object, asOf: string): Explanation {
  try {
    return book.explain(ruleId, input, asOf);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('VALIDATION_FAILED', `无法计算：${message}`);
  }
}

/**
 * Evaluates a rule and stores the decision record (DESIGN §4.1) in the caller's transaction, audited there too,
 * so the decision commits with the action it justifies.
 */
export async function decideIn(
  trx: Transaction<DB>,
  actor: Actor,
  book: Rulebook,
  d: {
    ruleId: string;
    subjectType: 'person' | 'household' | 'case';
    subjectId: string;
    asOf: string;
    input: object;
  },
  at: Date,
): Promise<StoredDecision> {
  const e = explainRule(book, d.ruleId, d.input, d.asOf);
  const pins = pinsOf(e);
  const row = await insertDecision(trx, {
    ruleId: d.ruleId,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    asOf: d.asOf,
    rulesetVersion: book.version,
    parameterVersion: book.parameterVersion,
    input: d.input,
    outcome: e.outcome,
    reasons: [...e.sentences],
    parametersRead: pins,
    decidedBy: actor.accountId,
    organisationId: actor.organisationId,
  });
  await recordAudit(trx, actor, {
    event: 'decision.record',
    objectType: 'decision',
    objectId: row.id,
    details: { ruleId: d.ruleId, asOf: d.asOf, subjectType: d.subjectType },
    at,
  });
  const pending = pins.filter((p) => p.pending).map((p) => book.parameters.get(p.id)?.label ?? p.id);
  return { id: row.id, outcome: e.outcome, reasons: [...e.sentences], pending };
}

// ── scope ─────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Staff scope over assistance records (by the person's or household's village): employment department staff the
 * county, township staff their township, village workers their village. Others see none.
 */
export function staffPlaceFilter(
  actor: Actor,
): { kind: 'county' } | { kind: 'prefix'; prefix: string } | null {
  const scope = registryScopeOf(actor);
  switch (scope.kind) {
    case 'county':
      return { kind: 'county' };
    case 'township':
      return { kind: 'prefix', prefix: scope.townshipCode };
    case 'village':
      return { kind: 'prefix', prefix: scope.villageCode };
    default:
      return null;
  }
}

export function isVillageInStaffScope(actor: Actor, villageCode: string | null): boolean {
  return isPlaceInScope(registryScopeOf(actor), villageCode);
}

/** The actor a background job acts as: the account that queued it, with no permissions of its own. */
export function jobActor(createdBy: string | null, organisationId: string | null, username: string): Actor {
  return {
    accountId: createdBy ?? '00000000-0000-0000-0000-000000000000',
    username,
    roles: [],
    permissions: new Set(),
    organisationId,
    organisationDuties: [],
    organisationKind: null,
    villageCode: null,
    personId: null,
    ip: null,
    requestId: null,
  };
}
