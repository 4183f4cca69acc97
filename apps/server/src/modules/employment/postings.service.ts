import type {
  TCreatePostingRequest,
  TPosting,
  TPostingCheck,
  TPostingFinding,
  TPostingList,
  TPostingListQuery,
  TPublishPostingRequest,
  TPublishPostingResponse,
  TUpdatePostingRequest,
  TWorkplace,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { type Explanation, getRulebook, type PinnedParameter, type TraceNode } from '@qiaoti/policy';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { insertDecision } from '../policy/policy.repository.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { fieldError } from '../registry/persons.service.ts';
import type { PlaceEntry } from '../registry/places.repository.ts';
import {
  auditEmployment,
  canManage,
  citizenPersonOf,
  denyNotFound,
  type EmploymentDeps,
  employerOrgOf,
  isoOrNull,
  isStaff,
  occupationName,
  places,
  requireCountyPlace,
  requireOccupation,
  today,
} from './employment-common.ts';
import { refreshPosting } from './matching.state.ts';
import {
  findDecisionRow,
  findPosting,
  findPostingForUpdate,
  findPostingsByIds,
  insertPosting,
  listPostings,
  type PostingRow,
  referralCounts,
  setPosting,
  updatePostingAtVersion,
} from './postings.repository.ts';

export const DISCRIMINATION_RULE = 'employment.posting.discrimination_check';

// ── Access ─────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Who may see a posting: staff see all; an employer sees its own organisation's postings only; a citizen sees
 * published ones. Who may change it: staff with employment.manage, and the posting's own employer.
 */
function canSee(actor: Actor, row: PostingRow): boolean {
  if (isStaff(actor)) return true;
  const org = employerOrgOf(actor);
  if (org) return row.organisationId === org;
  if (citizenPersonOf(actor)) return row.status === 'published';
  return false;
}

function canEdit(actor: Actor, row: PostingRow): boolean {
  if (canManage(actor)) return true;
  const org = employerOrgOf(actor);
  return org !== null && row.organisationId === org;
}

/** Staff and the posting's employer see referral counts; citizens do not. */
const seesCounts = (actor: Actor, row: PostingRow) =>
  isStaff(actor) || employerOrgOf(actor) === row.organisationId;

async function loadVisible(deps: EmploymentDeps, actor: Actor, id: string): Promise<PostingRow> {
  const row = await findPosting(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!canSee(actor, row)) await denyNotFound(deps, actor, 'posting.update', 'job_posting', id);
  return row;
}

async function loadEditable(deps: EmploymentDeps, actor: Actor, id: string): Promise<PostingRow> {
  const row = await findPosting(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!canEdit(actor, row)) await denyNotFound(deps, actor, 'posting.update', 'job_posting', id);
  return row;
}

// ── Presenters ─────────────────────────────────────────────────────────────────────────────────────────────────

function workplaceOf(row: PostingRow): TWorkplace {
  if (row.workplaceKind === 'outside' || !row.workplaceCode)
    return { kind: 'outside', name: row.workplaceName };
  return row.workplaceKind === 'village'
    ? { kind: 'village', code: row.workplaceCode }
    : { kind: 'township', code: row.workplaceCode };
}

export function workplaceText(
  index: Map<string, PlaceEntry>,
  row: Pick<PostingRow, 'workplaceKind' | 'workplaceCode' | 'workplaceName'>,
): string {
  if (row.workplaceKind === 'outside' || !row.workplaceCode) return `县外 · ${row.workplaceName}`;
  const p = index.get(row.workplaceCode);
  if (!p) return row.workplaceName;
  const parent = p.level === 'village' && p.parentCode ? index.get(p.parentCode) : undefined;
  return parent ? `${parent.name} · ${p.name}` : p.name;
}

export function presentPosting(
  index: Map<string, PlaceEntry>,
  row: PostingRow,
  extra: { check?: TPostingCheck | null; counts?: Record<string, number> | null } = {},
): TPosting {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    title: row.title,
    occupationCode: row.occupationCode,
    occupationName: occupationName(row.occupationCode),
    description: row.description,
    skills: row.skills,
    education: row.education as TPosting['education'],
    experienceYears: row.experienceYears,
    wageMinFen: row.wageMinFen,
    wageMaxFen: row.wageMaxFen,
    workplace: workplaceOf(row),
    workplaceText: workplaceText(index, row),
    hours: row.hours,
    hoursNote: row.hoursNote,
    hoursPerWeek: row.hoursPerWeek,
    headcount: row.headcount,
    contractType: row.contractType,
    closingDate: row.closingDate,
    status: row.status,
    ageLimitConfirmed: row.ageLimitConfirmed,
    publishedAt: isoOrNull(row.publishedAt),
    version: row.version,
    check: extra.check ?? null,
    referralCounts: extra.counts ?? null,
  };
}

/** Posting rows → API shapes for this actor (referral counts only for staff and the posting's employer). */
export async function presentPostings(
  deps: EmploymentDeps,
  actor: Actor,
  rows: readonly PostingRow[],
): Promise<TPosting[]> {
  const index = await places(deps);
  const counts = await referralCounts(
    deps.db,
    rows.filter((r) => seesCounts(actor, r)).map((r) => r.id),
  );
  return rows.map((r) =>
    presentPosting(index, r, { counts: seesCounts(actor, r) ? (counts.get(r.id) ?? {}) : null }),
  );
}

// ── The discrimination check ───────────────────────────────────────────────────────────────────────────────────

/** Everything an applicant reads: the text the check runs on. */
export function postingText(p: {
  title: string;
  description: string;
  skills: readonly string[];
  hoursNote: string | null;
}): string {
  return [p.title, p.description, p.skills.join('、'), p.hoursNote ?? ''].filter((s) => s !== '').join('\n');
}

function findingsOf(e: Explanation): { blocked: TPostingFinding[]; warnings: TPostingFinding[] } {
  const clauses = getRulebook().clauses;
  const blocked: TPostingFinding[] = [];
  const warnings: TPostingFinding[] = [];
  for (const c of e.trace.checks) {
    if (!c.result) continue;
    const f: TPostingFinding = {
      code: c.code,
      sentence: c.sentence,
      cites: c.cites.map((id) => ({ id, citation: clauses.cite(id) })),
    };
    (c.code === 'age' ? warnings : blocked).push(f);
  }
  return { blocked, warnings };
}

function pinsOf(e: Explanation): PinnedParameter[] {
  const pins = new Map<string, PinnedParameter>();
  const walk = (n: TraceNode) => {
    for (const d of n.dependencies) walk(d);
    for (const p of n.parameters)
      pins.set(p.id, { id: p.id, since: p.since, value: p.value, cites: p.cites, pending: p.pending });
  };
  walk(e.trace);
  return [...pins.values()];
}

function checkOf(decisionId: string, e: Explanation, at: Date): TPostingCheck {
  const outcome = e.outcome === 'block' || e.outcome === 'warn' ? e.outcome : 'ok';
  return {
    decisionId,
    outcome,
    outcomeText: e.trace.outcomeText,
    ...findingsOf(e),
    checkedAt: at.toISOString(),
  };
}

/** The stored check of a posting, re-explained with the parameters it read pinned (the same result, replayable). */
async function storedCheck(db: Kysely<DB>, decisionId: string | null): Promise<TPostingCheck | null> {
  if (!decisionId) return null;
  const d = await findDecisionRow(db, decisionId);
  if (!d) return null;
  const book = getRulebook().withPinnedParameters(d.parametersRead as PinnedParameter[]);
  const e = book.explain(d.ruleId, d.input as object, d.asOf);
  return checkOf(d.id, e, new Date(d.createdAt));
}

// ── Validation ─────────────────────────────────────────────────────────────────────────────────────────────────

async function workplaceColumns(deps: EmploymentDeps, w: TWorkplace) {
  if (w.kind === 'outside')
    return { workplaceKind: 'outside' as const, workplaceCode: null, workplaceName: w.name };
  const p = await requireCountyPlace(deps, 'workplace.code', w.code, w.kind);
  return { workplaceKind: w.kind, workplaceCode: p.code, workplaceName: p.name };
}

function checkClosingDate(deps: EmploymentDeps, closingDate: string | null | undefined): void {
  if (closingDate && closingDate < today(deps)) {
    throw fieldError('closingDate', '截止日期不能早于今天');
  }
}

async function organisationFor(
  deps: EmploymentDeps,
  actor: Actor,
  requested: string | undefined,
): Promise<string> {
  const own = employerOrgOf(actor);
  if (own) {
    if (requested && requested !== own) throw new AppError('FORBIDDEN', '只能为本单位发布岗位');
    return own;
  }
  if (!canManage(actor)) throw new AppError('FORBIDDEN');
  if (!requested) {
    throw fieldError('organisationId', '请选择用人单位');
  }
  const org = await deps.db
    .selectFrom('organisations')
    .select(['id', 'kind'])
    .where('id', '=', requested)
    .executeTakeFirst();
  if (!org) throw new AppError('UNKNOWN_CODE', `单位不存在：${requested}`, { field: 'organisationId' });
  if (org.kind !== 'employer') throw new AppError('VALIDATION_FAILED', '只能为用人单位代发岗位');
  return org.id;
}

// ── Services ───────────────────────────────────────────────────────────────────────────────────────────────────

/** A draft posting: validated (occupation code, places, wages, dates); publishing runs the discrimination check. */
/**
 * Registers a posting as a draft. With an Idempotency-Key a retried submission (a lost answer, a double click)
 * creates one posting and answers with it.
 */
export async function createPosting(
  deps: EmploymentDeps,
  actor: Actor,
  input: TCreatePostingRequest,
  idempotencyKey: string | null = null,
): Promise<TPosting> {
  const organisationId = await organisationFor(deps, actor, input.organisationId);
  requireOccupation('occupationCode', input.occupationCode);
  checkClosingDate(deps, input.closingDate);
  const place = await workplaceColumns(deps, input.workplace);
  const at = deps.clock();
  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    idempotencyKey,
    { action: 'posting.create', body: input },
    async (trx) => {
      const id = await insertPosting(trx, {
        organisationId,
        title: input.title,
        occupationCode: input.occupationCode,
        description: input.description,
        skills: input.skills,
        education: input.education,
        experienceYears: input.experienceYears,
        wageMinFen: input.wageMinFen,
        wageMaxFen: input.wageMaxFen,
        ...place,
        hours: input.hours,
        hoursNote: input.hoursNote,
        hoursPerWeek: input.hoursPerWeek,
        headcount: input.headcount,
        contractType: input.contractType,
        closingDate: input.closingDate,
        status: 'draft',
        createdBy: actor.accountId,
      });
      await auditEmployment(trx, actor, at, {
        event: 'posting.create',
        objectType: 'job_posting',
        objectId: id,
        details: { organisationId, occupationCode: input.occupationCode },
      });
      return id;
    },
  );
  return getPosting(deps, actor, id);
}

export async function getPosting(deps: EmploymentDeps, actor: Actor, id: string): Promise<TPosting> {
  const row = await loadVisible(deps, actor, id);
  const index = await places(deps);
  const counts = seesCounts(actor, row) ? ((await referralCounts(deps.db, [id])).get(id) ?? {}) : null;
  const check =
    canEdit(actor, row) || isStaff(actor) ? await storedCheck(deps.db, row.checkDecisionId) : null;
  return presentPosting(index, row, { check, counts });
}

export async function listPostingsFor(
  deps: EmploymentDeps,
  actor: Actor,
  query: TPostingListQuery,
): Promise<TPostingList> {
  const own = employerOrgOf(actor);
  if (!isStaff(actor) && !own) throw new AppError('FORBIDDEN');
  if (query.occupationCode) requireOccupation('occupationCode', query.occupationCode);
  const organisationId = isStaff(actor) ? query.organisationId : (own ?? undefined);
  const { rows, total } = await listPostings(deps.db, {
    ...(query.status ? { status: query.status } : {}),
    ...(organisationId ? { organisationId } : {}),
    ...(query.occupationCode ? { occupationCode: query.occupationCode } : {}),
    ...(query.q ? { q: query.q } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: await presentPostings(deps, actor, rows), total };
}

/** Published postings open today, for the portal's list (newest first). */
export async function listOpenPostings(
  deps: EmploymentDeps,
  actor: Actor,
  limit: number,
): Promise<TPosting[]> {
  const { rows } = await listPostings(deps.db, { openOn: today(deps), limit, offset: 0 });
  return presentPostings(deps, actor, rows);
}

export async function getPostingsByIds(deps: EmploymentDeps, actor: Actor, ids: readonly string[]) {
  const rows = await findPostingsByIds(deps.db, ids);
  const byId = new Map((await presentPostings(deps, actor, rows)).map((p) => [p.id, p]));
  return byId;
}

/**
 * Edits with optimistic locking. A published posting goes back to draft: what applicants read changed, so the
 * discrimination check must run again before it is published.
 */
export async function updatePosting(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  input: TUpdatePostingRequest,
): Promise<TPosting> {
  const row = await loadEditable(deps, actor, id);
  if (input.occupationCode) requireOccupation('occupationCode', input.occupationCode);
  if (input.closingDate !== undefined) checkClosingDate(deps, input.closingDate);
  const wageMin = input.wageMinFen ?? row.wageMinFen;
  const wageMax = input.wageMaxFen ?? row.wageMaxFen;
  if (wageMax < wageMin) {
    throw fieldError('wageMaxFen', '最高工资不能低于最低工资');
  }
  const place = input.workplace ? await workplaceColumns(deps, input.workplace) : {};
  const { version, workplace: _w, ...fields } = input;
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await updatePostingAtVersion(trx, id, version, {
      ...fields,
      ...place,
      ...(row.status === 'published' ? { status: 'draft' as const, ageLimitConfirmed: false } : {}),
    });
    if (!ok) throw new AppError('CONFLICT', '岗位已被他人修改，请刷新后重试');
    await auditEmployment(trx, actor, at, {
      event: 'posting.update',
      objectType: 'job_posting',
      objectId: id,
      details: {
        fields: Object.keys(input).filter((k) => k !== 'version'),
        unpublished: row.status === 'published',
      },
    });
  });
  await refreshPosting(deps.db, id);
  return getPosting(deps, actor, id);
}

/**
 * Publish (or reopen a closed posting). The discrimination rule runs on the posting's text and its decision is
 * stored: `block` keeps it a draft with the reasons and clauses; `warn` (an age limit) needs the employer's
 * confirmation; `ok` publishes.
 */
export async function publishPosting(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  input: TPublishPostingRequest,
): Promise<TPublishPostingResponse> {
  const row = await loadEditable(deps, actor, id);
  if (row.status === 'published') throw new AppError('CONFLICT', '岗位已在招聘中');
  checkClosingDate(deps, row.closingDate);
  const asOf = today(deps);
  const book = await currentRulebook(deps.db);
  const checkInput = { text: postingText(row) };
  const e = book.explain(DISCRIMINATION_RULE, checkInput, asOf);
  const at = deps.clock();
  const result: TPublishPostingResponse['result'] =
    e.outcome === 'block'
      ? 'blocked'
      : e.outcome === 'warn' && !input.confirmAgeLimit
        ? 'needs_confirmation'
        : 'published';
  await deps.db.transaction().execute(async (trx) => {
    const locked = await findPostingForUpdate(trx, id);
    if (!locked || locked.version !== row.version)
      throw new AppError('CONFLICT', '岗位已被他人修改，请刷新后重试');
    const decision = await insertDecision(trx, {
      ruleId: DISCRIMINATION_RULE,
      subjectType: 'case',
      subjectId: `job_posting:${id}`,
      asOf,
      rulesetVersion: book.version,
      parameterVersion: book.parameterVersion,
      input: checkInput,
      outcome: e.outcome,
      reasons: [...e.sentences],
      parametersRead: pinsOf(e),
      decidedBy: actor.accountId,
      organisationId: actor.organisationId,
    });
    await auditEmployment(trx, actor, at, {
      event: 'decision.record',
      objectType: 'decision',
      objectId: decision.id,
      details: { ruleId: DISCRIMINATION_RULE, postingId: id, outcome: String(e.outcome) },
    });
    await setPosting(trx, id, {
      checkDecisionId: decision.id,
      ...(result === 'published'
        ? {
            status: 'published',
            publishedAt: at,
            closedAt: null,
            ageLimitConfirmed: e.outcome === 'warn',
          }
        : {}),
    });
    await auditEmployment(trx, actor, at, {
      event: result === 'published' ? 'posting.publish' : 'posting.blocked',
      objectType: 'job_posting',
      objectId: id,
      details: {
        decisionId: decision.id,
        result,
        findings: findingsOf(e).blocked.map((f) => f.code),
        reopened: row.status === 'closed',
      },
    });
  });
  if (result === 'published') await refreshPosting(deps.db, id);
  const message =
    result === 'published'
      ? e.outcome === 'warn'
        ? '已发布（已确认年龄条件提示）'
        : '已发布'
      : result === 'blocked'
        ? '含就业歧视内容，不予发布，请按提示修改'
        : '含年龄限制，请确认后再发布';
  return { result, message, posting: await getPosting(deps, actor, id) };
}

export async function closePosting(deps: EmploymentDeps, actor: Actor, id: string): Promise<TPosting> {
  const row = await loadEditable(deps, actor, id);
  if (row.status !== 'published') throw new AppError('CONFLICT', '只有招聘中的岗位可以关闭');
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await setPosting(trx, id, { status: 'closed', closedAt: at });
    await auditEmployment(trx, actor, at, {
      event: 'posting.close',
      objectType: 'job_posting',
      objectId: id,
    });
  });
  await refreshPosting(deps.db, id);
  return getPosting(deps, actor, id);
}
