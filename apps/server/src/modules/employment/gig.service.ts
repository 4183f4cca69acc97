import {
  adminRoles,
  gigClaimStatuses,
  gigPaymentMethods,
  gigSiteKinds,
  gigTaskStatuses,
  type TCreateGigSiteRequest,
  type TCreateGigTaskInput,
  type TGigActivity,
  type TGigActivityQuery,
  type TGigClaim,
  type TGigClaimRequest,
  type TGigSite,
  type TGigSiteList,
  type TGigTask,
  type TGigTaskDetail,
  type TGigTaskList,
  type TGigTaskListQuery,
  type TMyGigClaimList,
  type TNearbyGigQuery,
  type TRecordGigPaymentRequest,
  type TSetGigSiteActiveRequest,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type NotifyInput, notify } from '../notifications/notifications.service.ts';
import { insertDecision } from '../policy/policy.repository.ts';
import { currentRulebook, pinsOf } from '../policy/policy.service.ts';
import { type PlaceEntry, placeIndex } from '../registry/places.repository.ts';
import { unknownCode } from '../registry/places.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { placeLabel } from '../registry/registry-presenters.ts';
import {
  type ClaimRecord,
  confirmPayment,
  countStartedClaims,
  findClaim,
  findCurrentHousehold,
  findHousehold,
  findLiveClaim,
  findOrganisation,
  findPersonPlace,
  findSite,
  findTask,
  insertClaim,
  insertPayment,
  insertSite,
  insertTask,
  listOpenTasksNear,
  listPersonClaims,
  listSites,
  listTaskClaims,
  listTasks,
  moveClaim,
  releasePlaces,
  type SiteRecord,
  setSiteActive,
  setTaskStatus,
  siteActivity,
  type TaskFilter,
  type TaskRecord,
  takePlace,
  withdrawLiveClaims,
} from './gig.repository.ts';

export interface GigDeps {
  readonly db: Kysely<DB>;
  readonly clock: () => Date;
}
export const gigDeps = (ctx: AppContext): GigDeps => ({ db: ctx.database.db, clock: ctx.clock });

// ── Scope ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Who sees and manages what in the gig market:
 * - county: staff of a department with employment duties (县人社局 …) — every site and task;
 * - township: a township government's staff and its village workers — their township's sites and tasks
 *   (a village worker also posts for households of their own village);
 * - employer: its own tasks; it may post at any active site;
 * - worker: a citizen with a person record — the open market, their own claims and their household's tasks.
 */
export type GigScope =
  | { kind: 'county' }
  | { kind: 'township'; townshipCode: string; villageCode: string | null }
  | { kind: 'employer'; organisationId: string }
  | { kind: 'worker'; personId: string }
  | { kind: 'none' };

export async function gigScopeOf(db: Kysely<DB>, actor: Actor): Promise<GigScope> {
  if (actor.roles.some((r) => (adminRoles as readonly string[]).includes(r))) return { kind: 'none' };
  if (actor.organisationKind === 'employer' || actor.roles.includes('employer')) {
    return actor.organisationId
      ? { kind: 'employer', organisationId: actor.organisationId }
      : { kind: 'none' };
  }
  if (actor.organisationKind === 'department' && actor.organisationDuties.includes('employment')) {
    return actor.permissions.has('employment.manage') || actor.permissions.has('employment.read')
      ? { kind: 'county' }
      : { kind: 'none' };
  }
  if (actor.organisationKind === 'township_government' || actor.roles.includes('village_worker')) {
    const village = actor.villageCode && /^\d{12}$/.test(actor.villageCode) ? actor.villageCode : null;
    let township =
      actor.villageCode && /^\d{9}/.test(actor.villageCode) ? actor.villageCode.slice(0, 9) : null;
    if (!township && actor.organisationId) {
      const org = await findOrganisation(db, actor.organisationId);
      if (org?.placeCode && /^\d{9}$/.test(org.placeCode)) township = org.placeCode;
    }
    return township ? { kind: 'township', townshipCode: township, villageCode: village } : { kind: 'none' };
  }
  if (actor.personId) return { kind: 'worker', personId: actor.personId };
  return { kind: 'none' };
}

function canManageTask(scope: GigScope, task: TaskRecord): boolean {
  switch (scope.kind) {
    case 'county':
      return true;
    case 'township':
      return task.townshipCode === scope.townshipCode;
    case 'employer':
      return task.employerId === scope.organisationId;
    case 'worker':
      return task.posterPersonId === scope.personId;
    default:
      return false;
  }
}

/** Whether a scope may see a task at all (open tasks are the public market for workers). */
function canSeeTask(scope: GigScope, task: TaskRecord): boolean {
  return canManageTask(scope, task) || (scope.kind === 'worker' && task.status === 'open');
}

// ── Presenters ────────────────────────────────────────────────────────────────────────────────────────────────────

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

function presentSite(places: Map<string, PlaceEntry>, s: SiteRecord): TGigSite {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    kindLabel: gigSiteKinds[s.kind],
    townshipCode: s.townshipCode,
    townshipName: placeLabel(places, s.townshipCode),
    villageCode: s.villageCode,
    villageName: s.villageCode ? (places.get(s.villageCode)?.name ?? s.villageCode) : null,
    address: s.address,
    openingHours: s.openingHours,
    contactOrganisationId: s.contactOrganisationId,
    contactOrganisationName: s.contactOrganisationName,
    isActive: s.isActive,
  };
}

function presentClaim(c: ClaimRecord): TGigClaim {
  return {
    id: c.id,
    taskId: c.taskId,
    workerName: c.workerName,
    status: c.status,
    statusLabel: gigClaimStatuses[c.status],
    claimedAt: c.claimedAt.toISOString(),
    checkedInAt: c.checkedInAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
    payment:
      c.amountFen !== null && c.method !== null && c.paidOn !== null
        ? {
            amountFen: c.amountFen,
            method: c.method,
            methodLabel: gigPaymentMethods[c.method],
            paidOn: c.paidOn,
            isConfirmed: c.confirmedAt !== null,
            confirmedAt: c.confirmedAt?.toISOString() ?? null,
          }
        : null,
  };
}

function presentTask(
  places: Map<string, PlaceEntry>,
  scope: GigScope,
  t: TaskRecord,
  myClaim: ClaimRecord | undefined,
  warnings: string[] = [],
): TGigTask {
  const village = t.householdVillageCode ? places.get(t.householdVillageCode)?.name : undefined;
  // "东关村委会" → "东关村村民", "管道三公司居民委员会" → "管道三公司居民": where the household lives, not who it is.
  const householdLabel = !village
    ? '村民'
    : /(居民委员会|社区居委会|居委会)$/.test(village)
      ? `${village.replace(/(居民委员会|社区居委会|居委会)$/, '')}居民`
      : `${village.replace(/(村民委员会|村委会)$/, '村')}村民`;
  return {
    id: t.id,
    siteId: t.siteId,
    siteName: t.siteName,
    siteAddress: t.siteAddress,
    townshipCode: t.townshipCode,
    townshipName: placeLabel(places, t.townshipCode),
    title: t.title,
    description: t.description,
    posterKind: t.posterKind,
    posterLabel: t.posterKind === 'employer' ? (t.employerName ?? '用人单位') : householdLabel,
    payUnit: t.payUnit,
    payFen: t.payFen,
    payText: `${yuan(t.payFen)} 元/${t.payUnit === 'day' ? '天' : '件'}`,
    workDate: t.workDate,
    days: t.days,
    headcount: t.headcount,
    claimedCount: t.claimedCount,
    remaining: Math.max(0, t.headcount - t.claimedCount),
    status: t.status,
    statusLabel: gigTaskStatuses[t.status],
    myClaim: myClaim ? presentClaim(myClaim) : null,
    canManage: canManageTask(scope, t),
    warnings,
    createdAt: t.createdAt.toISOString(),
  };
}

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────────────────

async function auditGig(
  trx: Kysely<DB>,
  actor: Actor,
  at: Date,
  action: string,
  objectType: 'gig_site' | 'gig_task' | 'gig_claim',
  objectId: string,
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  await recordAudit(trx, actor, {
    event: 'gig.task',
    objectType,
    objectId,
    details: { action, ...details },
    at,
  });
}

/** The accounts that hear about a task's claims: the employer's staff, or the household poster and whoever posted. */
function posterRecipients(t: TaskRecord): Pick<NotifyInput, 'accountIds' | 'organisationId' | 'personId'> {
  return {
    organisationId: t.posterKind === 'employer' ? t.employerId : null,
    personId: t.posterPersonId,
    accountIds: t.createdBy ? [t.createdBy] : [],
  };
}

async function loadTask(db: Kysely<DB>, scope: GigScope, id: string, manage: boolean): Promise<TaskRecord> {
  const task = await findTask(db, id);
  if (!task || !(manage ? canManageTask(scope, task) : canSeeTask(scope, task)))
    throw new AppError('NOT_FOUND');
  return task;
}

function requireScope(scope: GigScope): Exclude<GigScope, { kind: 'none' }> {
  if (scope.kind === 'none') throw new AppError('FORBIDDEN');
  return scope;
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const lastDay = (t: { workDate: string; days: number }) => addDays(t.workDate, t.days - 1);

// ── Sites ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function listGigSites(
  deps: GigDeps,
  actor: Actor,
  query: { townshipCode?: string | undefined },
): Promise<TGigSiteList> {
  requireScope(await gigScopeOf(deps.db, actor));
  const places = await placeIndex(deps.db);
  if (query.townshipCode && places.get(query.townshipCode)?.level !== 'township')
    throw unknownCode('townshipCode', query.townshipCode);
  // Sites are public points of service: every signed-in party may list them (to post or find work).
  const rows = await listSites(deps.db, { townshipCode: query.townshipCode });
  return { sites: rows.map((s) => presentSite(places, s)) };
}

/** County staff open sites anywhere; township staff only in their township. */
export async function createGigSite(
  deps: GigDeps,
  actor: Actor,
  input: TCreateGigSiteRequest,
): Promise<TGigSite> {
  const scope = await gigScopeOf(deps.db, actor);
  if (!(scope.kind === 'county' || scope.kind === 'township') || !actor.permissions.has('employment.gig'))
    throw new AppError('FORBIDDEN');
  const places = await placeIndex(deps.db);
  const place = places.get(input.placeCode);
  if (!place || (place.level !== 'township' && place.level !== 'village'))
    throw unknownCode('placeCode', input.placeCode);
  const townshipCode = input.placeCode.slice(0, 9);
  if (scope.kind === 'township' && townshipCode !== scope.townshipCode)
    throw new AppError('FORBIDDEN', '只能在本乡镇（街道）设立站点');
  if (input.contactOrganisationId && !(await findOrganisation(deps.db, input.contactOrganisationId)))
    throw unknownCode('contactOrganisationId', input.contactOrganisationId);
  const at = deps.clock();
  const id = await deps.db.transaction().execute(async (trx) => {
    const siteId = await insertSite(trx, {
      name: input.name,
      kind: input.kind,
      townshipCode,
      villageCode: place.level === 'village' ? input.placeCode : null,
      address: input.address,
      openingHours: input.openingHours,
      contactOrganisationId: input.contactOrganisationId ?? null,
      createdBy: actor.accountId,
    });
    await auditGig(trx, actor, at, 'site.create', 'gig_site', siteId, { townshipCode });
    return siteId;
  });
  const site = await findSite(deps.db, id);
  if (!site) throw new AppError('INTERNAL');
  return presentSite(places, site);
}

/** Stops (or restarts) a site: no new tasks there while stopped. County staff, or the site's township. */
export async function setGigSiteActive(
  deps: GigDeps,
  actor: Actor,
  siteId: string,
  input: TSetGigSiteActiveRequest,
): Promise<TGigSite> {
  const scope = await gigScopeOf(deps.db, actor);
  if (!(scope.kind === 'county' || scope.kind === 'township') || !actor.permissions.has('employment.gig'))
    throw new AppError('FORBIDDEN');
  const site = await findSite(deps.db, siteId);
  if (!site || (scope.kind === 'township' && site.townshipCode !== scope.townshipCode))
    throw new AppError('NOT_FOUND');
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await setSiteActive(trx, site.id, input.isActive, at);
    await auditGig(trx, actor, at, input.isActive ? 'site.activate' : 'site.deactivate', 'gig_site', site.id);
  });
  const updated = await findSite(deps.db, site.id);
  if (!updated) throw new AppError('INTERNAL');
  return presentSite(await placeIndex(deps.db), updated);
}

// ── Tasks ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const discriminationRule = 'employment.posting.discrimination_check';

/**
 * Posts a task. The text goes through the policy engine's anti-discrimination check (the same rule as job postings):
 * "block" stores the decision and refuses with the reasons and clauses; "warn" (an age limit) is posted with the
 * warning shown. The decision record's subject is the task.
 */
export async function createGigTask(
  deps: GigDeps,
  actor: Actor,
  input: TCreateGigTaskInput,
  idempotencyKey: string | null = null,
): Promise<TGigTask> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const site = await findSite(deps.db, input.siteId);
  if (!site) throw unknownCode('siteId', input.siteId);
  if (!site.isActive) throw new AppError('CONFLICT', '该站点已停用');
  const today = businessDay(deps.clock());
  if (input.workDate < today) throw fieldIssue('workDate', '用工日期不能早于今天');

  let employerId: string | null = null;
  let householdId: string | null = null;
  let posterPersonId: string | null = null;
  if (input.posterKind === 'employer') {
    if (scope.kind === 'employer') {
      if (input.employerId && input.employerId !== scope.organisationId) throw new AppError('FORBIDDEN');
      employerId = scope.organisationId;
    } else if (scope.kind === 'county' || scope.kind === 'township') {
      if (!input.employerId) throw fieldIssue('employerId', '请选择用人单位');
      const org = await findOrganisation(deps.db, input.employerId);
      if (org?.kind !== 'employer') throw unknownCode('employerId', input.employerId);
      employerId = org.id;
    } else {
      throw fieldIssue('posterKind', '个人只能以家庭名义发布零工任务');
    }
  } else if (scope.kind === 'worker') {
    if (input.householdId) throw fieldIssue('householdId', '只能以本人所在家庭发布');
    const household = await findCurrentHousehold(deps.db, scope.personId);
    if (!household) throw fieldIssue('posterKind', '您尚未登记家庭户，请联系村（社区）工作人员代为发布');
    householdId = household.id;
    posterPersonId = scope.personId;
  } else if (scope.kind === 'county' || scope.kind === 'township') {
    if (!input.householdId) throw fieldIssue('householdId', '请选择代为发布的家庭户');
    const household = await findHousehold(deps.db, input.householdId);
    const inScope =
      household &&
      (scope.kind === 'county' ||
        (scope.villageCode
          ? household.villageCode === scope.villageCode
          : household.villageCode.startsWith(scope.townshipCode)));
    if (!household || !inScope) throw new AppError('NOT_FOUND', '家庭户不存在或不在本辖区');
    householdId = household.id;
  } else {
    throw fieldIssue('posterKind', '用人单位只能以单位名义发布');
  }
  if (scope.kind === 'township' && site.townshipCode !== scope.townshipCode)
    throw fieldIssue('siteId', '只能在本乡镇（街道）的站点发布');

  // Anti-discrimination check (policy engine), recorded as a decision.
  const book = await currentRulebook(deps.db);
  const text = `${input.title}\n${input.description}`;
  const check = book.explain(discriminationRule, { text }, today);
  const at = deps.clock();
  const decisionRow = (trx: Transaction<DB>, subjectId: string | null) =>
    insertDecision(trx, {
      ruleId: discriminationRule,
      subjectType: 'case',
      subjectId,
      asOf: today,
      rulesetVersion: book.version,
      parameterVersion: book.parameterVersion,
      input: { text },
      outcome: check.outcome,
      reasons: [...check.sentences],
      parametersRead: pinsOf(check),
      decidedBy: actor.accountId,
      organisationId: actor.organisationId,
    });
  if (check.outcome === 'block') {
    const decisionId = await deps.db.transaction().execute(async (trx) => {
      const d = await decisionRow(trx, null);
      await auditGig(trx, actor, at, 'task.blocked', 'gig_task', d.id, { decisionId: d.id });
      return d.id;
    });
    throw new AppError('VALIDATION_FAILED', `任务含就业歧视内容，不予发布：${check.sentences.join('；')}`, {
      decisionId,
      reasons: [...check.sentences],
      issues: [{ path: 'description', message: check.sentences.join('；') }],
    });
  }

  // One task per Idempotency-Key: a double click or a retry after a lost answer posts it once.
  const { result: taskId } = await runIdempotent(
    deps.db,
    actor,
    idempotencyKey,
    { op: 'gig.task.create', input },
    async (trx) => {
      const id = await insertTask(trx, {
        siteId: site.id,
        townshipCode: site.townshipCode,
        title: input.title,
        description: input.description,
        posterKind: input.posterKind,
        employerId,
        householdId,
        posterPersonId,
        payUnit: input.payUnit,
        payFen: input.payFen,
        workDate: input.workDate,
        days: input.days,
        headcount: input.headcount,
        createdBy: actor.accountId,
        createdAt: at,
      });
      const d = await decisionRow(trx, id);
      await auditGig(trx, actor, at, 'task.create', 'gig_task', id, {
        townshipCode: site.townshipCode,
        decisionId: d.id,
        check: String(check.outcome),
      });
      return id;
    },
  );
  const task = await findTask(deps.db, taskId);
  if (!task) throw new AppError('INTERNAL');
  return presentTask(
    await placeIndex(deps.db),
    scope,
    task,
    undefined,
    check.outcome === 'warn' ? [...check.sentences] : [],
  );
}

function fieldIssue(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });
}

async function myClaimsFor(db: Kysely<DB>, scope: GigScope, tasks: readonly TaskRecord[]) {
  if (scope.kind !== 'worker') return new Map<string, ClaimRecord>();
  const claims = await listPersonClaims(
    db,
    scope.personId,
    tasks.map((t) => t.id),
  );
  return new Map(claims.map((c) => [c.taskId, c]));
}

/** Staff and employers: tasks in their scope; workers: the open market. */
export async function listGigTasks(
  deps: GigDeps,
  actor: Actor,
  query: TGigTaskListQuery,
): Promise<TGigTaskList> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const places = await placeIndex(deps.db);
  if (query.townshipCode && places.get(query.townshipCode)?.level !== 'township')
    throw unknownCode('townshipCode', query.townshipCode);
  const filter: TaskFilter = { status: query.status, siteId: query.siteId, from: query.from, to: query.to };
  filter.townshipCode = query.townshipCode;
  if (scope.kind === 'township') {
    if (query.townshipCode && query.townshipCode !== scope.townshipCode)
      return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    filter.townshipCode = scope.townshipCode;
  }
  if (scope.kind === 'employer') filter.employerId = scope.organisationId;
  if (scope.kind === 'worker') filter.status = 'open';
  const { items, total } = await listTasks(deps.db, filter, {
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  const mine = await myClaimsFor(deps.db, scope, items);
  return {
    items: items.map((t) => presentTask(places, scope, t, mine.get(t.id))),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Portal: open tasks with room, from today on, nearest to the worker's village first. */
export async function listNearbyGigTasks(
  deps: GigDeps,
  actor: Actor,
  query: TNearbyGigQuery,
): Promise<TGigTaskList> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const places = await placeIndex(deps.db);
  let village = query.villageCode ?? null;
  if (village && places.get(village)?.level !== 'village') throw unknownCode('villageCode', village);
  if (!village && scope.kind === 'worker')
    village = (await findPersonPlace(deps.db, scope.personId))?.residenceVillageCode ?? null;
  if (!village && scope.kind === 'township') village = scope.villageCode;
  const township = village ? village.slice(0, 9) : scope.kind === 'township' ? scope.townshipCode : null;
  const items = await listOpenTasksNear(
    deps.db,
    businessDay(deps.clock()),
    { villageCode: village, townshipCode: township },
    query.limit,
  );
  const mine = await myClaimsFor(deps.db, scope, items);
  return {
    items: items.map((t) => presentTask(places, scope, t, mine.get(t.id))),
    total: items.length,
    page: 1,
    pageSize: query.limit,
  };
}

export async function getGigTask(deps: GigDeps, actor: Actor, id: string): Promise<TGigTaskDetail> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const task = await loadTask(deps.db, scope, id, false);
  const places = await placeIndex(deps.db);
  const claims = canManageTask(scope, task) ? await listTaskClaims(deps.db, task.id) : [];
  const mine = await myClaimsFor(deps.db, scope, [task]);
  return { ...presentTask(places, scope, task, mine.get(task.id)), claims: claims.map(presentClaim) };
}

// ── Claims ────────────────────────────────────────────────────────────────────────────────────────────────────────

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23505';
}

/**
 * A worker claims a place (or site staff claim for a walk-in worker). The headcount holds under concurrency: the
 * task row is updated first (locked), then the worker's existing claim is checked, so two claims of the same worker
 * and the last free place are decided one after the other.
 */
export async function claimGigTask(
  deps: GigDeps,
  actor: Actor,
  taskId: string,
  input: TGigClaimRequest,
  idempotencyKey: string | null = null,
): Promise<TGigClaim> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  let personId: string;
  if (scope.kind === 'worker') {
    if (input.personId && input.personId !== scope.personId) throw new AppError('FORBIDDEN');
    personId = scope.personId;
  } else if (scope.kind === 'county' || scope.kind === 'township') {
    if (!input.personId) throw fieldIssue('personId', '请选择接单的劳动者');
    personId = input.personId;
  } else {
    throw new AppError('FORBIDDEN', '用人单位不能接单');
  }
  const task = await findTask(deps.db, taskId);
  const visible = task && (scope.kind === 'worker' ? task.status === 'open' : canManageTask(scope, task));
  if (!task || !visible) throw new AppError('NOT_FOUND');
  if (!(await findPersonPlace(deps.db, personId))) throw unknownCode('personId', personId);
  if (task.posterPersonId === personId) throw new AppError('CONFLICT', '不能接自己家发布的任务');
  const now = deps.clock();
  if (lastDay(task) < businessDay(now)) throw new AppError('CONFLICT', '任务日期已过，不能接单');

  try {
    // A retry with the same Idempotency-Key gets the claim it made, not "已经接过".
    const { result: claimId } = await runIdempotent(
      deps.db,
      actor,
      idempotencyKey,
      { op: 'gig.claim', taskId, personId },
      async (trx) => {
        const count = await takePlace(trx, task.id, now);
        if (count === undefined) {
          throw new AppError('CONFLICT', task.status === 'open' ? '名额已满' : '任务已结束或已取消');
        }
        if (await findLiveClaim(trx, task.id, personId)) throw new AppError('CONFLICT', '已经接过这个任务');
        const id = await insertClaim(trx, {
          taskId: task.id,
          personId,
          claimedAt: now,
          createdBy: actor.accountId,
        });
        await auditGig(trx, actor, now, 'claim.create', 'gig_claim', id, { taskId: task.id });
        await notify(trx, {
          ...posterRecipients(task),
          kind: 'gig.claimed',
          title: '零工任务有人接单',
          body: `“${task.title}”（${task.workDate}）新增 1 人接单，已接 ${count}/${task.headcount} 人。`,
          link: `/employment/gig/tasks/${task.id}`,
          at: now,
        });
        return id;
      },
    );
    return presentClaim(await claimOrThrow(deps.db, claimId));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', '已经接过这个任务');
    throw e;
  }
}

async function claimOrThrow(db: Kysely<DB>, id: string): Promise<ClaimRecord> {
  const c = await findClaim(db, id);
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

/** The claim and its task, if the actor is the worker or manages the task; else NOT_FOUND. */
async function loadClaimFor(deps: GigDeps, actor: Actor, claimId: string) {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const claim = await findClaim(deps.db, claimId);
  const task = claim ? await findTask(deps.db, claim.taskId) : undefined;
  if (!claim || !task) throw new AppError('NOT_FOUND');
  const isWorker = scope.kind === 'worker' && claim.personId === scope.personId;
  const isManager = canManageTask(scope, task);
  if (!isWorker && !isManager) throw new AppError('NOT_FOUND');
  return { scope, claim, task, isWorker, isManager };
}

/** Check in at the site on a work day (the worker, or the site's staff / poster checking people in). */
export async function checkInGigClaim(deps: GigDeps, actor: Actor, claimId: string): Promise<TGigClaim> {
  const { claim, task } = await loadClaimFor(deps, actor, claimId);
  const now = deps.clock();
  const today = businessDay(now);
  if (task.status !== 'open' && task.status !== 'closed') throw new AppError('CONFLICT', '任务已取消');
  if (today < task.workDate || today > lastDay(task))
    throw new AppError('CONFLICT', `不在用工日期内（${task.workDate} 起 ${task.days} 天），不能签到`);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await moveClaim(trx, claim.id, 'claimed', 'checked_in', now)))
      throw new AppError('CONFLICT', `当前状态为“${gigClaimStatuses[claim.status]}”，不能签到`);
    await auditGig(trx, actor, now, 'claim.check_in', 'gig_claim', claim.id, { taskId: task.id });
  });
  return presentClaim(await claimOrThrow(deps.db, claim.id));
}

/** Work done: the worker reports it, or the poster / staff record it. The other side is told. */
export async function completeGigClaim(deps: GigDeps, actor: Actor, claimId: string): Promise<TGigClaim> {
  const { claim, task, isWorker } = await loadClaimFor(deps, actor, claimId);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await moveClaim(trx, claim.id, 'checked_in', 'completed', now)))
      throw new AppError('CONFLICT', `当前状态为“${gigClaimStatuses[claim.status]}”，须先签到才能完工`);
    await auditGig(trx, actor, now, 'claim.complete', 'gig_claim', claim.id, { taskId: task.id });
    await notify(trx, {
      ...(isWorker ? posterRecipients(task) : { personId: claim.personId }),
      kind: 'gig.completed',
      title: '零工任务已完工',
      body: isWorker
        ? `“${task.title}”有 1 人报告完工，请核实后登记报酬。`
        : `“${task.title}”已确认完工，报酬登记后会通知您。`,
      link: isWorker ? `/employment/gig/tasks/${task.id}` : '/portal/gig',
      at: now,
    });
  });
  return presentClaim(await claimOrThrow(deps.db, claim.id));
}

/** A worker leaves a task before checking in; the place is freed. */
export async function withdrawGigClaim(deps: GigDeps, actor: Actor, claimId: string): Promise<TGigClaim> {
  const { claim, task } = await loadClaimFor(deps, actor, claimId);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await moveClaim(trx, claim.id, 'claimed', 'withdrawn', now)))
      throw new AppError('CONFLICT', `当前状态为“${gigClaimStatuses[claim.status]}”，不能退出`);
    await releasePlaces(trx, task.id, 1, now);
    await auditGig(trx, actor, now, 'claim.withdraw', 'gig_claim', claim.id, { taskId: task.id });
  });
  return presentClaim(await claimOrThrow(deps.db, claim.id));
}

/** The poster or staff record what was paid for a completed claim; the worker is told and asked to confirm. */
export async function recordGigPayment(
  deps: GigDeps,
  actor: Actor,
  claimId: string,
  input: TRecordGigPaymentRequest,
  idempotencyKey: string | null = null,
): Promise<TGigClaim> {
  const { claim, task, isManager } = await loadClaimFor(deps, actor, claimId);
  if (!isManager) throw new AppError('FORBIDDEN', '报酬由发布方或站点工作人员登记');
  if (claim.status !== 'completed') throw new AppError('CONFLICT', '完工后才能登记报酬');
  const now = deps.clock();
  if (input.paidOn > businessDay(now)) throw fieldIssue('paidOn', '支付日期不能晚于今天');
  if (input.paidOn < task.workDate) throw fieldIssue('paidOn', '支付日期不能早于用工日期');
  await runIdempotent(deps.db, actor, idempotencyKey, { op: 'gig.payment', claimId, input }, async (trx) => {
    if (
      !(await insertPayment(trx, {
        claimId: claim.id,
        amountFen: input.amountFen,
        method: input.method,
        paidOn: input.paidOn,
        recordedBy: actor.accountId,
        recordedAt: now,
      }))
    )
      throw new AppError('CONFLICT', '报酬已登记');
    await auditGig(trx, actor, now, 'payment.record', 'gig_claim', claim.id, {
      taskId: task.id,
      amountFen: input.amountFen,
      method: input.method,
    });
    await notify(trx, {
      personId: claim.personId,
      kind: 'gig.payment',
      title: '零工报酬已登记',
      body: `“${task.title}”报酬 ${yuan(input.amountFen)} 元（${gigPaymentMethods[input.method]}，${input.paidOn}）已登记，请在“我的零工”中确认是否收到。`,
      link: '/portal/gig',
      channels: ['sms'],
      at: now,
    });
  });
  return presentClaim(await claimOrThrow(deps.db, claim.id));
}

/** The worker confirms the payment was received. */
export async function confirmGigPayment(deps: GigDeps, actor: Actor, claimId: string): Promise<TGigClaim> {
  const { claim, task, isWorker } = await loadClaimFor(deps, actor, claimId);
  if (!isWorker) throw new AppError('FORBIDDEN', '只能由劳动者本人确认收款');
  if (claim.amountFen === null) throw new AppError('CONFLICT', '报酬尚未登记');
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await confirmPayment(trx, claim.id, now))) throw new AppError('CONFLICT', '已确认收款');
    await auditGig(trx, actor, now, 'payment.confirm', 'gig_claim', claim.id, { taskId: task.id });
  });
  return presentClaim(await claimOrThrow(deps.db, claim.id));
}

/** The worker's own claims, newest first (portal "我的零工"). */
export async function listMyGigClaims(deps: GigDeps, actor: Actor): Promise<TMyGigClaimList> {
  const scope = await gigScopeOf(deps.db, actor);
  if (scope.kind !== 'worker') return { items: [] };
  const places = await placeIndex(deps.db);
  const claims = await listPersonClaims(deps.db, scope.personId);
  const items = [];
  for (const c of claims) {
    const task = await findTask(deps.db, c.taskId);
    if (!task) continue;
    const { myClaim: _omit, ...t } = presentTask(places, scope, task, undefined);
    items.push({ ...presentClaim(c), task: t });
  }
  return { items };
}

// ── Task state ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Cancels an open task nobody has started; live claims are withdrawn and their workers told. */
export async function cancelGigTask(deps: GigDeps, actor: Actor, taskId: string): Promise<TGigTask> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const task = await loadTask(deps.db, scope, taskId, true);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    if (await countStartedClaims(trx, task.id))
      throw new AppError('CONFLICT', '已有人签到或完工，不能取消，请结束任务');
    if (!(await setTaskStatus(trx, task.id, 'open', 'cancelled', now)))
      throw new AppError('CONFLICT', '任务已结束或已取消');
    const withdrawn = await withdrawLiveClaims(trx, task.id, now);
    if (withdrawn.length) await releasePlaces(trx, task.id, withdrawn.length, now);
    await auditGig(trx, actor, now, 'task.cancel', 'gig_task', task.id, {
      withdrawnClaims: withdrawn.length,
    });
    for (const w of withdrawn) {
      await notify(trx, {
        personId: w.personId,
        kind: 'gig.cancelled',
        title: '零工任务已取消',
        body: `您接的“${task.title}”（${task.workDate}）已被发布方取消。`,
        link: '/portal/gig',
        at: now,
      });
    }
  });
  return presentTask(
    await placeIndex(deps.db),
    scope,
    await loadTask(deps.db, scope, task.id, true),
    undefined,
  );
}

/** Stops taking claims (work goes on for those who claimed). */
export async function closeGigTask(deps: GigDeps, actor: Actor, taskId: string): Promise<TGigTask> {
  const scope = requireScope(await gigScopeOf(deps.db, actor));
  const task = await loadTask(deps.db, scope, taskId, true);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await setTaskStatus(trx, task.id, 'open', 'closed', now)))
      throw new AppError('CONFLICT', '任务已结束或已取消');
    await auditGig(trx, actor, now, 'task.close', 'gig_task', task.id);
  });
  return presentTask(
    await placeIndex(deps.db),
    scope,
    await loadTask(deps.db, scope, task.id, true),
    undefined,
  );
}

// ── Activity by site ──────────────────────────────────────────────────────────────────────────────────────────────

/** Each township sees its own sites' month; county staff every site (or one township). */
export async function gigActivity(
  deps: GigDeps,
  actor: Actor,
  query: TGigActivityQuery,
): Promise<TGigActivity> {
  const scope = await gigScopeOf(deps.db, actor);
  if (scope.kind !== 'county' && scope.kind !== 'township') throw new AppError('FORBIDDEN');
  const places = await placeIndex(deps.db);
  if (query.townshipCode && places.get(query.townshipCode)?.level !== 'township')
    throw unknownCode('townshipCode', query.townshipCode);
  let township = query.townshipCode;
  if (scope.kind === 'township') {
    if (township && township !== scope.townshipCode)
      throw new AppError('FORBIDDEN', '只能查看本乡镇（街道）');
    township = scope.townshipCode;
  }
  const from = `${query.month}-01`;
  const to = addDays(`${addDays(from, 31).slice(0, 7)}-01`, -1);
  const rows = await siteActivity(deps.db, { from, to }, township);
  return {
    month: query.month,
    rows: rows.map((r) => ({
      siteId: r.siteId,
      siteName: r.siteName,
      townshipCode: r.townshipCode,
      townshipName: placeLabel(places, r.townshipCode),
      tasks: Number(r.tasks),
      headcount: Number(r.headcount),
      claims: Number(r.claims),
      completed: Number(r.completed),
      paidFen: Number(r.paidFen),
      confirmedPayments: Number(r.confirmedPayments),
    })),
  };
}
