import type {
  TDecision,
  TEvaluateRequest,
  TExplanation,
  TParameterChange,
  TParameterChangeRequest,
  TParameterSummary,
  TPolicyLibrary,
  TRecordDecisionRequest,
  TReplayResult,
  TRuleSummary,
} from '@qiaoti/contracts';
import { checkIdNumber } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import {
  type Explanation,
  formatValue,
  getRulebook,
  type InputSpec,
  type ParameterOverlayEntry,
  type ParameterScalar,
  type PinnedParameter,
  type Rulebook,
  type TraceNode,
  traceCites,
} from '@qiaoti/policy';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findHouseholdIdByNumber } from '../registry/households.repository.ts';
import { getHouseholdInScope } from '../registry/households.service.ts';
import { findPersonIdByIdNumberIndex } from '../registry/persons.repository.ts';
import { getPersonInScope } from '../registry/persons.service.ts';
import type { RegistryDeps } from '../registry/registry-deps.ts';
import { registryScopeOf } from '../registry/registry-scope.ts';
import {
  findDecision,
  insertDecision,
  insertParameterChange,
  listAllChanges,
  listScheduledChanges,
  withdrawParameterChange,
} from './policy.repository.ts';

type ChangeRow = Awaited<ReturnType<typeof listScheduledChanges>>[number];

function toOverlay(rows: readonly ChangeRow[]): ParameterOverlayEntry[] {
  return rows.map((r) => ({
    parameterId: r.parameterId,
    since: r.effectiveFrom,
    value: r.value as ParameterScalar | null,
    cites: r.cites,
    pending: r.pending,
  }));
}

/** The rulebook as it stands: the YAML files with the changes scheduled in the console laid over them. */
export async function currentRulebook(db: Kysely<DB>): Promise<Rulebook> {
  return getRulebook().withParameterOverlay(toOverlay(await listScheduledChanges(db)));
}

function ruleOrThrow(book: Rulebook, ruleId: string) {
  const rule = book.rules.get(ruleId);
  if (!rule) throw new AppError('UNKNOWN_CODE', `规则 ${ruleId} 不存在`);
  return rule;
}

/** Evaluation errors a person can act on (a parameter not in force, an unknown level) become 400s with the reason. */
function explainOrThrow(book: Rulebook, ruleId: string, input: object, asOf: string): Explanation {
  ruleOrThrow(book, ruleId);
  try {
    return book.explain(ruleId, input, asOf);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('VALIDATION_FAILED', `无法计算：${message}`);
  }
}

export function presentExplanation(book: Rulebook, e: Explanation): TExplanation {
  const params: { id: string; text: string; pending: boolean }[] = [];
  const walk = (n: TraceNode) => {
    for (const d of n.dependencies) walk(d);
    for (const p of n.parameters) if (!params.some((x) => x.id === p.id)) params.push(p);
  };
  walk(e.trace);
  return {
    ruleId: e.ruleId,
    ruleLabel: e.trace.label,
    asOf: e.asOf,
    outcome: e.outcome,
    outcomeText: e.trace.outcomeText,
    sentences: [...e.sentences],
    parameters: params.map((p) => ({ id: p.id, text: p.text, pending: p.pending })),
    cites: [...traceCites(e.trace)].map((id) => ({ id, citation: book.clauses.cite(id) })),
    trace: e.trace,
  };
}

export function pinsOf(e: Explanation): PinnedParameter[] {
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

// ── Library ─────────────────────────────────────────────────────────────────────────────────────────────────────

export async function getLibrary(db: Kysely<DB>, _actor: Actor, today: string): Promise<TPolicyLibrary> {
  const scheduled = await listScheduledChanges(db);
  const book = getRulebook().withParameterOverlay(toOverlay(scheduled));
  const scheduledKeys = new Set(scheduled.map((s) => `${s.parameterId}@${s.effectiveFrom}`));
  const parameters: TParameterSummary[] = [...book.parameters.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => {
      const history = p.history.map((h) => ({
        since: h.since,
        value: h.value?.value ?? null,
        display: h.value ? formatValue(p.unit, h.value.value) : '（废止）',
        cites: [...(h.value?.cites ?? [])],
        pending: h.value?.pending ?? false,
        source: scheduledKeys.has(`${p.id}@${h.since}`) ? ('scheduled' as const) : ('rulebook' as const),
      }));
      const current = [...history].reverse().find((h) => h.since <= today) ?? null;
      return {
        id: p.id,
        label: p.label,
        unit: p.unit,
        threshold: p.threshold,
        current,
        history,
        pending: current?.pending ?? false,
      };
    });
  const rules: TRuleSummary[] = [...book.rules.values()].map((r) => ({
    id: r.id,
    label: r.label,
    entity: r.entity,
    cites: [...r.cites],
    formulaDates: Object.keys(r.formulas).sort(),
    exceptions: (r.exceptions ?? []).map((x) => ({ label: x.label, cites: [...x.cites] })),
    reasons: Object.entries(r.reasons ?? {}).map(([code, x]) => ({
      code,
      subject: x.subject,
      cites: [...x.cites],
    })),
    uses: [...(r.uses ?? [])],
    inputs: Object.entries(r.inputs as Readonly<Record<string, InputSpec>>).map(([name, spec]) => ({
      name,
      label: spec.label,
      type: spec.type,
      ...(spec.options
        ? { options: Object.entries(spec.options).map(([value, label]) => ({ value, label })) }
        : {}),
      ...(spec.unit ? { unit: spec.unit } : {}),
    })),
    describeOutcomes: r.describe !== undefined,
  }));
  return {
    rulesetVersion: book.version,
    parameterVersion: book.parameterVersion,
    documents: [...book.clauses.documents.values()].map((d) => ({
      id: d.id,
      docNo: d.docNo ?? null,
      issuer: d.issuer,
      title: d.title,
      issuedOn: d.issuedOn ?? null,
      level: d.level,
      url: d.url ?? null,
      clauses: d.clauses.map((c) => ({ id: c.id, label: c.label, text: c.text })),
    })),
    parameters,
    rules,
  };
}

// ── 试算 and decisions ──────────────────────────────────────────────────────────────────────────────────────────

export async function evaluate(
  db: Kysely<DB>,
  _actor: Actor,
  input: TEvaluateRequest,
): Promise<TExplanation> {
  const book = await currentRulebook(db);
  return presentExplanation(book, explainOrThrow(book, input.ruleId, input.input, input.asOf));
}

function presentDecision(row: NonNullable<Awaited<ReturnType<typeof findDecision>>>): TDecision {
  return {
    id: row.id,
    ruleId: row.ruleId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    asOf: row.asOf,
    rulesetVersion: row.rulesetVersion,
    parameterVersion: row.parameterVersion,
    input: row.input as TDecision['input'],
    outcome: row.outcome as TDecision['outcome'],
    reasons: row.reasons as string[],
    decidedAt: new Date(row.createdAt).toISOString(),
    decidedBy: row.decidedBy,
  };
}

/** Evaluates and stores a decision record: subject, rule, as_of, versions, input snapshot, outcome and reasons. */
export async function recordDecision(
  deps: RegistryDeps,
  actor: Actor,
  input: TRecordDecisionRequest,
): Promise<{ decision: TDecision; explanation: TExplanation }> {
  const { db } = deps;
  const book = await currentRulebook(db);
  const e = explainOrThrow(book, input.ruleId, input.input, input.asOf);
  const subjectId = await resolveSubject(deps, actor, input);
  const id = await db.transaction().execute(async (trx) => {
    const row = await insertDecision(trx, {
      ruleId: input.ruleId,
      subjectType: input.subjectType,
      subjectId,
      asOf: input.asOf,
      rulesetVersion: book.version,
      parameterVersion: book.parameterVersion,
      input: input.input,
      outcome: e.outcome,
      reasons: [...e.sentences],
      parametersRead: pinsOf(e),
      decidedBy: actor.accountId,
      organisationId: actor.organisationId,
    });
    await recordAudit(trx, actor, {
      event: 'decision.record',
      objectType: 'decision',
      objectId: row.id,
      details: { ruleId: input.ruleId, asOf: input.asOf, subjectType: input.subjectType },
    });
    return row.id;
  });
  return { decision: await getDecision(db, actor, id), explanation: presentExplanation(book, e) };
}

async function loadDecision(db: Kysely<DB>, id: string) {
  const row = await findDecision(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function getDecision(db: Kysely<DB>, _actor: Actor, id: string): Promise<TDecision> {
  return presentDecision(await loadDecision(db, id));
}

/** Replays a stored decision with the parameter values it read pinned: the result must be identical. */
export async function replayDecision(db: Kysely<DB>, _actor: Actor, id: string): Promise<TReplayResult> {
  const row = await loadDecision(db, id);
  const base = getRulebook();
  const book = base.withPinnedParameters(row.parametersRead as PinnedParameter[]);
  const e = explainOrThrow(book, row.ruleId, row.input as object, row.asOf);
  const stored = row.reasons as string[];
  const differences: string[] = [];
  if (JSON.stringify(e.outcome) !== JSON.stringify(row.outcome)) {
    differences.push(`结论不同：原为 ${JSON.stringify(row.outcome)}，重放为 ${JSON.stringify(e.outcome)}`);
  }
  for (const s of stored) if (!e.sentences.includes(s)) differences.push(`原理由未重现：${s}`);
  for (const s of e.sentences) if (!stored.includes(s)) differences.push(`重放多出理由：${s}`);
  return {
    identical: differences.length === 0,
    storedOutcome: row.outcome as TReplayResult['storedOutcome'],
    replayedOutcome: e.outcome,
    rulesetChanged: base.version !== row.rulesetVersion,
    differences,
  };
}

export async function explainDecision(db: Kysely<DB>, _actor: Actor, id: string): Promise<TExplanation> {
  const row = await loadDecision(db, id);
  const book = getRulebook().withPinnedParameters(row.parametersRead as PinnedParameter[]);
  return presentExplanation(book, explainOrThrow(book, row.ruleId, row.input as object, row.asOf));
}

// ── Parameter changes ───────────────────────────────────────────────────────────────────────────────────────────

function presentChange(r: ChangeRow): TParameterChange {
  return {
    id: r.id,
    parameterId: r.parameterId,
    effectiveFrom: r.effectiveFrom,
    value: r.value as TParameterChange['value'],
    cites: r.cites,
    pending: r.pending,
    note: r.note,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/** Checks a proposed value against the parameter (type, clauses) before anything is written. */
export function validateChange(
  book: Rulebook,
  input: { parameterId: string; value: ParameterScalar; cites?: string[] },
) {
  const p = book.parameters.get(input.parameterId);
  if (!p) throw new AppError('UNKNOWN_CODE', `参数 ${input.parameterId} 不存在`);
  const current = p.history.at(-1)?.value?.value;
  if (current !== undefined && typeof current !== typeof input.value) {
    throw new AppError(
      'VALIDATION_FAILED',
      `参数 ${p.label} 的取值须为${typeof current === 'number' ? '数值' : '文字'}`,
    );
  }
  if (typeof input.value === 'number' && (!Number.isFinite(input.value) || input.value < 0)) {
    throw new AppError('VALIDATION_FAILED', '参数取值须为非负数');
  }
  for (const c of input.cites ?? []) {
    if (!book.clauses.clauses.has(c)) throw new AppError('UNKNOWN_CODE', `条款 ${c} 未登记`);
  }
  return p;
}

export async function scheduleParameterChange(
  db: Kysely<DB>,
  actor: Actor,
  input: TParameterChangeRequest,
): Promise<TParameterChange> {
  validateChange(getRulebook(), input);
  return db.transaction().execute(async (trx) => {
    const row = await insertParameterChange(trx, {
      parameterId: input.parameterId,
      effectiveFrom: input.effectiveFrom,
      value: input.value,
      cites: input.cites,
      pending: input.pending,
      note: input.note ?? null,
      createdBy: actor.accountId,
    });
    await recordAudit(trx, actor, {
      event: 'parameter.schedule',
      objectType: 'parameter',
      objectId: input.parameterId,
      details: { effectiveFrom: input.effectiveFrom, value: input.value, pending: input.pending },
    });
    return presentChange(row);
  });
}

export async function withdrawChange(db: Kysely<DB>, actor: Actor, id: string): Promise<TParameterChange> {
  return db.transaction().execute(async (trx) => {
    const row = await withdrawParameterChange(trx, id);
    if (!row) throw new AppError('NOT_FOUND', '该调整不存在或已撤回');
    await recordAudit(trx, actor, {
      event: 'parameter.withdraw',
      objectType: 'parameter',
      objectId: row.parameterId,
      details: { changeId: id },
    });
    return presentChange(row);
  });
}

export async function listChanges(db: Kysely<DB>, _actor: Actor): Promise<TParameterChange[]> {
  return (await listAllChanges(db)).map(presentChange);
}

/**
 * The registered subject a decision is about, if the officer named one: by id, by ID number (person rules) or by
 * 户号 (household rules). Found and scope-checked by the registry's own functions (NOT_FOUND whether missing or out
 * of scope; an out-of-scope attempt is audited as a denial). A case subject is kept as given (cases belong to their
 * domains).
 */
async function resolveSubject(
  deps: RegistryDeps,
  actor: Actor,
  input: TRecordDecisionRequest,
): Promise<string | null> {
  const { subjectType: type, subjectId, subjectIdNumber, subjectHouseholdNumber } = input;
  const named = [subjectId, subjectIdNumber, subjectHouseholdNumber].filter((v) => v?.trim()).length;
  if (named === 0) return null;
  if (named > 1) throw invalidSubject('关联对象只能按一种方式指定');
  if (type === 'case') return subjectId ?? null;
  const scope = registryScopeOf(actor);
  if (type === 'person') {
    if (subjectHouseholdNumber) throw invalidSubject('个人规则请按身份证号关联人员');
    let id = subjectId;
    if (subjectIdNumber) {
      const checked = checkIdNumber(subjectIdNumber);
      if (!checked.ok) throw invalidSubject(checked.reason);
      id = await findPersonIdByIdNumberIndex(deps.db, deps.pii.blindIndex('id_number', checked.idNumber));
    }
    if (!id || !isUuid(id)) throw new AppError('NOT_FOUND', '未找到该人员，或不在您的管辖范围内');
    return (await getPersonInScope(deps, actor, scope, id, 'person.view')).id;
  }
  if (subjectIdNumber) throw invalidSubject('家庭规则请按户号关联家庭户');
  const id = subjectHouseholdNumber
    ? await findHouseholdIdByNumber(deps.db, subjectHouseholdNumber.trim())
    : subjectId;
  if (!id || !isUuid(id)) throw new AppError('NOT_FOUND', '未找到该家庭户，或不在您的管辖范围内');
  return (await getHouseholdInScope(deps, actor, scope, id, 'household.view')).id;
}

const invalidSubject = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'subject', message }] });

const isUuid = (v: string | undefined): boolean =>
  v !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
