import { createHash } from 'node:crypto';
import type { IsoDate } from './dates.ts';
import type { ClauseRegistry } from './documents.ts';
import {
  formatValue,
  formatYuan,
  type Parameter,
  type ParameterScalar,
  type ParameterValue,
  valueAt,
} from './parameters.ts';
import {
  type AnyRule,
  type Comparison,
  compareValues,
  formulaAt,
  type Outcome,
  type ReasonDefinition,
  RuleConflictError,
  type RuleContext,
} from './rules.ts';
import { type DecisionTable, lookup } from './tables.ts';

/** One comparison or fact that decided (part of) an outcome, with its clause. */
export interface TraceCheck {
  readonly code: string;
  readonly left: number | boolean;
  readonly op: Comparison | 'is';
  readonly right: number | boolean;
  readonly result: boolean;
  readonly cites: readonly string[];
  readonly sentence: string;
}

export interface TraceParameterRead {
  readonly id: string;
  readonly since: IsoDate;
  readonly value: number | string | boolean;
  readonly cites: readonly string[];
  readonly pending: boolean;
  /** `id@date = value`. */
  readonly text: string;
}

export interface TraceTableHit {
  readonly tableId: string;
  readonly rows: readonly number[];
  readonly cites: readonly string[];
}

export interface TraceNode {
  readonly ruleId: string;
  readonly label: string;
  readonly asOf: IsoDate;
  readonly formulaSince: IsoDate;
  readonly outcome: Outcome;
  readonly outcomeText: string;
  readonly cites: readonly string[];
  readonly exceptionApplied: { label: string; cites: readonly string[] } | null;
  readonly checks: readonly TraceCheck[];
  readonly parameters: readonly TraceParameterRead[];
  readonly tables: readonly TraceTableHit[];
  readonly dependencies: readonly TraceNode[];
}

export interface Explanation {
  readonly format: 'trace.v1';
  readonly ruleId: string;
  readonly asOf: IsoDate;
  readonly outcome: Outcome;
  readonly trace: TraceNode;
  /** Plain Chinese sentences, each with its clause. */
  readonly sentences: readonly string[];
}

const OP_WORD: Record<Comparison, [string, string]> = {
  '<': ['低于', '不低于'],
  '<=': ['不高于', '高于'],
  '>': ['高于', '不高于'],
  '>=': ['不低于', '低于'],
  '==': ['等于', '不等于'],
  '!=': ['不等于', '等于'],
};

function formatAmount(unit: ReasonDefinition['unit'], v: number): string {
  if (unit === 'fen') return `${formatYuan(v)} 元`;
  return formatValue(unit ?? 'count', v);
}

/** A parameter value set outside the YAML files (a change scheduled in the console), or `null` to end it. */
export interface ParameterOverlayEntry {
  readonly parameterId: string;
  readonly since: IsoDate;
  readonly value: ParameterScalar | null;
  readonly cites: readonly string[];
  readonly pending: boolean;
}

/** A parameter value a decision read: replay pins it so a later change cannot alter the replayed result. */
export interface PinnedParameter {
  readonly id: string;
  readonly since: IsoDate;
  readonly value: ParameterScalar;
  readonly cites: readonly string[];
  readonly pending: boolean;
}

export class UnknownRuleError extends Error {
  constructor(what: string, id: string) {
    super(`${what} ${id} 不存在`);
    this.name = 'UnknownRuleError';
  }
}

/** The rulebook: clauses, dated parameters, decision tables and rules, evaluated by one code path in two modes. */
export class Rulebook {
  constructor(
    readonly clauses: ClauseRegistry,
    readonly parameters: ReadonlyMap<string, Parameter>,
    readonly tables: ReadonlyMap<string, DecisionTable>,
    readonly rules: ReadonlyMap<string, AnyRule>,
    /** Content hash of every source file: the ruleset version a decision records. */
    readonly version: string,
  ) {}

  #parameterVersion: string | undefined;

  /** Content hash of every parameter's history (YAML plus scheduled changes): the parameter version of a decision. */
  get parameterVersion(): string {
    if (this.#parameterVersion === undefined) {
      const h = createHash('sha256');
      for (const id of [...this.parameters.keys()].sort()) {
        h.update(id);
        h.update(JSON.stringify(this.parameters.get(id)?.history));
      }
      this.#parameterVersion = h.digest('hex').slice(0, 16);
    }
    return this.#parameterVersion;
  }

  /** The same rulebook with scheduled parameter changes laid over the YAML values (same-date values replaced). */
  withParameterOverlay(entries: readonly ParameterOverlayEntry[]): Rulebook {
    if (entries.length === 0) return this;
    const parameters = new Map(this.parameters);
    for (const e of entries) {
      const p = parameters.get(e.parameterId) ?? this.parameter(e.parameterId);
      for (const c of e.cites) this.clauses.get(c);
      const entry = {
        since: e.since,
        value:
          e.value === null
            ? null
            : { parameterId: p.id, since: e.since, value: e.value, cites: e.cites, pending: e.pending },
      };
      const history = [...p.history.filter((h) => h.since !== e.since), entry].sort((a, b) =>
        a.since < b.since ? -1 : 1,
      );
      parameters.set(p.id, { ...p, history });
    }
    return new Rulebook(this.clauses, parameters, this.tables, this.rules, this.version);
  }

  /** The same rulebook with the given parameters fixed to the values a stored decision read. */
  withPinnedParameters(pins: readonly PinnedParameter[]): Rulebook {
    const parameters = new Map(this.parameters);
    for (const pin of pins) {
      const p = parameters.get(pin.id) ?? this.parameter(pin.id);
      parameters.set(p.id, {
        ...p,
        history: [
          {
            since: pin.since,
            value: {
              parameterId: p.id,
              since: pin.since,
              value: pin.value,
              cites: pin.cites,
              pending: pin.pending,
            },
          },
        ],
      });
    }
    return new Rulebook(this.clauses, parameters, this.tables, this.rules, this.version);
  }

  rule(id: string): AnyRule {
    const r = this.rules.get(id);
    if (!r) throw new UnknownRuleError('规则', id);
    return r;
  }

  parameter(id: string): Parameter {
    const p = this.parameters.get(id);
    if (!p) throw new UnknownRuleError('参数', id);
    return p;
  }

  table(id: string): DecisionTable {
    const t = this.tables.get(id);
    if (!t) throw new UnknownRuleError('决策表', id);
    return t;
  }

  citeAll(cites: readonly string[]): string {
    return cites.map((c) => this.clauses.cite(c)).join('；');
  }

  /** Explain mode: one subject, full trace. */
  explain(ruleId: string, input: object, asOf: IsoDate): Explanation {
    const trace = this.traceRule(ruleId, input, asOf, new Map());
    const sentences: string[] = [];
    const walk = (n: TraceNode) => {
      for (const d of n.dependencies) walk(d);
      for (const c of n.checks) sentences.push(c.sentence);
      if (n.exceptionApplied) {
        sentences.push(
          `适用例外「${n.exceptionApplied.label}」（依据：${this.citeAll(n.exceptionApplied.cites)}）`,
        );
      }
      for (const p of n.parameters) if (p.pending) sentences.push(`注意：${p.text} 尚待确认，结论仅供参考`);
    };
    walk(trace);
    sentences.push(`结论：${trace.outcomeText}（依据：${this.citeAll(trace.cites)}）`);
    return {
      format: 'trace.v1',
      ruleId,
      asOf,
      outcome: trace.outcome,
      trace,
      sentences: [...new Set(sentences)],
    };
  }

  private traceRule(ruleId: string, input: object, asOf: IsoDate, memo: Map<string, TraceNode>): TraceNode {
    const cached = memo.get(ruleId);
    if (cached) return cached;
    const rule = this.rule(ruleId);
    const ctx = new ExplainContext(input, asOf, this, rule, (id) => this.traceRule(id, input, asOf, memo));
    const { checks, parameters, tables, dependencies } = ctx;
    const { since, formula } = formulaAt(rule, asOf);
    const typed = ctx as unknown as RuleContext<never>;
    let outcome = formula(typed);
    let applied: { label: string; cites: readonly string[]; value: Outcome } | null = null;
    for (const ex of rule.exceptions ?? []) {
      if (!ex.when(typed)) continue;
      const value = ex.value(typed);
      if (applied && applied.value !== value) throw new RuleConflictError(rule.id, applied, ex);
      applied = { label: ex.label, cites: ex.cites, value };
    }
    if (applied) outcome = applied.value;
    const node: TraceNode = {
      ruleId,
      label: rule.label,
      asOf,
      formulaSince: since,
      outcome,
      outcomeText: rule.describe ? rule.describe(outcome as never) : `${rule.label}：${String(outcome)}`,
      cites: applied ? [...rule.cites, ...applied.cites] : rule.cites,
      exceptionApplied: applied ? { label: applied.label, cites: applied.cites } : null,
      checks,
      parameters,
      tables,
      dependencies,
    };
    memo.set(ruleId, node);
    return node;
  }
}

/**
 * What explain mode hands a formula: a class with its methods on the prototype, as batch mode's generated contexts
 * are, so that a formula's `ctx.check(…)`, `ctx.num(…)` call sites see two stable targets — this class's method and
 * its rule's batch context's — in a process that both explains and batches. An object of fresh closures per
 * explanation (as before) gave those sites a new target on every explanation (docs/decisions/0008, addendum).
 */
class ExplainContext implements RuleContext<unknown> {
  readonly checks: TraceCheck[] = [];
  readonly parameters: TraceParameterRead[] = [];
  readonly tables: TraceTableHit[] = [];
  readonly dependencies: TraceNode[] = [];

  constructor(
    readonly input: unknown,
    readonly asOf: IsoDate,
    private readonly book: Rulebook,
    private readonly subject: AnyRule,
    private readonly traceDependency: (ruleId: string) => TraceNode,
  ) {}

  private reasonOf(code: string): ReasonDefinition {
    const r = this.subject.reasons?.[code];
    if (!r) throw new UnknownRuleError(`规则 ${this.subject.id} 的理由代码`, code);
    return r;
  }

  private readParam(id: string): ParameterValue {
    const p = this.book.parameter(id);
    const v = valueAt(p, this.asOf);
    if (!this.parameters.some((x) => x.id === id)) {
      this.parameters.push({
        id,
        since: v.since,
        value: v.value,
        cites: v.cites,
        pending: v.pending,
        text: `${p.label}（${id}@${v.since}）= ${formatValue(p.unit, v.value)}${v.pending ? '〔待确认〕' : ''}`,
      });
    }
    return v;
  }

  num(id: string): number {
    const v = this.readParam(id).value;
    if (typeof v !== 'number') throw new Error(`参数 ${id} 不是数值`);
    return v;
  }

  param(id: string): number | string | boolean {
    return this.readParam(id).value;
  }

  rule(id: string): Outcome {
    const node = this.traceDependency(id);
    this.dependencies.push(node);
    return node.outcome;
  }

  table(
    id: string,
    tableInput: Record<string, number | string | boolean | null | undefined>,
  ): Record<string, number | string | boolean | null> | null {
    const rows = lookup(this.book.table(id), tableInput);
    this.tables.push({ tableId: id, rows: rows.map((r) => r.index), cites: rows.flatMap((r) => r.cites) });
    return rows[0]?.result ?? null;
  }

  check(code: string, left: number, op: Comparison, right: number): boolean {
    const r = this.reasonOf(code);
    const result = compareValues(left, op, right);
    const words = OP_WORD[op];
    const rightText = r.against ? `${r.against} ${formatAmount(r.unit, right)}` : formatAmount(r.unit, right);
    this.checks.push({
      code,
      left,
      op,
      right,
      result,
      cites: r.cites,
      sentence: `${r.subject} ${formatAmount(r.unit, left)}，${result ? words[0] : words[1]}${rightText}（依据：${this.book.citeAll(r.cites)}）`,
    });
    return result;
  }

  fact(code: string, value: boolean): boolean {
    const r = this.reasonOf(code);
    this.checks.push({
      code,
      left: value,
      op: 'is',
      right: true,
      result: value,
      cites: r.cites,
      sentence: `${value ? '' : '不'}${r.subject}（依据：${this.book.citeAll(r.cites)}）`,
    });
    return value;
  }
}
