import type {
  ReferralState,
  TApplyRequest,
  TCreateReferralRequest,
  TFollowup,
  TFollowupList,
  TRecordFollowupRequest,
  TReferral,
  TReferralList,
  TReferralListQuery,
  TReferralTransitionRequest,
  TRetention,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { notify } from '../notifications/notifications.service.ts';
import { factValueOn, insertFact, insertMobilityEvents } from '../registry/facts.repository.ts';
import { fieldError } from '../registry/persons.service.ts';
import type { PlaceEntry } from '../registry/places.repository.ts';
import { ageOn, businessDay } from '../registry/registry-deps.ts';
import { isPersonInScope, registryScopeOf } from '../registry/registry-scope.ts';
import {
  addMonths,
  auditEmployment,
  canManage,
  citizenPersonOf,
  denyNotFound,
  type EmploymentDeps,
  employerOrgOf,
  isStaff,
  maskName,
  places,
  placeText,
  today,
} from './employment-common.ts';
import { ensureIndex, refreshPosting, refreshSeeker } from './matching.state.ts';
import { findPosting, setPosting } from './postings.repository.ts';
import { workplaceText } from './postings.service.ts';
import {
  countHired,
  endPlacement,
  type FollowupRow,
  findFollowup,
  findOpenReferral,
  findReferral,
  insertFollowups,
  insertPlacement,
  insertReferral,
  listFollowups,
  listReferrals,
  moveReferral,
  type ReferralRow,
  recordFollowupResult,
  retentionCounts,
} from './referrals.repository.ts';
import { findSeeker, findSeekerByPerson } from './seekers.repository.ts';
import { recordStatusChange } from './seekers.service.ts';

/** Follow-up marks after a placement starts (months). */
export const FOLLOWUP_MONTHS = [1, 3, 6] as const;

/** The referral state machine: from → the states it may move to. hired, rejected and withdrawn are final. */
export const referralTransitions: Readonly<Record<ReferralState, readonly ReferralState[]>> = {
  requested: ['referred', 'interview', 'rejected', 'withdrawn'],
  referred: ['interview', 'hired', 'rejected', 'withdrawn'],
  interview: ['hired', 'rejected', 'withdrawn'],
  hired: [],
  rejected: [],
  withdrawn: [],
};

/** Who may make a move: staff any; the posting's employer interview/hire/reject; the seeker withdraw. */
function mayMove(actor: Actor, row: ReferralRow, to: ReferralState): boolean {
  if (canManage(actor)) return true;
  if (employerOrgOf(actor) === row.organisationId)
    return to === 'interview' || to === 'hired' || to === 'rejected';
  if (citizenPersonOf(actor) === row.personId) return to === 'withdrawn';
  return false;
}

function canSee(actor: Actor, row: ReferralRow): boolean {
  if (isStaff(actor))
    return isPersonInScope(registryScopeOf(actor), {
      id: row.personId,
      residenceVillageCode: row.residenceVillageCode,
    });
  if (employerOrgOf(actor)) return employerOrgOf(actor) === row.organisationId;
  return citizenPersonOf(actor) === row.personId;
}

// ── Presenters ─────────────────────────────────────────────────────────────────────────────────────────────────

function presentReferral(
  index: Map<string, PlaceEntry>,
  row: ReferralRow,
  day: string,
  masked: boolean,
): TReferral {
  return {
    id: row.id,
    state: row.state,
    source: row.source,
    seeker: {
      id: row.seekerId,
      name: masked ? maskName(row.personName) : row.personName,
      age: ageOn(row.birthDate, day),
      placeText: masked
        ? townshipOf(index, row.residenceVillageCode)
        : placeText(index, row.residenceVillageCode),
    },
    posting: {
      id: row.postingId,
      title: row.postingTitle,
      organisationId: row.organisationId,
      organisationName: row.organisationName,
      workplaceText: workplaceText(index, {
        workplaceKind: row.workplaceKind as 'village' | 'township' | 'outside',
        workplaceCode: row.workplaceCode,
        workplaceName: row.workplaceName,
      }),
      wageMinFen: row.wageMinFen,
      wageMaxFen: row.wageMaxFen,
    },
    score: row.score,
    reasons: row.reasons,
    interviewAt: row.interviewAt ? new Date(row.interviewAt).toISOString() : null,
    note: row.note,
    placementId: row.placementId,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

function townshipOf(index: Map<string, PlaceEntry>, villageCode: string | null): string {
  const v = villageCode ? index.get(villageCode) : undefined;
  const t = v?.parentCode ? index.get(v.parentCode) : undefined;
  return t?.name ?? '中牟县';
}

/** An employer sees candidates masked until they are hired (then they are its employee). */
const maskedFor = (actor: Actor, row: ReferralRow) =>
  !isStaff(actor) && citizenPersonOf(actor) !== row.personId && row.state !== 'hired';

async function present(deps: EmploymentDeps, actor: Actor, row: ReferralRow): Promise<TReferral> {
  return presentReferral(await places(deps), row, today(deps), maskedFor(actor, row));
}

async function loadVisible(deps: EmploymentDeps, actor: Actor, id: string): Promise<ReferralRow> {
  const row = await findReferral(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!canSee(actor, row)) await denyNotFound(deps, actor, 'referral.update', 'referral', id);
  return row;
}

// ── Notifications ──────────────────────────────────────────────────────────────────────────────────────────────

/** The seeker (their portal accounts) and the employer (its accounts) hear of a referral and each move. */
async function notifyParties(
  trx: Transaction<DB>,
  row: { personId: string; organisationId: string; postingTitle: string; organisationName: string },
  kind: 'referral.created' | 'referral.updated',
  stateText: string,
  at: Date,
): Promise<void> {
  await notify(trx, {
    personId: row.personId,
    kind,
    title: kind === 'referral.created' ? '您有一条就业推荐' : '就业推荐有新进展',
    body: `${row.organisationName}「${row.postingTitle}」：${stateText}`,
    link: '/portal/applications',
    at,
  });
  await notify(trx, {
    organisationId: row.organisationId,
    kind,
    title: kind === 'referral.created' ? '您的岗位有新的推荐人选' : '推荐人选有新进展',
    body: `岗位「${row.postingTitle}」：${stateText}`,
    link: '/portal/employer',
    at,
  });
}

// ── Referrals ──────────────────────────────────────────────────────────────────────────────────────────────────

const stateText: Record<ReferralState, string> = {
  requested: '求职者已申请，待就业服务机构推荐',
  referred: '已推荐，等待用人单位联系',
  interview: '已安排面试',
  hired: '已录用',
  rejected: '未被录用',
  withdrawn: '已撤回',
};

/** The matching score and reasons at the time of referral (kept with the referral). */
async function matchOf(deps: EmploymentDeps, seekerId: string, postingId: string) {
  try {
    const index = await ensureIndex(deps);
    if (!index.hasSeeker(seekerId) || !index.hasPosting(postingId)) return { score: null, reasons: [] };
    const m = index.explainMatch(seekerId, postingId);
    return { score: Math.round(m.score), reasons: m.reasons };
  } catch {
    return { score: null, reasons: [] };
  }
}

async function createReferralRow(
  deps: EmploymentDeps,
  actor: Actor,
  seekerId: string,
  postingId: string,
  source: 'portal' | 'staff',
  note: string | null,
  idempotencyKey: string | null = null,
): Promise<string> {
  const posting = await findPosting(deps.db, postingId);
  if (!posting) throw new AppError('NOT_FOUND');
  const day = today(deps);
  if (posting.status !== 'published' || (posting.closingDate !== null && posting.closingDate < day)) {
    throw new AppError('CONFLICT', '该岗位不在招聘中');
  }
  const seeker = await findSeeker(deps.db, seekerId);
  if (!seeker) throw new AppError('NOT_FOUND');
  if (seeker.status === 'employed') throw new AppError('CONFLICT', '求职者已就业，如需推荐请先变更求职状态');
  const duplicate = () =>
    new AppError('CONFLICT', source === 'portal' ? '您已申请过该岗位' : '该求职者已推荐到此岗位');
  // Without a key, refuse early; with one, a retry of the same submission must reach runIdempotent (which answers
  // with the stored result), so the open-referral check is made inside its transaction.
  if (idempotencyKey === null && (await findOpenReferral(deps.db, seekerId, postingId))) throw duplicate();
  const match = await matchOf(deps, seekerId, postingId);
  const at = deps.clock();
  const state: ReferralState = source === 'portal' ? 'requested' : 'referred';
  const write = runIdempotent(
    deps.db,
    actor,
    idempotencyKey,
    { action: 'referral.create', body: { seekerId, postingId, source, note } },
    async (trx) => {
      if (await findOpenReferral(trx, seekerId, postingId)) throw duplicate();
      const id = await insertReferral(trx, {
        seekerId,
        postingId,
        state,
        source,
        score: match.score,
        reasons: match.reasons,
        note,
        createdBy: actor.accountId,
        createdAt: at,
        updatedAt: at,
      });
      await auditEmployment(trx, actor, at, {
        event: 'referral.create',
        objectType: 'referral',
        objectId: id,
        details: { seekerId, postingId, source, state },
      });
      await notifyParties(
        trx,
        {
          personId: seeker.personId,
          organisationId: posting.organisationId,
          postingTitle: posting.title,
          organisationName: posting.organisationName,
        },
        'referral.created',
        stateText[state],
        at,
      );
      return id;
    },
  );
  // Two submissions at once (a double tap): the open-referral index lets one through; the other is a conflict.
  return write.then(
    (r) => r.result,
    (e: unknown) => {
      if (isUniqueViolation(e)) throw duplicate();
      throw e;
    },
  );
}

const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23505';

/** Staff refer a seeker (in their scope) to a published posting. */
export async function createReferral(
  deps: EmploymentDeps,
  actor: Actor,
  input: TCreateReferralRequest,
): Promise<TReferral> {
  if (!canManage(actor)) throw new AppError('FORBIDDEN');
  const seeker = await findSeeker(deps.db, input.seekerId);
  if (!seeker) throw new AppError('NOT_FOUND');
  if (
    !isPersonInScope(registryScopeOf(actor), {
      id: seeker.personId,
      residenceVillageCode: seeker.residenceVillageCode,
    })
  )
    await denyNotFound(deps, actor, 'referral.create', 'job_seeker', input.seekerId);
  const id = await createReferralRow(
    deps,
    actor,
    input.seekerId,
    input.postingId,
    'staff',
    input.note ?? null,
  );
  return getReferral(deps, actor, id);
}

/** A citizen applies to a published posting: a referral request the employment service then refers. */
/** A citizen applies in the portal; with an Idempotency-Key a retried tap answers with the same referral. */
export async function applyToPosting(
  deps: EmploymentDeps,
  actor: Actor,
  input: TApplyRequest,
  idempotencyKey: string | null = null,
): Promise<TReferral> {
  const self = citizenPersonOf(actor);
  if (!self) throw new AppError('FORBIDDEN');
  const seeker = await findSeekerByPerson(deps.db, self);
  if (!seeker) throw new AppError('CONFLICT', '请先进行求职登记');
  const id = await createReferralRow(deps, actor, seeker.id, input.postingId, 'portal', null, idempotencyKey);
  return getReferral(deps, actor, id);
}

export async function getReferral(deps: EmploymentDeps, actor: Actor, id: string): Promise<TReferral> {
  return present(deps, actor, await loadVisible(deps, actor, id));
}

/** Staff: referrals in scope; an employer: its postings'; a citizen: their own. */
export async function listReferralsFor(
  deps: EmploymentDeps,
  actor: Actor,
  query: TReferralListQuery,
): Promise<TReferralList> {
  const filter = {
    ...(query.state ? { state: query.state } : {}),
    ...(query.postingId ? { postingId: query.postingId } : {}),
    ...(query.seekerId ? { seekerId: query.seekerId } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  };
  const own = employerOrgOf(actor);
  const self = citizenPersonOf(actor);
  let scoped: Parameters<typeof listReferrals>[1];
  if (isStaff(actor)) {
    const scope = registryScopeOf(actor);
    if (scope.kind === 'county') scoped = filter;
    else if (scope.kind === 'township') scoped = { ...filter, villagePrefix: scope.townshipCode };
    else if (scope.kind === 'village') scoped = { ...filter, villagePrefix: scope.villageCode };
    else return { items: [], total: 0 };
  } else if (own) scoped = { ...filter, organisationId: own };
  else if (self) scoped = { ...filter, personId: self };
  else throw new AppError('FORBIDDEN');
  const { rows, total } = await listReferrals(deps.db, scoped);
  const index = await places(deps);
  const day = today(deps);
  return { items: rows.map((r) => presentReferral(index, r, day, maskedFor(actor, r))), total };
}

/**
 * Moves a referral along the state machine. `hired` records the placement (start date, wage), its follow-ups at 1,
 * 3 and 6 months, the seeker's status `employed` with mobility events and the employer fact; a posting whose
 * headcount is then filled closes.
 */
export async function transitionReferral(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  input: TReferralTransitionRequest,
): Promise<TReferral> {
  const row = await loadVisible(deps, actor, id);
  if (!mayMove(actor, row, input.to)) throw new AppError('FORBIDDEN');
  if (!referralTransitions[row.state].includes(input.to)) {
    throw new AppError(
      'CONFLICT',
      `推荐状态不能从「${stateText[row.state].slice(0, 6)}」变为「${stateText[input.to].slice(0, 6)}」`,
    );
  }
  const day = today(deps);
  const startDate = input.startDate ?? day;
  if (input.to === 'hired' && startDate < businessDay(new Date(row.createdAt))) {
    throw fieldError('startDate', '入职日期不能早于推荐日期');
  }
  if (input.to === 'interview' && input.interviewAt === undefined && row.interviewAt === null) {
    throw fieldError('interviewAt', '请填写面试时间');
  }
  const at = deps.clock();
  const seeker = await findSeeker(deps.db, row.seekerId);
  if (!seeker) throw new AppError('NOT_FOUND');
  const posting = await findPosting(deps.db, row.postingId);
  if (!posting) throw new AppError('NOT_FOUND');
  let closed = false;
  await deps.db.transaction().execute(async (trx) => {
    const moved = await moveReferral(trx, id, row.state, {
      state: input.to,
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(input.interviewAt !== undefined ? { interviewAt: new Date(input.interviewAt) } : {}),
    });
    if (!moved) throw new AppError('CONFLICT', '推荐已被他人更新，请刷新后重试');
    if (input.to === 'hired') {
      const placementId = await insertPlacement(trx, {
        personId: row.personId,
        organisationId: row.organisationId,
        postingId: row.postingId,
        referralId: id,
        occupationCode: row.occupationCode,
        wageFen: input.wageFen ?? null,
        startDate,
        createdBy: actor.accountId,
      });
      await insertFollowups(
        trx,
        FOLLOWUP_MONTHS.map((m) => ({ placementId, dueMonth: m, dueDate: addMonths(startDate, m) })),
      );
      await setSeekerStatusInTrx(trx, seeker.id, startDate);
      await recordStatusChange(
        trx,
        actor,
        row.personId,
        seeker.status,
        'employed',
        startDate,
        'employment.placement',
      );
      await recordEmployerFact(trx, actor, row.personId, row.organisationId, startDate);
      await auditEmployment(trx, actor, at, {
        event: 'referral.update',
        objectType: 'placement',
        objectId: placementId,
        details: { action: 'placement.create', referralId: id, startDate },
      });
      if ((await countHired(trx, row.postingId)) >= posting.headcount && posting.status === 'published') {
        await setPosting(trx, row.postingId, { status: 'closed', closedAt: at });
        await auditEmployment(trx, actor, at, {
          event: 'posting.close',
          objectType: 'job_posting',
          objectId: row.postingId,
          details: { reason: 'headcount_filled' },
        });
        closed = true;
      }
    }
    await auditEmployment(trx, actor, at, {
      event: 'referral.update',
      objectType: 'referral',
      objectId: id,
      details: { from: row.state, to: input.to },
    });
    await notifyParties(trx, row, 'referral.updated', stateText[input.to], at);
  });
  if (input.to === 'hired') await refreshSeeker(deps.db, seeker.id);
  if (closed) await refreshPosting(deps.db, row.postingId);
  return getReferral(deps, actor, id);
}

async function setSeekerStatusInTrx(trx: Transaction<DB>, seekerId: string, since: string): Promise<void> {
  await trx
    .updateTable('jobSeeker')
    .set((eb) => ({
      status: 'employed',
      statusSince: since,
      version: eb('version', '+', 1),
      updatedAt: new Date(),
    }))
    .where('id', '=', seekerId)
    .execute();
}

/** The registry's dated `employer` fact and its mobility event (DESIGN §4.2, §4.3). */
async function recordEmployerFact(
  trx: Transaction<DB>,
  actor: Actor,
  personId: string,
  organisationId: string,
  since: string,
): Promise<void> {
  const before = await factValueOn(trx, personId, 'employer', since);
  await insertFact(trx, {
    personId,
    fact: 'employer',
    value: organisationId,
    validFrom: since,
    source: 'employment.placement',
    recordedBy: actor.accountId,
  });
  if (before !== organisationId) {
    await insertMobilityEvents(trx, [
      {
        personId,
        kind: 'employer',
        fromValue: before,
        toValue: organisationId,
        occurredOn: since,
        source: 'employment.placement',
      },
    ]);
  }
}

// ── Follow-ups and retention ───────────────────────────────────────────────────────────────────────────────────

function presentFollowup(row: FollowupRow, day: string): TFollowup {
  return {
    id: row.id,
    placementId: row.placementId,
    dueMonth: row.dueMonth,
    dueDate: row.dueDate,
    result: row.result,
    checkedOn: row.checkedOn,
    note: row.note,
    overdue: row.result === null && row.dueDate < day,
    personName: row.personName,
    organisationName: row.organisationName,
    startDate: row.startDate,
  };
}

function villagePrefixOf(actor: Actor): string | null | undefined {
  const scope = registryScopeOf(actor);
  if (scope.kind === 'county') return undefined;
  if (scope.kind === 'township') return scope.townshipCode;
  if (scope.kind === 'village') return scope.villageCode;
  return null;
}

/** Staff: follow-ups due (not done, due by `until`, default a week ahead) or all, in their scope. */
export async function listFollowupsFor(
  deps: EmploymentDeps,
  actor: Actor,
  query: { filter: 'due' | 'all'; until?: string | undefined },
): Promise<TFollowupList> {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const prefix = villagePrefixOf(actor);
  if (prefix === null) return { items: [] };
  const day = today(deps);
  const rows = await listFollowups(deps.db, {
    ...(query.filter === 'due' ? { dueBy: query.until ?? addDays(day, 7) } : {}),
    ...(prefix ? { villagePrefix: prefix } : {}),
    limit: 500,
  });
  return { items: rows.map((r) => presentFollowup(r, day)) };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Records a follow-up (once). Not before its due date. `left` ends the placement on `endDate` (default the check
 * day) and the person's seeker status returns to unemployed, with the mobility events.
 */
export async function recordFollowup(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  input: TRecordFollowupRequest,
): Promise<TFollowup> {
  if (!canManage(actor)) throw new AppError('FORBIDDEN');
  const row = await findFollowup(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (
    !isPersonInScope(registryScopeOf(actor), {
      id: row.personId,
      residenceVillageCode: row.residenceVillageCode,
    })
  )
    await denyNotFound(deps, actor, 'placement.followup', 'placement', row.placementId);
  const day = today(deps);
  if (row.result !== null) throw new AppError('CONFLICT', '该次回访已记录');
  if (input.checkedOn > day) throw fieldError('checkedOn', '回访日期不能晚于今天');
  // A follow-up may be done up to a week before its mark, not earlier.
  if (input.checkedOn < addDays(row.dueDate, -7))
    throw fieldError('checkedOn', `未到回访时间（${row.dueDate}）`);
  if (input.checkedOn < row.startDate) throw fieldError('checkedOn', '回访日期不能早于入职日期');
  const endDate = input.result === 'left' ? (input.endDate ?? input.checkedOn) : null;
  if (endDate !== null && endDate < row.startDate) throw fieldError('endDate', '离职日期不能早于入职日期');
  const at = deps.clock();
  let seekerId: string | null = null;
  await deps.db.transaction().execute(async (trx) => {
    const ok = await recordFollowupResult(trx, id, {
      result: input.result,
      checkedOn: input.checkedOn,
      note: input.note ?? null,
      recordedBy: actor.accountId,
    });
    if (!ok) throw new AppError('CONFLICT', '该次回访已记录');
    if (endDate !== null && row.endDate === null) {
      await endPlacement(trx, row.placementId, endDate);
      const seeker = await findSeekerByPerson(trx, row.personId);
      if (seeker && seeker.status === 'employed') {
        await trx
          .updateTable('jobSeeker')
          .set((eb) => ({
            status: 'unemployed',
            statusSince: endDate,
            version: eb('version', '+', 1),
            updatedAt: new Date(),
          }))
          .where('id', '=', seeker.id)
          .execute();
        await recordStatusChange(
          trx,
          actor,
          row.personId,
          'employed',
          'unemployed',
          endDate,
          'employment.followup',
        );
        seekerId = seeker.id;
      }
    }
    await auditEmployment(trx, actor, at, {
      event: 'placement.followup',
      objectType: 'placement',
      objectId: row.placementId,
      details: { followupId: id, dueMonth: row.dueMonth, result: input.result },
    });
  });
  if (seekerId) await refreshSeeker(deps.db, seekerId);
  const updated = await findFollowup(deps.db, id);
  if (!updated) throw new AppError('NOT_FOUND');
  return presentFollowup(updated, day);
}

/** Share still employed at 1, 3 and 6 months, of the follow-ups done (staff: in scope; an employer: its own). */
export async function retention(deps: EmploymentDeps, actor: Actor): Promise<TRetention> {
  const own = employerOrgOf(actor);
  let filter: { organisationId?: string; villagePrefix?: string } = {};
  if (isStaff(actor)) {
    const prefix = villagePrefixOf(actor);
    if (prefix === null) throw new AppError('FORBIDDEN');
    if (prefix) filter = { villagePrefix: prefix };
  } else if (own) filter = { organisationId: own };
  else throw new AppError('FORBIDDEN');
  const { marks, placements } = await retentionCounts(deps.db, today(deps), filter);
  const byMonth = new Map(marks.map((m) => [m.dueMonth, m]));
  return {
    placements,
    marks: FOLLOWUP_MONTHS.map((month) => {
      const m = byMonth.get(month);
      const checked = Number(m?.checked ?? 0);
      const employed = Number(m?.employed ?? 0);
      return {
        month,
        due: Number(m?.due ?? 0),
        checked,
        employed,
        share: checked === 0 ? null : Math.round((employed / checked) * 1000) / 1000,
      };
    }),
  };
}
