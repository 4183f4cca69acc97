import type { THouseholdRecheck, TZeroDashboard, TZeroHousehold } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Rulebook } from '@qiaoti/policy';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import type { JobRun, JobRunner } from '../jobs/jobs.runner.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { placeIndex } from '../registry/places.repository.ts';
import { ageOn, businessDay } from '../registry/registry-deps.ts';
import { requirePermission } from '../registry/registry-scope.ts';
import {
  decideIn,
  employmentStates,
  explainRule,
  isUrbanVillage,
  jobActor,
  retirementAge,
  staffPlaceFilter,
} from './assistance.common.ts';
import {
  countHouseholdsToCheck,
  countsByTownship,
  endSpell,
  findCurrentSpellsForUpdate,
  householdsOfPersons,
  householdsToCheck,
  householdsWithMembers,
  insertSpell,
  listSnapshots,
  listSpells,
  writeSnapshots,
} from './zero-employment.repository.ts';

/**
 * 零就业家庭 kept as a live list (plan 十二, "动态清零"): a household enters when the rule
 * `employment.zero_employment_household` holds and leaves — with the date and the reason — when it no longer does,
 * usually because a member found work. Each entry and exit is a stored decision. Recomputed by a job over a
 * township (progress, resumable) and for one household when a member's employment changes.
 */

const RULE = 'employment.zero_employment_household';
export const zeroEmploymentJobKind = 'employment.zero_employment.recompute';

/** Re-evaluates one household on `day` and moves it onto or off the live list. */
export async function recheckHousehold(
  trx: Transaction<DB>,
  actor: Actor,
  book: Rulebook,
  householdId: string,
  day: string,
  at: Date,
): Promise<THouseholdRecheck> {
  const [result] = await recheckHouseholds(trx, actor, book, [householdId], day, at);
  if (!result) throw new AppError('NOT_FOUND');
  return result;
}

/**
 * Re-evaluates households on `day` (a few queries for the whole batch) and writes a decision, and the entry or
 * exit, only for those whose place on the live list changes.
 */
export async function recheckHouseholds(
  trx: Transaction<DB>,
  actor: Actor,
  book: Rulebook,
  householdIds: readonly string[],
  day: string,
  at: Date,
): Promise<THouseholdRecheck[]> {
  const { households, members } = await householdsWithMembers(trx, householdIds);
  const states = await employmentStates(
    trx,
    members.map((m) => m.id),
    day,
  );
  const spells = new Map(
    (await findCurrentSpellsForUpdate(trx, householdIds)).map((s) => [s.householdId, s]),
  );
  const out: THouseholdRecheck[] = [];
  for (const household of households) {
    let workingAgeAbleMembers = 0;
    let employedMembers = 0;
    let firstEmployed: { id: string; name: string; since: string | null } | null = null;
    for (const p of members) {
      if (p.householdId !== household.id) continue;
      const s = states.get(p.id);
      if (s?.kind === 'employed') {
        employedMembers++;
        firstEmployed ??= { id: p.id, name: p.name, since: s.since };
      }
      const age = ageOn(p.birthDate, day);
      if (age < 16 || age >= retirementAge(p.gender)) continue;
      if (!s || s.kind === 'inactive' || s.kind === 'unknown') continue;
      workingAgeAbleMembers++;
    }
    const input = {
      urban: isUrbanVillage(household.villageCode),
      workingAgeAbleMembers,
      employedMembers,
      // The registry records no business or investment income yet; an employed member (incl. 个体经营) counts above.
      hasBusinessOrInvestmentIncome: false,
    };
    const spell = spells.get(household.id);
    const preview = explainRule(book, RULE, input, day);
    const qualifies = preview.outcome === true;
    if (qualifies === (spell !== undefined)) {
      out.push({ householdId: household.id, qualifies, change: 'none', reasons: [...preview.sentences] });
      continue;
    }
    const decision = await decideIn(
      trx,
      actor,
      book,
      { ruleId: RULE, subjectType: 'household', subjectId: household.id, asOf: day, input },
      at,
    );
    if (qualifies) {
      await insertSpell(trx, {
        householdId: household.id,
        villageCode: household.villageCode,
        townshipCode: household.villageCode.slice(0, 9),
        enteredOn: day,
        entryDecisionId: decision.id,
      });
      out.push({ householdId: household.id, qualifies, change: 'entered', reasons: decision.reasons });
      continue;
    }
    if (!spell) throw new AppError('INTERNAL');
    const leaveReason = firstEmployed
      ? `家庭成员${firstEmployed.name}已就业${firstEmployed.since ? `（${firstEmployed.since} 起）` : ''}`
      : (decision.reasons.find((r) => !r.includes('城镇居民家庭')) ?? '不再符合零就业家庭条件');
    await endSpell(trx, spell.id, {
      leftOn: day,
      leaveReason,
      leavePersonId: firstEmployed?.id ?? null,
      leaveDecisionId: decision.id,
    });
    out.push({ householdId: household.id, qualifies, change: 'left', reasons: decision.reasons });
  }
  return out;
}

/**
 * After a person's employment changed: re-evaluates their households (call inside the transaction of the change,
 * so a member's new job takes the household off the list in the same commit).
 */
export async function recheckHouseholdsOfPerson(
  trx: Transaction<DB>,
  actor: Actor,
  book: Rulebook,
  personId: string,
  day: string,
  at: Date,
): Promise<THouseholdRecheck[]> {
  return recheckHouseholds(trx, actor, book, await householdsOfPersons(trx, [personId]), day, at);
}

// ── services for the routes ───────────────────────────────────────────────────────────────────────────────────

export interface ZeroDeps {
  readonly db: Kysely<DB>;
  readonly clock: () => Date;
}

function scopePrefix(actor: Actor): string | null {
  const f = staffPlaceFilter(actor);
  if (!f) throw new AppError('FORBIDDEN');
  return f.kind === 'county' ? null : f.prefix;
}

export async function recheckHouseholdForActor(
  deps: ZeroDeps,
  actor: Actor,
  householdId: string,
): Promise<THouseholdRecheck> {
  requirePermission(actor, 'employment.manage');
  const prefix = scopePrefix(actor);
  const h = await deps.db
    .selectFrom('households')
    .select('villageCode')
    .where('id', '=', householdId)
    .executeTakeFirst();
  if (!h || (prefix && !h.villageCode.startsWith(prefix))) throw new AppError('NOT_FOUND');
  const book = await currentRulebook(deps.db);
  const at = deps.clock();
  return deps.db
    .transaction()
    .execute((trx) => recheckHousehold(trx, actor, book, householdId, businessDay(at), at));
}

export async function listZeroHouseholds(
  deps: ZeroDeps,
  actor: Actor,
  q: { townshipCode?: string | undefined; status: 'current' | 'cleared' },
): Promise<TZeroHousehold[]> {
  requirePermission(actor, 'employment.read');
  const scope = scopePrefix(actor);
  let prefix = scope;
  if (q.townshipCode) {
    if (scope && !q.townshipCode.startsWith(scope) && !scope.startsWith(q.townshipCode)) return [];
    prefix = scope && scope.length > q.townshipCode.length ? scope : q.townshipCode;
  }
  const places = await placeIndex(deps.db);
  const rows = await listSpells(deps.db, { prefix, status: q.status, limit: 1000 });
  return rows.map((r) => {
    const v = places.get(r.villageCode);
    const t = places.get(r.townshipCode);
    return {
      spellId: r.id,
      householdId: r.householdId,
      householdNumber: r.householdNumber,
      headName: r.headName,
      villageCode: r.villageCode,
      villageName: `${t?.name ?? ''}${v?.name ?? r.villageCode}`,
      townshipCode: r.townshipCode,
      enteredOn: r.enteredOn,
      leftOn: r.leftOn,
      leaveReason: r.leaveReason,
      entryDecisionId: r.entryDecisionId,
    };
  });
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The 清零 dashboard: per township on the list now, cleared and entered this month, and the daily trend. */
export async function zeroDashboard(deps: ZeroDeps, actor: Actor, days = 90): Promise<TZeroDashboard> {
  requirePermission(actor, 'employment.read');
  const prefix = scopePrefix(actor);
  const today = businessDay(deps.clock());
  const places = await placeIndex(deps.db);
  const counts = await countsByTownship(deps.db, prefix, `${today.slice(0, 8)}01`);
  const byCode = new Map(counts.map((c) => [c.townshipCode, c]));
  const townships = [...places.values()]
    .filter((p) => p.level === 'township' && (!prefix || p.code.startsWith(prefix.slice(0, 9))))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((p) => {
      const c = byCode.get(p.code);
      return {
        code: p.code,
        name: p.name,
        current: Number(c?.current ?? 0),
        clearedThisMonth: Number(c?.cleared ?? 0),
        enteredThisMonth: Number(c?.entered ?? 0),
      };
    });
  const series = (await listSnapshots(deps.db, prefix, addDays(today, -days))).map((s) => ({
    date: s.date,
    townshipCode: s.townshipCode,
    households: s.households,
  }));
  // Today's point is live, so the chart never lags the list.
  const live = series.filter((s) => s.date !== today);
  for (const t of townships)
    if (t.current > 0 || series.some((s) => s.townshipCode === t.code))
      live.push({ date: today, townshipCode: t.code, households: t.current });
  return { today, townships, series: live };
}

/** Queues the recompute job over the actor's area (or a township inside it). */
export async function startZeroRecompute(
  deps: ZeroDeps,
  jobs: JobRunner,
  actor: Actor,
  townshipCode: string | undefined,
): Promise<{ jobId: string }> {
  requirePermission(actor, 'employment.manage');
  const scope = scopePrefix(actor);
  const prefix = townshipCode ?? scope ?? '410122';
  if (scope && !prefix.startsWith(scope)) throw new AppError('FORBIDDEN');
  const jobId = await jobs.enqueue(
    zeroEmploymentJobKind,
    { prefix, day: businessDay(deps.clock()) },
    { createdBy: actor.accountId, organisationId: actor.organisationId },
  );
  return { jobId };
}

const CHUNK = 100;

/** The recompute job: households in chunks by id (checkpoint = last id), then the day's snapshot. */
export async function runZeroRecomputeJob(run: JobRun): Promise<Record<string, unknown>> {
  const { db } = run.ctx.database;
  const prefix = typeof run.params.prefix === 'string' ? run.params.prefix : '410122';
  const day = typeof run.params.day === 'string' ? run.params.day : businessDay(run.ctx.clock());
  const actor = jobActor(run.job.createdBy, run.job.organisationId, 'job:零就业家庭重算');
  const book = await currentRulebook(db);
  const cp = (run.checkpoint ?? {}) as { afterId?: string; entered?: number; left?: number; done?: number };
  let afterId = cp.afterId ?? null;
  let entered = cp.entered ?? 0;
  let left = cp.left ?? 0;
  let done = cp.done ?? 0;
  if (run.job.progressTotal === null) await run.setTotal(await countHouseholdsToCheck(db, prefix));
  for (;;) {
    const ids = await householdsToCheck(db, prefix, afterId, CHUNK);
    if (ids.length === 0) break;
    let next = { entered, left };
    await run.commitChunk(async (trx) => {
      let e = entered;
      let l = left;
      for (const r of await recheckHouseholds(trx, actor, book, ids, day, run.ctx.clock())) {
        if (r.change === 'entered') e++;
        if (r.change === 'left') l++;
      }
      next = { entered: e, left: l };
      const last = ids[ids.length - 1] ?? afterId;
      return {
        done: done + ids.length,
        checkpoint: { afterId: last, entered: e, left: l, done: done + ids.length },
      };
    });
    entered = next.entered;
    left = next.left;
    afterId = ids[ids.length - 1] ?? afterId;
    done += ids.length;
    run.throwIfStopping();
  }
  const townships = await db.transaction().execute((trx) => writeSnapshots(trx, day, prefix));
  return { checked: done, entered, left, townships, day };
}
