import type { IsoDate } from './dates.ts';
import type { Rulebook } from './engine.ts';
import { valueAt } from './parameters.ts';
import {
  type AnyRule,
  type Comparison,
  compareValues,
  formulaAt,
  type Outcome,
  RuleConflictError,
  type RuleContext,
  type RuleException,
} from './rules.ts';
import { lookup } from './tables.ts';

/**
 * Batch mode: the same formulas as explain mode, run over a whole population without building trace objects
 * (traces cost ~20× — POLICY-ENGINE.md §5). Inputs are columns; one reusable view object is refilled per row,
 * so nothing is allocated per row. Each rule keeps an outcome column and two reason bitmask columns: which checks
 * were evaluated and which of them held. Rules named in `uses` run first for each row.
 */
export interface ColumnarInput {
  readonly length: number;
  readonly columns: Readonly<Record<string, ArrayLike<number | string | boolean | null>>>;
}

export interface BatchRuleResult {
  readonly ruleId: string;
  readonly outcomes: Outcome[];
  /** Bit k set: the rule's k-th reason code (in `reasons` order) was evaluated for the row. */
  readonly evaluated: Uint32Array;
  /** Bit k set: that check held. */
  readonly held: Uint32Array;
  /** Reason codes in bit order. */
  readonly reasonCodes: readonly string[];
}

export interface BatchResult {
  readonly asOf: IsoDate;
  readonly length: number;
  readonly results: ReadonlyMap<string, BatchRuleResult>;
}

function ordered(book: Rulebook, ruleIds: readonly string[]): AnyRule[] {
  const out: AnyRule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`规则之间存在循环引用：${id}`);
    state.set(id, 'visiting');
    const r = book.rule(id);
    for (const dep of r.uses ?? []) visit(dep);
    state.set(id, 'done');
    out.push(r);
  };
  for (const id of ruleIds) visit(id);
  return out;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type Fill = (view: object, columns: object, row: number) => void;
const fillCache = new Map<string, Fill>();

/**
 * The row view formulas read: one plain object of fixed shape whose fields are refilled for each row by a small
 * generated function (column names are checked to be identifiers first). Field loads in formulas then stay
 * monomorphic, which getters or a keyed copy loop would not. The generated function is cached per column set, so
 * repeated batches reuse optimised code.
 */
function makeRowLoader(input: ColumnarInput): { view: Record<string, unknown>; fill: Fill } {
  const names = Object.keys(input.columns);
  for (const n of names) if (!IDENTIFIER.test(n)) throw new Error(`列名「${n}」不是合法标识符`);
  const key = names.join(',');
  let fill = fillCache.get(key);
  if (!fill) {
    fill = new Function('v', 'c', 'i', names.map((n) => `v.${n} = c.${n}[i];`).join('\n')) as Fill;
    fillCache.set(key, fill);
  }
  const view: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, null]));
  return { view, fill };
}

/** State shared by every rule of one batch: the current row, parameter values, the outcome columns so far. */
class BatchState {
  row = 0;
  readonly paramValues: Record<string, number | string | boolean> = {};
  readonly outcomesOf: Record<string, Outcome[]> = {};
  constructor(
    readonly book: Rulebook,
    readonly asOf: IsoDate,
  ) {}
}

/**
 * The batch-mode context of one rule. A class, not a literal of closures: its methods are the same functions in
 * every batch, so the call sites in formulas stay monomorphic across runs and V8 can inline them.
 */
class BatchContext implements RuleContext<unknown> {
  ev = 0;
  hd = 0;
  // Two-slot caches by id: formulas pass interned literal ids, so `===` is a pointer compare and the usual one or
  // two parameters (or dependencies) of a rule skip the keyed lookup (measured ~25 ns a call without them).
  private pk0: string | null = null;
  private pv0: number | string | boolean = 0;
  private pk1: string | null = null;
  private pv1: number | string | boolean = 0;
  private rk0: string | null = null;
  private rv0: Outcome[] = [];
  private rk1: string | null = null;
  private rv1: Outcome[] = [];
  constructor(
    readonly state: BatchState,
    readonly input: unknown,
    readonly ruleId: string,
    readonly bit: Readonly<Record<string, number>>,
  ) {}

  get asOf(): IsoDate {
    return this.state.asOf;
  }

  param(id: string): number | string | boolean {
    if (id === this.pk0) return this.pv0;
    if (id === this.pk1) return this.pv1;
    const v = this.lookupParam(id);
    this.pk1 = this.pk0;
    this.pv1 = this.pv0;
    this.pk0 = id;
    this.pv0 = v;
    return v;
  }

  private lookupParam(id: string): number | string | boolean {
    const values = this.state.paramValues;
    let v = values[id];
    if (v === undefined) {
      v = valueAt(this.state.book.parameter(id), this.state.asOf).value;
      values[id] = v;
    }
    return v;
  }

  num(id: string): number {
    const v = this.param(id);
    if (typeof v !== 'number') throw new Error(`参数 ${id} 不是数值`);
    return v;
  }

  rule(id: string): Outcome {
    const row = this.state.row;
    if (id === this.rk0) return this.rv0[row] ?? null;
    if (id === this.rk1) return this.rv1[row] ?? null;
    const dep = this.state.outcomesOf[id];
    if (dep === undefined) throw new Error(`规则 ${this.ruleId} 读取了未在 uses 中声明的规则 ${id}`);
    this.rk1 = this.rk0;
    this.rv1 = this.rv0;
    this.rk0 = id;
    this.rv0 = dep;
    return dep[row] ?? null;
  }

  table(id: string, tableInput: Record<string, number | string | boolean | null | undefined>) {
    return lookup(this.state.book.table(id), tableInput)[0]?.result ?? null;
  }

  private bitOf(code: string): number {
    const b = this.bit[code];
    if (b === undefined) throw new Error(`规则 ${this.ruleId} 没有理由代码 ${code}`);
    return b;
  }

  check(code: string, left: number, op: Comparison, right: number): boolean {
    const b = this.bitOf(code);
    const r = compareValues(left, op, right);
    this.ev |= b;
    if (r) this.hd |= b;
    return r;
  }

  fact(code: string, value: boolean): boolean {
    const b = this.bitOf(code);
    this.ev |= b;
    if (value) this.hd |= b;
    return value;
  }
}

interface CompiledRule {
  readonly rule: AnyRule;
  readonly ctx: BatchContext;
  readonly formula: (ctx: RuleContext<never>) => Outcome;
  readonly outcomes: Outcome[];
  readonly evaluated: Uint32Array;
  readonly held: Uint32Array;
  readonly reasonCodes: readonly string[];
}

type Loop = (...args: unknown[]) => void;
const loopCache = new Map<string, Loop>();

/**
 * The row loop, generated with one call site per rule so each formula call stays monomorphic and V8 can inline
 * the formula and the context methods it calls (their literal ids then become constants). Cached by shape, so a
 * repeated batch runs already-optimised code. A generic loop over the rules measured several times slower.
 */
function rowLoop(compiled: readonly CompiledRule[]): Loop {
  const shape = compiled
    .map((c) => `${c.reasonCodes.length > 0 ? 'r' : ''}${(c.rule.exceptions?.length ?? 0) > 0 ? 'x' : ''}`)
    .join('|');
  const cached = loopCache.get(shape);
  if (cached) return cached;
  const lines: string[] = ['for (let i = 0; i < n; i++) {', '  state.row = i;', '  fill(view, columns, i);'];
  compiled.forEach((c, k) => {
    const hasReasons = c.reasonCodes.length > 0;
    if (hasReasons) lines.push(`  x${k}.ev = 0; x${k}.hd = 0;`);
    lines.push(
      (c.rule.exceptions?.length ?? 0) > 0
        ? `  o${k}[i] = withExceptions(${k});`
        : `  o${k}[i] = f${k}(x${k});`,
    );
    if (hasReasons) lines.push(`  e${k}[i] = x${k}.ev; h${k}[i] = x${k}.hd;`);
  });
  lines.push('}');
  const params = ['n', 'state', 'fill', 'view', 'columns', 'withExceptions'];
  compiled.forEach((_, k) => {
    params.push(`f${k}`, `x${k}`, `o${k}`, `e${k}`, `h${k}`);
  });
  const loop = new Function(...params, lines.join('\n')) as Loop;
  loopCache.set(shape, loop);
  return loop;
}

export function evaluateBatch(
  book: Rulebook,
  ruleIds: readonly string[],
  input: ColumnarInput,
  asOf: IsoDate,
): BatchResult {
  const n = input.length;
  const { view, fill } = makeRowLoader(input);
  const state = new BatchState(book, asOf);

  const compiled: CompiledRule[] = ordered(book, ruleIds).map((rule) => {
    const reasonCodes = Object.keys(rule.reasons ?? {});
    if (reasonCodes.length > 32) throw new Error(`规则 ${rule.id} 的理由代码超过 32 个`);
    const bit: Record<string, number> = {};
    reasonCodes.forEach((c, i) => {
      bit[c] = 1 << i;
    });
    const outcomes: Outcome[] = new Array(n).fill(null);
    state.outcomesOf[rule.id] = outcomes;
    return {
      rule,
      ctx: new BatchContext(state, view, rule.id, bit),
      formula: formulaAt(rule, asOf).formula as (ctx: RuleContext<never>) => Outcome,
      outcomes,
      evaluated: new Uint32Array(n),
      held: new Uint32Array(n),
      reasonCodes,
    };
  });

  const withExceptions = (k: number): Outcome => {
    const c = compiled[k]!;
    const ctx = c.ctx as unknown as RuleContext<never>;
    let outcome = c.formula(ctx);
    let applied: RuleException<never, Outcome> | undefined;
    let appliedValue: Outcome = null;
    for (const ex of c.rule.exceptions ?? []) {
      if (!ex.when(ctx)) continue;
      const v = ex.value(ctx);
      if (applied && appliedValue !== v) throw new RuleConflictError(c.rule.id, applied, ex);
      applied = ex;
      appliedValue = v;
    }
    if (applied) outcome = appliedValue;
    return outcome;
  };
  const args: unknown[] = [n, state, fill, view, input.columns, withExceptions];
  for (const c of compiled) args.push(c.formula, c.ctx, c.outcomes, c.evaluated, c.held);
  rowLoop(compiled)(...args);

  const results = new Map<string, BatchRuleResult>();
  for (const c of compiled) {
    results.set(c.rule.id, {
      ruleId: c.rule.id,
      outcomes: c.outcomes,
      evaluated: c.evaluated,
      held: c.held,
      reasonCodes: c.reasonCodes,
    });
  }
  return { asOf, length: n, results };
}
