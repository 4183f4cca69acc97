import {
  type DifficultyCategory,
  difficultyCategories,
  followupWays,
  stepKinds,
  type TAssistanceCase,
  type TAssistanceCaseSummary,
  type TCandidateList,
  type TCaseListQuery,
  type TFollowupRequest,
  type TIdentification,
  type TIdentifyRequest,
  type TNewStep,
  type TOpenCaseRequest,
  type TStepUpdateRequest,
  ZCaseListQuery,
  ZFollowupRequest,
  ZIdentifyRequest,
  ZOpenCaseRequest,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Rulebook } from '@qiaoti/policy';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { findPersonById, type PersonRecord } from '../registry/persons.repository.ts';
import { type PlaceEntry, placeIndex } from '../registry/places.repository.ts';
import { ageOn, businessDay } from '../registry/registry-deps.ts';
import { placeLabel } from '../registry/registry-presenters.ts';
import { requirePermission } from '../registry/registry-scope.ts';
import {
  addFollowUp,
  createWorkItem,
  getWorkItem,
  isOverdue,
  transitionWorkItem,
} from '../workitems/workitems.service.ts';
import { defineWorkItemLinks, defineWorkItemType } from '../workitems/workitems.types.ts';
import {
  decideIn,
  employmentStates,
  explainRule,
  isVillageInStaffScope,
  retirementAge,
  retirementDate,
  staffPlaceFilter,
  wholeMonthsBetween,
} from './assistance.common.ts';
import {
  findCase,
  findCaseForUpdate,
  findOpenCaseIds,
  insertCase,
  insertIdentification,
  latestIdentifications,
  listCases,
  listEventsOf,
  listUnemployedInPlace,
  markCaseClosed,
} from './assistance.repository.ts';
import { membersOfListedHouseholds } from './zero-employment.repository.ts';

/**
 * 就业援助 (plan 十二): the policy engine identifies 就业困难人员 from registry and employment records; staff open a
 * case with a personalised plan (steps with owners and due dates), record every follow-up, and close the case once
 * the person has been employed for the configured months. Cases and steps are work items (DESIGN §4b).
 */

export const assistanceCaseType = defineWorkItemType({
  type: 'employment.assistance_case',
  label: '就业援助个案',
  initial: 'open',
  states: { open: '帮扶中', closed: '已结案' },
  transitions: { open: ['closed'] },
  closedStates: ['closed'],
});

export const assistanceStepType = defineWorkItemType({
  type: 'employment.assistance_step',
  label: '帮扶措施',
  initial: 'open',
  states: { open: '待办', done: '已完成', cancelled: '已取消' },
  transitions: { open: ['done', 'cancelled'] },
  closedStates: ['done', 'cancelled'],
});

/** A case and its plan steps are handled on the case's page (我的待办 links there). */
async function casePaths(
  db: Kysely<DB>,
  caseItemIdOf: ReadonlyMap<string, string>,
): Promise<ReadonlyMap<string, string>> {
  const ids = [...new Set(caseItemIdOf.values())];
  if (ids.length === 0) return new Map();
  const cases = await db
    .selectFrom('assistanceCase')
    .select(['id', 'workItemId'])
    .where('workItemId', 'in', ids)
    .execute();
  const caseOf = new Map(cases.map((c) => [c.workItemId, c.id]));
  const out = new Map<string, string>();
  for (const [itemId, caseItemId] of caseItemIdOf) {
    const id = caseOf.get(caseItemId);
    if (id) out.set(itemId, `/employment/assistance/cases/${id}`);
  }
  return out;
}
defineWorkItemLinks(assistanceCaseType.type, (db, items) =>
  casePaths(db, new Map(items.map((i) => [i.id, i.id]))),
);
defineWorkItemLinks(assistanceStepType.type, (db, items) =>
  casePaths(db, new Map(items.flatMap((i) => (i.parentId ? [[i.id, i.parentId] as const] : [])))),
);

const IDENTIFY_RULE = 'employment.difficulty.category';
const CLOSE_RULE = 'employment.assistance.can_close';

export interface AssistanceDeps {
  readonly db: Kysely<DB>;
  readonly clock: () => Date;
}

const categoryLabel = (c: string | null): string | null =>
  c === null ? null : (difficultyCategories[c as DifficultyCategory] ?? c);

function villageName(places: Map<string, PlaceEntry>, code: string | null): string | null {
  return code ? placeLabel(places, code) : null;
}

function scopePrefixOrThrow(actor: Actor): string | null {
  const f = staffPlaceFilter(actor);
  if (!f) throw new AppError('FORBIDDEN');
  return f.kind === 'county' ? null : f.prefix;
}

async function personInScopeOrThrow(db: Kysely<DB>, actor: Actor, personId: string): Promise<PersonRecord> {
  const person = await findPersonById(db, personId);
  if (!person || !isVillageInStaffScope(actor, person.residenceVillageCode)) throw new AppError('NOT_FOUND');
  return person;
}

// ── identification ────────────────────────────────────────────────────────────────────────────────────────────

type Extra = Omit<ReturnType<typeof ZIdentifyRequest.parse>, 'personId' | 'asOf'>;
const noExtra: Extra = {
  ableAndWilling: true,
  recentGraduateFromHardshipHousehold: false,
  graduateYears: 99,
  landLostFarmer: false,
  specialGroup: false,
};

type PersonForRule = Pick<PersonRecord, 'id' | 'birthDate' | 'gender'>;

/** The rule's input for persons on a day: registry and employment facts (read in a few queries for all of them). */
async function identificationInputs(
  db: Kysely<DB>,
  persons: readonly PersonForRule[],
  day: string,
  extra: Extra,
) {
  const ids = persons.map((p) => p.id);
  const [states, listed] = await Promise.all([
    employmentStates(db, ids, day),
    membersOfListedHouseholds(db, ids),
  ]);
  return new Map(
    persons.map((person) => {
      const state = states.get(person.id);
      const age = ageOn(person.birthDate, day);
      const monthsToRetire = wholeMonthsBetween(day, retirementDate(person.birthDate, person.gender));
      const facts = {
        registeredUnemployed: state?.registeredUnemployed ?? false,
        unemployedMonths:
          state?.kind === 'unemployed' && state.since ? wholeMonthsBetween(state.since, day) : 0,
        yearsToRetirement: Math.floor(monthsToRetire / 12),
        memberOfZeroEmploymentHousehold: listed.has(person.id),
      };
      const input = {
        workingAge: age >= 16 && age < retirementAge(person.gender),
        ableAndWilling: extra.ableAndWilling,
        registeredUnemployed: facts.registeredUnemployed,
        memberOfZeroEmploymentHousehold: facts.memberOfZeroEmploymentHousehold,
        yearsToRetirement: facts.yearsToRetirement,
        unemployedMonths: facts.unemployedMonths,
        recentGraduateFromHardshipHousehold: extra.recentGraduateFromHardshipHousehold,
        graduateYears: extra.graduateYears,
        landLostFarmer: extra.landLostFarmer,
        specialGroup: extra.specialGroup,
      };
      return [person.id, { facts, input }] as const;
    }),
  );
}

async function identificationInput(db: Kysely<DB>, person: PersonForRule, day: string, extra: Extra) {
  const one = (await identificationInputs(db, [person], day, extra)).get(person.id);
  if (!one) throw new AppError('INTERNAL');
  return one;
}

/** The 认定 screen: unemployed residents of a township with the rule's decision and reasons (not stored). */
export async function screenCandidates(
  deps: AssistanceDeps,
  actor: Actor,
  query: { townshipCode: string; onlyIdentified: boolean; limit: number },
): Promise<TCandidateList> {
  requirePermission(actor, 'employment.read');
  const scope = scopePrefixOrThrow(actor);
  if (scope && !query.townshipCode.startsWith(scope) && !scope.startsWith(query.townshipCode))
    throw new AppError('NOT_FOUND');
  const prefix = scope && scope.length > query.townshipCode.length ? scope : query.townshipCode;
  const day = businessDay(deps.clock());
  const book = await currentRulebook(deps.db);
  const places = await placeIndex(deps.db);
  const persons = await listUnemployedInPlace(deps.db, prefix, 2000);
  const ids = persons.map((p) => p.id);
  const [stored, openCases] = await Promise.all([
    latestIdentifications(deps.db, ids),
    findOpenCaseIds(deps.db, ids),
  ]);
  const inputs = await identificationInputs(deps.db, persons, day, noExtra);
  const candidates: TIdentification[] = [];
  for (const p of persons) {
    const one = inputs.get(p.id);
    if (!one) continue;
    const { facts, input } = one;
    const e = explainRule(book, IDENTIFY_RULE, input, day);
    const s = stored.get(p.id);
    const category = (s?.category ?? (e.outcome as string | null)) || null;
    if (query.onlyIdentified && category === null) continue;
    candidates.push({
      id: s?.id ?? null,
      personId: p.id,
      personName: p.name,
      idNumberMasked: p.idNumberMasked,
      gender: p.gender,
      age: ageOn(p.birthDate, day),
      villageCode: p.residenceVillageCode,
      villageName: villageName(places, p.residenceVillageCode),
      category,
      categoryLabel: categoryLabel(category),
      asOf: s?.asOf ?? day,
      decisionId: s?.decisionId ?? null,
      reasons: s ? (s.reasons as string[]) : [...e.sentences],
      facts,
      openCaseId: openCases.get(p.id) ?? null,
    });
    if (candidates.length >= query.limit) break;
  }
  return { townshipCode: query.townshipCode, screened: persons.length, candidates };
}

/** Identifies one person and stores the decision (an identification that finds no category is stored too). */
export async function identifyPerson(
  deps: AssistanceDeps,
  actor: Actor,
  body: TIdentifyRequest,
): Promise<TIdentification> {
  requirePermission(actor, 'employment.manage');
  const req = ZIdentifyRequest.parse(body);
  const person = await personInScopeOrThrow(deps.db, actor, req.personId);
  const at = deps.clock();
  const day = req.asOf ?? businessDay(at);
  const book = await currentRulebook(deps.db);
  const { facts, input } = await identificationInput(deps.db, person, day, req);
  const places = await placeIndex(deps.db);
  const result = await deps.db.transaction().execute(async (trx) => {
    const d = await decideIn(
      trx,
      actor,
      book,
      { ruleId: IDENTIFY_RULE, subjectType: 'person', subjectId: person.id, asOf: day, input },
      at,
    );
    const category = typeof d.outcome === 'string' ? d.outcome : null;
    const id = await insertIdentification(trx, {
      personId: person.id,
      decisionId: d.id,
      category,
      asOf: day,
      villageCode: person.residenceVillageCode,
      identifiedBy: actor.accountId,
    });
    // 就业援助对象 get priority in matching (a column the employment core keeps for this module).
    await trx
      .updateTable('jobSeeker')
      .set({ assistancePriority: category !== null })
      .where('personId', '=', person.id)
      .execute();
    return { id, decision: d, category };
  });
  const open = await findOpenCaseIds(deps.db, [person.id]);
  return {
    id: result.id,
    personId: person.id,
    personName: person.name,
    idNumberMasked: person.idNumberMasked,
    gender: person.gender,
    age: ageOn(person.birthDate, day),
    villageCode: person.residenceVillageCode,
    villageName: villageName(places, person.residenceVillageCode),
    category: result.category,
    categoryLabel: categoryLabel(result.category),
    asOf: day,
    decisionId: result.decision.id,
    reasons: result.decision.reasons,
    facts,
    openCaseId: open.get(person.id) ?? null,
  };
}

// ── cases ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function addStepIn(
  trx: Transaction<DB>,
  actor: Actor,
  caseWorkItemId: string,
  personId: string,
  s: TNewStep,
) {
  return createWorkItem(trx, actor, {
    type: assistanceStepType,
    parentId: caseWorkItemId,
    subject: { type: 'person', id: personId },
    title: s.title,
    ownerOrganisationId: actor.organisationId,
    ownerName: s.ownerName,
    dueOn: s.dueOn,
    data: { kind: s.kind },
  });
}

/** Opens a case for an identified 就业困难人员 with the first plan steps; one open case per person. */
export async function openCase(
  deps: AssistanceDeps,
  actor: Actor,
  body: TOpenCaseRequest,
): Promise<TAssistanceCase> {
  requirePermission(actor, 'employment.manage');
  const req = ZOpenCaseRequest.parse(body);
  const person = await personInScopeOrThrow(deps.db, actor, req.personId);
  const ident = (await latestIdentifications(deps.db, [person.id])).get(person.id);
  if (!ident?.category) {
    throw new AppError('CONFLICT', '该人员尚未认定为就业困难人员，请先进行认定', {
      reasons: ident ? (ident.reasons as string[]) : [],
    });
  }
  if ((await findOpenCaseIds(deps.db, [person.id])).size > 0)
    throw new AppError('CONFLICT', '该人员已有进行中的援助个案');
  const at = deps.clock();
  const day = businessDay(at);
  const caseId = await deps.db.transaction().execute(async (trx) => {
    const item = await createWorkItem(trx, actor, {
      type: assistanceCaseType,
      subject: { type: 'person', id: person.id },
      title: `就业援助：${person.name}`,
      ownerOrganisationId: actor.organisationId,
      ownerAccountId: actor.accountId,
      note: req.note ?? null,
      data: { category: ident.category },
    });
    const id = await insertCase(trx, {
      workItemId: item.id,
      personId: person.id,
      identificationId: ident.id,
      category: ident.category ?? '',
      villageCode: person.residenceVillageCode,
      openedOn: day,
      openedBy: actor.accountId,
    });
    for (const s of req.steps) await addStepIn(trx, actor, item.id, person.id, s);
    await recordAudit(trx, actor, {
      event: 'assistance.open',
      objectType: 'assistance_case',
      objectId: id,
      details: { category: ident.category, steps: req.steps.length },
      at,
    });
    return id;
  });
  return getCase(deps, actor, caseId);
}

async function caseInScopeForUpdate(trx: Transaction<DB>, actor: Actor, id: string) {
  const c = await findCaseForUpdate(trx, id);
  if (!c || !isVillageInStaffScope(actor, c.villageCode)) throw new AppError('NOT_FOUND');
  return c;
}

async function openCaseForUpdate(trx: Transaction<DB>, actor: Actor, id: string) {
  const c = await caseInScopeForUpdate(trx, actor, id);
  if (c.status !== 'open') throw new AppError('CONFLICT', '个案已结案，不能再修改');
  return c;
}

export async function addStep(
  deps: AssistanceDeps,
  actor: Actor,
  caseId: string,
  step: TNewStep,
): Promise<TAssistanceCase> {
  requirePermission(actor, 'employment.manage');
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, actor, caseId);
    const item = await addStepIn(trx, actor, c.workItemId, c.personId, step);
    await recordAudit(trx, actor, {
      event: 'assistance.update',
      objectType: 'assistance_case',
      objectId: caseId,
      details: { action: 'step.add', stepId: item.id, kind: step.kind },
      at,
    });
  });
  return getCase(deps, actor, caseId);
}

export async function updateStep(
  deps: AssistanceDeps,
  actor: Actor,
  caseId: string,
  stepId: string,
  body: TStepUpdateRequest,
): Promise<TAssistanceCase> {
  requirePermission(actor, 'employment.manage');
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, actor, caseId);
    const step = await trx
      .selectFrom('workItems')
      .select('id')
      .where('id', '=', stepId)
      .where('parentId', '=', c.workItemId)
      .executeTakeFirst();
    if (!step) throw new AppError('NOT_FOUND');
    await transitionWorkItem(trx, actor, stepId, { to: body.state, note: body.note ?? null }, at);
    await recordAudit(trx, actor, {
      event: 'assistance.update',
      objectType: 'assistance_case',
      objectId: caseId,
      details: { action: `step.${body.state}`, stepId },
      at,
    });
  });
  return getCase(deps, actor, caseId);
}

export async function addCaseFollowup(
  deps: AssistanceDeps,
  actor: Actor,
  caseId: string,
  body: TFollowupRequest,
): Promise<TAssistanceCase> {
  requirePermission(actor, 'employment.manage');
  const req = ZFollowupRequest.parse(body);
  const at = deps.clock();
  if (req.followedOn > businessDay(at))
    throw new AppError('VALIDATION_FAILED', '跟进日期不能晚于今天', {
      issues: [{ path: 'followedOn', message: '跟进日期不能晚于今天' }],
    });
  await deps.db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, actor, caseId);
    if (req.stepId) {
      const step = await trx
        .selectFrom('workItems')
        .select('id')
        .where('id', '=', req.stepId)
        .where('parentId', '=', c.workItemId)
        .executeTakeFirst();
      if (!step) throw new AppError('NOT_FOUND');
    }
    await addFollowUp(trx, actor, c.workItemId, {
      occurredOn: req.followedOn,
      way: req.way,
      note: req.content,
      data: { nextStep: req.nextStep, stepId: req.stepId ?? null },
    });
    await recordAudit(trx, actor, {
      event: 'assistance.update',
      objectType: 'assistance_case',
      objectId: caseId,
      details: { action: 'followup', way: req.way, followedOn: req.followedOn },
      at,
    });
  });
  return getCase(deps, actor, caseId);
}

async function employmentOf(db: Kysely<DB>, personId: string, day: string) {
  const s = (await employmentStates(db, [personId], day)).get(personId);
  const employed = s?.kind === 'employed';
  const since = employed ? (s?.since ?? null) : null;
  return { employed, since, months: since ? wholeMonthsBetween(since, day) : 0 };
}

function closureMonths(book: Rulebook, day: string): number {
  const p = book.parameters.get('employment.assistance.closure_months');
  let v = 0;
  for (const h of p?.history ?? [])
    if (h.since <= day && h.value && typeof h.value.value === 'number') v = h.value.value;
  return v;
}

/**
 * Closes a case when the person has been employed for the configured months. The closure decision is stored
 * either way; a refusal answers CONFLICT with the decision's reasons.
 */
export async function closeCase(
  deps: AssistanceDeps,
  actor: Actor,
  caseId: string,
  note: string | undefined,
): Promise<TAssistanceCase> {
  requirePermission(actor, 'employment.manage');
  const at = deps.clock();
  const day = businessDay(at);
  const book = await currentRulebook(deps.db);
  const existing = await findCase(deps.db, caseId);
  if (!existing || !isVillageInStaffScope(actor, existing.villageCode)) throw new AppError('NOT_FOUND');
  const employment = await employmentOf(deps.db, existing.personId, day);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, actor, caseId);
    const d = await decideIn(
      trx,
      actor,
      book,
      {
        ruleId: CLOSE_RULE,
        subjectType: 'case',
        subjectId: caseId,
        asOf: day,
        input: { employedMonths: employment.months },
      },
      at,
    );
    if (d.outcome !== true) return d;
    await transitionWorkItem(trx, actor, c.workItemId, { to: 'closed', note: note ?? null }, at);
    await markCaseClosed(trx, caseId, { closedOn: day, closureDecisionId: d.id, closeNote: note ?? null });
    await recordAudit(trx, actor, {
      event: 'assistance.close',
      objectType: 'assistance_case',
      objectId: caseId,
      details: { decisionId: d.id, employedMonths: employment.months },
      at,
    });
    return d;
  });
  if (outcome.outcome !== true) {
    // The message names the comparison that failed; every reason (with the 待确认 note) travels in details.
    const main = outcome.reasons.find((r) => r.startsWith('已连续就业')) ?? outcome.reasons[0] ?? '';
    throw new AppError('CONFLICT', `暂不能结案：${main}`, {
      decisionId: outcome.id,
      reasons: outcome.reasons,
    });
  }
  return getCase(deps, actor, caseId);
}

export async function getCase(deps: AssistanceDeps, actor: Actor, caseId: string): Promise<TAssistanceCase> {
  requirePermission(actor, 'employment.read');
  const c = await findCase(deps.db, caseId);
  if (!c || !isVillageInStaffScope(actor, c.villageCode)) throw new AppError('NOT_FOUND');
  const work = await getWorkItem(deps.db, c.workItemId);
  if (!work) throw new AppError('NOT_FOUND');
  const day = businessDay(deps.clock());
  const places = await placeIndex(deps.db);
  const book = await currentRulebook(deps.db);
  const steps = work.children.map((s) => {
    const kind = String((s.data as { kind?: unknown } | null)?.kind ?? 'other');
    return {
      id: s.id,
      kind,
      kindLabel: stepKinds[kind as keyof typeof stepKinds] ?? kind,
      title: s.title,
      ownerName: s.ownerName,
      dueOn: s.dueOn,
      state: s.state,
      stateLabel: assistanceStepType.states[s.state as keyof typeof assistanceStepType.states] ?? s.state,
      overdue: isOverdue(s, day),
    };
  });
  const stepTitle = new Map(steps.map((s) => [s.id, s.title]));
  const events = (await listEventsOf(deps.db, [c.workItemId, ...steps.map((s) => s.id)])).map((e) => {
    const data = (e.data ?? {}) as { nextStep?: unknown; stepId?: unknown };
    const onStep =
      e.workItemId !== c.workItemId ? e.workItemId : typeof data.stepId === 'string' ? data.stepId : null;
    const stepNote =
      e.workItemId !== c.workItemId
        ? `${stepTitle.get(e.workItemId) ?? '措施'}：${e.kind === 'created' ? '列入帮扶计划' : e.toState === 'done' ? '已完成' : e.toState === 'cancelled' ? '已取消' : e.kind}${e.note ? `（${e.note}）` : ''}`
        : null;
    return {
      id: e.id,
      kind: e.kind,
      toState: e.toState,
      occurredOn: e.occurredOn,
      way: e.way,
      wayLabel: e.way ? (followupWays[e.way as keyof typeof followupWays] ?? e.way) : null,
      note: stepNote ?? e.note,
      nextStep: typeof data.nextStep === 'string' && data.nextStep !== '' ? data.nextStep : null,
      stepId: onStep,
      actorUsername: e.actorUsername,
      at: new Date(e.at).toISOString(),
    };
  });
  return {
    id: c.id,
    personId: c.personId,
    personName: c.personName,
    idNumberMasked: c.idNumberMasked,
    villageCode: c.villageCode,
    villageName: villageName(places, c.villageCode),
    category: c.category,
    categoryLabel: categoryLabel(c.category) ?? c.category,
    status: c.status,
    openedOn: c.openedOn,
    closedOn: c.closedOn,
    steps: steps.length,
    overdueSteps: steps.filter((s) => s.overdue).length,
    identificationDecisionId: c.identificationDecisionId,
    closureDecisionId: c.closureDecisionId,
    closeNote: c.closeNote,
    employment: await employmentOf(deps.db, c.personId, day),
    closureMonths: closureMonths(book, day),
    planSteps: steps,
    events,
  };
}

export async function listAssistanceCases(
  deps: AssistanceDeps,
  actor: Actor,
  query: TCaseListQuery,
): Promise<TAssistanceCaseSummary[]> {
  requirePermission(actor, 'employment.read');
  const q = ZCaseListQuery.parse(query);
  const scope = scopePrefixOrThrow(actor);
  let prefix = scope;
  if (q.townshipCode) {
    if (scope && !q.townshipCode.startsWith(scope) && !scope.startsWith(q.townshipCode)) return [];
    prefix = scope && scope.length > q.townshipCode.length ? scope : q.townshipCode;
  }
  const places = await placeIndex(deps.db);
  const rows = await listCases(deps.db, {
    prefix,
    status: q.status,
    today: businessDay(deps.clock()),
    overdueOnly: q.overdueOnly,
  });
  return rows.map((c) => ({
    id: c.id,
    personId: c.personId,
    personName: c.personName,
    idNumberMasked: c.idNumberMasked,
    villageCode: c.villageCode,
    villageName: villageName(places, c.villageCode),
    category: c.category,
    categoryLabel: categoryLabel(c.category) ?? c.category,
    status: c.status,
    openedOn: c.openedOn,
    closedOn: c.closedOn,
    steps: Number(c.steps ?? 0),
    overdueSteps: Number(c.overdueSteps ?? 0),
  }));
}
