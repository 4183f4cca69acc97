import type { IsoDate } from './dates.ts';
import type { Rulebook } from './engine.ts';
import { valueAt } from './parameters.ts';
import {
  type AnyRule,
  type Comparison,
  formulaAt,
  type Outcome,
  RuleConflictError,
  type RuleContext,
} from './rules.ts';
import { lookup } from './tables.ts';

/**
 * Batch mode: the same formulas as explain mode, run over a whole population without building trace objects
 * (traces cost ~20× — POLICY-ENGINE.md §5). Inputs are columns; a reusable view object reads row `i` through
 * getters, so nothing is allocated per row. Each rule keeps its outcome and two reason bitmasks per row:
 * which checks were evaluated and which of them held. Rules named in `uses` are evaluated first, column by column.
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

function makeView(input: ColumnarInput, cursor: { row: number }): object {
  const view: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(input.columns)) {
    Object.defineProperty(view, name, { get: () => column[cursor.row], enumerable: true });
  }
  return view;
}

export function evaluateBatch(
  book: Rulebook,
  ruleIds: readonly string[],
  input: ColumnarInput,
  asOf: IsoDate,
): BatchResult {
  const n = input.length;
  const results = new Map<string, BatchRuleResult>();
  const cursor = { row: 0 };
  const view = makeView(input, cursor);
  const paramCache = new Map<string, number | string | boolean>();
  const param = (id: string) => {
    let v = paramCache.get(id);
    if (v === undefined) {
      v = valueAt(book.parameter(id), asOf).value;
      paramCache.set(id, v);
    }
    return v;
  };

  for (const rule of ordered(book, ruleIds)) {
    const reasonCodes = Object.keys(rule.reasons ?? {});
    if (reasonCodes.length > 32) throw new Error(`规则 ${rule.id} 的理由代码超过 32 个`);
    const bit = new Map(reasonCodes.map((c, i) => [c, 1 << i]));
    const outcomes: Outcome[] = new Array(n);
    const evaluated = new Uint32Array(n);
    const held = new Uint32Array(n);
    let ev = 0;
    let hd = 0;
    const ctx: RuleContext<unknown> = {
      asOf,
      input: view,
      num: (id) => {
        const v = param(id);
        if (typeof v !== 'number') throw new Error(`参数 ${id} 不是数值`);
        return v;
      },
      param,
      rule: (id) => {
        const dep = results.get(id);
        if (!dep) throw new Error(`规则 ${rule.id} 读取了未在 uses 中声明的规则 ${id}`);
        return dep.outcomes[cursor.row] ?? null;
      },
      table: (id, tableInput) => lookup(book.table(id), tableInput)[0]?.result ?? null,
      check: (code, left, op: Comparison, right) => {
        const b = bit.get(code);
        if (b === undefined) throw new Error(`规则 ${rule.id} 没有理由代码 ${code}`);
        let r: boolean;
        switch (op) {
          case '<':
            r = left < right;
            break;
          case '<=':
            r = left <= right;
            break;
          case '>':
            r = left > right;
            break;
          case '>=':
            r = left >= right;
            break;
          case '==':
            r = left === right;
            break;
          default:
            r = left !== right;
        }
        ev |= b;
        if (r) hd |= b;
        return r;
      },
      fact: (code, value) => {
        const b = bit.get(code);
        if (b === undefined) throw new Error(`规则 ${rule.id} 没有理由代码 ${code}`);
        ev |= b;
        if (value) hd |= b;
        return value;
      },
    };
    const typed = ctx as RuleContext<never>;
    const formula = formulaAt(rule, asOf).formula;
    const exceptions = rule.exceptions ?? [];
    for (let i = 0; i < n; i++) {
      cursor.row = i;
      ev = 0;
      hd = 0;
      let outcome = formula(typed);
      if (exceptions.length > 0) {
        let applied: (typeof exceptions)[number] | undefined;
        let appliedValue: Outcome = null;
        for (const ex of exceptions) {
          if (!ex.when(typed)) continue;
          const v = ex.value(typed);
          if (applied && appliedValue !== v) throw new RuleConflictError(rule.id, applied, ex);
          applied = ex;
          appliedValue = v;
        }
        if (applied) outcome = appliedValue;
      }
      outcomes[i] = outcome;
      evaluated[i] = ev;
      held[i] = hd;
    }
    results.set(rule.id, { ruleId: rule.id, outcomes, evaluated, held, reasonCodes });
  }
  return { asOf, length: n, results };
}
