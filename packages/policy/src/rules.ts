import type { IsoDate } from './dates.ts';

export type Entity = 'person' | 'household' | 'case';
export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type Outcome = number | string | boolean | null;

/** The comparison a check makes; shared by explain and batch mode so both decide alike. */
export function compareValues(left: number, op: Comparison, right: number): boolean {
  switch (op) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '==':
      return left === right;
    default:
      return left !== right;
  }
}

/**
 * A reason a rule can give: what was compared, against what, and the clause that says so. The engine turns a
 * check into a sentence: "家庭月人均收入 612 元，低于低保标准 820 元（依据：…第三条）".
 */
export interface ReasonDefinition {
  /** What the left side is, e.g. 家庭月人均收入. */
  readonly subject: string;
  /** What it is compared with, e.g. 低保标准. Omitted for plain yes/no facts. */
  readonly against?: string;
  readonly unit?: 'fen' | 'yuan' | 'percent' | 'years' | 'months' | 'days' | 'count' | 'ratio';
  readonly cites: readonly string[];
}

/** What a formula sees: the subject's inputs, dated parameters, tables, other rules, and checks that explain. */
export interface RuleContext<I> {
  readonly asOf: IsoDate;
  readonly input: I;
  /** A numeric parameter in force on `asOf`. */
  num(parameterId: string): number;
  /** Any parameter in force on `asOf`. */
  param(parameterId: string): number | string | boolean;
  /** The outcome of another rule for the same subject (declared in `uses`). */
  rule(ruleId: string): Outcome;
  /** The first matching row's outputs of a decision table (or null when no row matches). */
  table(
    tableId: string,
    input: Record<string, number | string | boolean | null | undefined>,
  ): Record<string, number | string | boolean | null> | null;
  /** Compares and records the comparison as a reason (`code` from the rule's `reasons`). */
  check(code: string, left: number, op: Comparison, right: number): boolean;
  /** Records a yes/no fact as a reason. */
  fact(code: string, value: boolean): boolean;
}

/** How a 试算 form asks for one input: label, type, and the choices of an enum. */
export interface InputSpec {
  readonly label: string;
  readonly type: 'fen' | 'number' | 'integer' | 'boolean' | 'enum' | 'text';
  readonly options?: Readonly<Record<string, string>>;
  readonly unit?: string;
  readonly help?: string;
}

export type InputSpecs<I> = { readonly [K in keyof I]-?: InputSpec };

export type Formula<I, O extends Outcome> = (ctx: RuleContext<I>) => O;

export interface RuleException<I, O extends Outcome> {
  readonly label: string;
  readonly cites: readonly string[];
  readonly when: (ctx: RuleContext<I>) => boolean;
  readonly value: (ctx: RuleContext<I>) => O;
}

export interface RuleDefinition<I, O extends Outcome> {
  readonly id: string;
  readonly label: string;
  readonly entity: Entity;
  /** The clauses this rule implements. */
  readonly cites: readonly string[];
  /** Every input the rule reads, described for forms (试算) and the API. */
  readonly inputs: InputSpecs<I>;
  /** Formulas by the date they take effect; the latest one not after `as_of` applies. */
  readonly formulas: Readonly<Record<IsoDate, Formula<I, O>>>;
  /** Labelled exceptions to the base formula; two that both apply with different results are a conflict. */
  readonly exceptions?: readonly RuleException<I, O>[];
  readonly reasons?: Readonly<Record<string, ReasonDefinition>>;
  /** Other rules read through `ctx.rule` (evaluated first in batch mode). */
  readonly uses?: readonly string[];
  /** How an outcome reads for people, e.g. true → 符合低保条件. */
  describe?(outcome: O): string;
}

/** A rule of any input type, as a rulebook holds it (formulas take every input type, so `never` fits all). */
export type AnyRule = RuleDefinition<never, Outcome>;

export function defineRule<I, O extends Outcome>(rule: RuleDefinition<I, O>): RuleDefinition<I, O> {
  const dates = Object.keys(rule.formulas);
  if (dates.length === 0) throw new Error(`规则 ${rule.id} 没有公式`);
  return rule;
}

export class RuleConflictError extends Error {
  constructor(
    readonly ruleId: string,
    readonly a: { label: string; cites: readonly string[] },
    readonly b: { label: string; cites: readonly string[] },
  ) {
    super(
      `规则 ${ruleId} 的两个例外同时适用但结论不同：「${a.label}」（${a.cites.join('、')}）与「${b.label}」（${b.cites.join('、')}）`,
    );
    this.name = 'RuleConflictError';
  }
}

export class NoFormulaInForceError extends Error {
  constructor(ruleId: string, asOf: IsoDate) {
    super(`规则 ${ruleId} 在 ${asOf} 没有生效的公式`);
    this.name = 'NoFormulaInForceError';
  }
}

export function formulaAt<I, O extends Outcome>(
  rule: RuleDefinition<I, O>,
  asOf: IsoDate,
): { since: IsoDate; formula: Formula<I, O> } {
  let best: { since: IsoDate; formula: Formula<I, O> } | undefined;
  for (const [since, formula] of Object.entries(rule.formulas)) {
    if (since <= asOf && (!best || since > best.since)) best = { since, formula };
  }
  if (!best) throw new NoFormulaInForceError(rule.id, asOf);
  return best;
}
