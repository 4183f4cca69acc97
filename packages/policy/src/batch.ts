import type { IsoDate } from './dates.ts';
import type { Rulebook } from './engine.ts';
import { valueAt } from './parameters.ts';
import {
  type AnyRule,
  compareValues,
  formulaAt,
  type Outcome,
  RuleConflictError,
  type RuleException,
} from './rules.ts';
import { lookup } from './tables.ts';

/**
 * Batch mode: the same formulas as explain mode, run over a whole population without building trace objects
 * (traces cost ~20× — POLICY-ENGINE.md §5). Inputs are columns; the batch evaluates one rule at a time over
 * every row (column by column: a rule's dependencies are whole outcome columns before it runs). Each rule keeps
 * an outcome column and two reason bitmask columns: which checks were evaluated and which of them held.
 *
 * Why it is fast (docs/decisions/0008-policy-batch-speed.md): for each rule a small context class and a row loop
 * are generated (`new Function`, from the rule's declared `reasons` and `uses`), so that V8 inlines the formula's
 * context calls and a call with a literal id — `ctx.check('code', …)`, `ctx.rule('…')` — folds to a constant bit
 * or one typed-array load. Parameters are resolved once per batch and read from fields. Outcomes go to typed
 * columns, which the garbage collector need not scan. Only identifiers checked against a pattern and
 * `JSON.stringify`-quoted ids enter generated code; the formulas themselves are the rule's own functions, the same
 * ones explain mode runs.
 */
export interface ColumnarInput {
  readonly length: number;
  readonly columns: Readonly<Record<string, ArrayLike<number | string | boolean | null>>>;
}

export interface BatchRuleResult {
  readonly ruleId: string;
  /** The outcomes as a plain array (built from `column` on first read). */
  readonly outcomes: Outcome[];
  /** The outcomes as typed columns, as the batch wrote them. */
  readonly column: OutcomeColumn;
  /**
   * Bit k set: the rule's k-th reason code (in `reasons` order) was evaluated for the row. As narrow as the rule's
   * reason count allows (8 bits for up to 8 codes, …); read-only.
   */
  readonly evaluated: ReasonBits;
  /** Bit k set: that check held. */
  readonly held: ReasonBits;
  /** Reason codes in bit order. */
  readonly reasonCodes: readonly string[];
}

export type ReasonBits = Uint8Array | Uint16Array | Uint32Array;

/** A reason bitmask column wide enough for `codes` reason codes. */
function reasonBits(codes: number, n: number): ReasonBits {
  return codes <= 8 ? new Uint8Array(n) : codes <= 16 ? new Uint16Array(n) : new Uint32Array(n);
}

export interface BatchResult {
  readonly asOf: IsoDate;
  readonly length: number;
  readonly results: ReadonlyMap<string, BatchRuleResult>;
}

/**
 * One rule's outcomes over a batch, in typed arrays: a number outcome in `numbers[i]` (tag 0), any other outcome
 * (true, false, null, a string) as its index in `symbols`. Typed columns cost the garbage collector nothing to
 * scan; a plain array of 350,000 outcomes per rule made GC the larger part of a batch's time.
 */
export class OutcomeColumn {
  /**
   * 0: a number, in `numbers`; 1–254: `symbols[tag]`; 255: in `overflow` (a rule with very many distinct values).
   * Allocated on the first outcome that is not a number (empty, all zero, for a rule that yields only numbers).
   */
  tags: Uint8Array = EMPTY_TAGS;
  /** Allocated on the first number outcome (empty for a rule that yields none). */
  numbers: Float64Array = EMPTY_NUMBERS;
  /** Tag → outcome; tag 0 stands for "a number". */
  readonly symbols: unknown[] = [0, true, false, null];
  readonly overflow = new Map<number, unknown>();

  constructor(readonly length: number) {}

  get(i: number): Outcome {
    const t = this.tags[i] ?? 0;
    if (t === 0) return this.numbers[i] ?? 0;
    return (t === 255 ? this.overflow.get(i) : this.symbols[t]) as Outcome;
  }

  /** The tags array, allocated on first use. */
  tagStore(): Uint8Array {
    if (this.tags.length === 0) this.tags = new Uint8Array(this.length);
    return this.tags;
  }

  /** The numbers array, allocated on first use. */
  numberStore(): Float64Array {
    if (this.numbers.length === 0) this.numbers = new Float64Array(this.length);
    return this.numbers;
  }

  /** The tag of a string (or other non-number) outcome of row `i`, interned into `symbols` on first sight. */
  tagOf(o: unknown, i: number): number {
    const s = this.symbols;
    for (let k = 4; k < s.length; k++) if (s[k] === o) return k;
    if (s.length < 255) {
      s.push(o);
      return s.length - 1;
    }
    this.overflow.set(i, o);
    return 255;
  }

  toArray(): Outcome[] {
    const out: Outcome[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }
}

const EMPTY_NUMBERS = new Float64Array(0);
const EMPTY_TAGS = new Uint8Array(0);

class RuleResult implements BatchRuleResult {
  #outcomes: Outcome[] | undefined;
  constructor(
    readonly ruleId: string,
    readonly column: OutcomeColumn,
    readonly evaluated: ReasonBits,
    readonly held: ReasonBits,
    readonly reasonCodes: readonly string[],
  ) {}
  get outcomes(): Outcome[] {
    this.#outcomes ??= this.column.toArray();
    return this.#outcomes;
  }
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
const q = (s: string) => JSON.stringify(s);

/** The row view a formula reads as `ctx.input`: `__row` selects the row, one getter per column reads it. */
interface RowView {
  __row: number;
}
type RowViewClass = new (columns: object) => RowView;
const viewCache = new Map<string, RowViewClass>();

/**
 * One class per column set: a getter per column (`get members() { return this.__c0[this.__row]; }`), so a formula
 * reads only the columns it uses, and a field load in a formula is a monomorphic getter call V8 inlines. Setting
 * `__row` is the only per-row work. Cached per column set, so repeated batches reuse optimised code.
 */
function rowViewClass(names: readonly string[]): RowViewClass {
  for (const n of names) {
    if (!IDENTIFIER.test(n) || n.startsWith('__') || n === 'constructor')
      throw new Error(`列名「${n}」不是合法标识符`);
  }
  const key = names.join(',');
  let cls = viewCache.get(key);
  if (!cls) {
    const body = [
      'return class RowView {',
      '  constructor(c) {',
      '    this.__row = 0;',
      ...names.map((n, k) => `    this.__c${k} = c[${q(n)}];`),
      '  }',
      ...names.map((n, k) => `  get ${n}() { return this.__c${k}[this.__row]; }`),
      '};',
    ];
    cls = new Function(body.join('\n'))() as RowViewClass;
    viewCache.set(key, cls);
  }
  return cls;
}

/** How many parameters a rule's context keeps in fields; a rule reading more looks the rest up in a map. */
const PARAM_SLOTS = 6;
/** An empty slot's key: no parameter id equals it. */
const EMPTY = '\u0000';

/**
 * What every generated context shares: parameter slots, the slow paths (a parameter not yet in a slot, an id the
 * rule does not declare), and tables. The generated subclass adds `num`, `param`, `rule`, `check` and `fact`.
 */
class BatchContextBase {
  ev = 0;
  hd = 0;
  // Parameter slots: key and value, numbers (for `num`) and any value (for `param`), filled from the ids this
  // rule read in earlier batches and from first reads. After inlining, a literal id costs one pointer compare
  // per slot before its own.
  nk0 = EMPTY;
  nk1 = EMPTY;
  nk2 = EMPTY;
  nk3 = EMPTY;
  nk4 = EMPTY;
  nk5 = EMPTY;
  n0 = 0;
  n1 = 0;
  n2 = 0;
  n3 = 0;
  n4 = 0;
  n5 = 0;
  ak0 = EMPTY;
  ak1 = EMPTY;
  ak2 = EMPTY;
  ak3 = EMPTY;
  ak4 = EMPTY;
  ak5 = EMPTY;
  a0: number | string | boolean = 0;
  a1: number | string | boolean = 0;
  a2: number | string | boolean = 0;
  a3: number | string | boolean = 0;
  a4: number | string | boolean = 0;
  a5: number | string | boolean = 0;
  private numSlots = 0;
  private anySlots = 0;

  constructor(
    readonly input: RowView,
    readonly asOf: IsoDate,
    readonly ruleId: string,
    readonly book: Rulebook,
    readonly params: ParamValues,
    /** Parameters this rule has read (kept across batches), so the next batch starts with them in slots. */
    readonly learned: Set<string>,
  ) {
    for (const id of learned) {
      const v = params.tryGet(id);
      if (v === undefined) continue;
      this.fillAny(id, v);
      if (typeof v === 'number') this.fillNum(id, v);
    }
  }

  private fillNum(id: string, v: number): void {
    switch (this.numSlots++) {
      case 0:
        this.nk0 = id;
        this.n0 = v;
        break;
      case 1:
        this.nk1 = id;
        this.n1 = v;
        break;
      case 2:
        this.nk2 = id;
        this.n2 = v;
        break;
      case 3:
        this.nk3 = id;
        this.n3 = v;
        break;
      case 4:
        this.nk4 = id;
        this.n4 = v;
        break;
      case 5:
        this.nk5 = id;
        this.n5 = v;
        break;
    }
  }

  private fillAny(id: string, v: number | string | boolean): void {
    switch (this.anySlots++) {
      case 0:
        this.ak0 = id;
        this.a0 = v;
        break;
      case 1:
        this.ak1 = id;
        this.a1 = v;
        break;
      case 2:
        this.ak2 = id;
        this.a2 = v;
        break;
      case 3:
        this.ak3 = id;
        this.a3 = v;
        break;
      case 4:
        this.ak4 = id;
        this.a4 = v;
        break;
      case 5:
        this.ak5 = id;
        this.a5 = v;
        break;
    }
  }

  slowParam(id: string): number | string | boolean {
    const v = this.params.get(id);
    if (!this.learned.has(id)) {
      this.learned.add(id);
      this.fillAny(id, v);
    }
    return v;
  }

  slowNum(id: string): number {
    const v = this.params.get(id);
    if (typeof v !== 'number') throw new Error(`参数 ${id} 不是数值`);
    if (!this.learned.has(id)) {
      this.learned.add(id);
      this.fillNum(id, v);
    }
    return v;
  }

  undeclared(id: string): never {
    throw new Error(`规则 ${this.ruleId} 读取了未在 uses 中声明的规则 ${id}`);
  }

  unknownCode(code: string): never {
    throw new Error(`规则 ${this.ruleId} 没有理由代码 ${code}`);
  }

  table(id: string, tableInput: Record<string, number | string | boolean | null | undefined>) {
    return lookup(this.book.table(id), tableInput)[0]?.result ?? null;
  }
}

/** Parameter values in force on the batch's date, each resolved once (an error only when a formula reads it). */
class ParamValues {
  private readonly values = new Map<string, number | string | boolean>();
  constructor(
    readonly book: Rulebook,
    readonly asOf: IsoDate,
  ) {}
  get(id: string): number | string | boolean {
    let v = this.values.get(id);
    if (v === undefined) {
      v = valueAt(this.book.parameter(id), this.asOf).value;
      this.values.set(id, v);
    }
    return v;
  }
  tryGet(id: string): number | string | boolean | undefined {
    try {
      return this.get(id);
    } catch {
      return undefined;
    }
  }
}

type ContextClass = new (...args: ConstructorParameters<typeof BatchContextBase>) => BatchContextBase;

/**
 * The generated context of one rule (made once per rule). `rule(id)` compares with the rule's declared `uses` as
 * literals, so with a literal id it folds to one typed-array read once V8 inlines it; `check`/`fact` take the bit
 * from an object of literals in the class's closure and stay small enough to be inlined at every call site.
 * Parameters are read from slots (see BatchContextBase). An undeclared id or code takes a slow path with the same
 * error as before.
 */
function contextClass(rule: AnyRule, reasonCodes: readonly string[]): ContextClass {
  const uses = rule.uses ?? [];
  const slots = (prefix: string, key: string, miss: string) =>
    [
      ...Array.from(
        { length: PARAM_SLOTS },
        (_, k) => `    if (id === this.${key}${k}) return this.${prefix}${k};`,
      ),
      `    return ${miss};`,
    ].join('\n');
  // Reason bits as an object of literals in the factory's scope: one load per check, a constant object once
  // inlined. (A chain of `code === '…'` tests measured the same but made check/fact too big to inline often.)
  const bitsLiteral = `{ ${reasonCodes.map((c, k) => `${q(c)}: ${(1 << k) >>> 0}`).join(', ')} }`;
  const bits = '    const b = B[code];\n    if (typeof b !== "number") return this.unknownCode(code);';
  const body = `const B = ${bitsLiteral};
return class extends Base {
  num(id) {
${slots('n', 'nk', 'this.slowNum(id)')}
  }
  param(id) {
${slots('a', 'ak', 'this.slowParam(id)')}
  }
  rule(id) {
${[...uses.map((id, k) => `    if (id === ${q(id)}) return this.d${k};`), '    return this.undeclared(id);'].join('\n')}
  }
  constructor(...args) {
    super(...args);
${uses.map((_, k) => `    this.d${k} = 0;`).join('\n')}
  }
  check(code, left, op, right) {
${bits}
    const r = compare(left, op, right);
    this.ev |= b;
    if (r) this.hd |= b;
    return r;
  }
  fact(code, value) {
${bits}
    this.ev |= b;
    if (value) this.hd |= b;
    return value;
  }
};`;
  return new Function('Base', 'compare', body)(BatchContextBase, compareValues) as ContextClass;
}

type Loop = (
  from: number,
  to: number,
  view: RowView,
  ctx: readonly BatchContextBase[],
  formulas: readonly unknown[],
  out: readonly OutcomeColumn[],
  ev: readonly ReasonBits[],
  hd: readonly ReasonBits[],
  exceptions: readonly (readonly unknown[])[],
  conflict: readonly ((a: number, b: number) => never)[],
) => void;

/** What the row loop needs to know of each rule: how many exceptions, whether it records reasons. */
interface LoopShape {
  readonly exceptions: number;
  readonly reasons: boolean;
  /** Where this rule's outcome of the row goes before the rules that use it run: [rule index, `uses` slot]. */
  readonly feeds: readonly (readonly [number, number])[];
}

/**
 * The row loop of a batch: one generated function per list of rules, evaluating every rule for a row before the
 * next row (dependencies first), so each input column is read while it is in cache and the loop runs once over
 * the rows, not once per rule. Each formula call site in it sees one function (monomorphic): V8 inlines the
 * formulas while its inlining budget lasts and calls the rest, each optimised on its own with its context
 * methods inlined. Measured in docs/decisions/0008 (addendum).
 */
function rowLoop(shapes: readonly LoopShape[]): Loop {
  const lines: string[] = [];
  shapes.forEach((shape, r) => {
    lines.push(
      `const f${r} = F[${r}], c${r} = C[${r}], o${r} = O[${r}], e${r} = E[${r}], h${r} = H[${r}], k${r} = K[${r}];`,
      `let tags${r} = o${r}.tags, nums${r} = o${r}.numbers;`,
    );
    for (let k = 0; k < shape.exceptions; k++) {
      lines.push(`const w${r}_${k} = X[${r}][${2 * k}], v${r}_${k} = X[${r}][${2 * k + 1}];`);
    }
  });
  lines.push('for (let i = from; i < to; i++) {', '  view.__row = i;');
  shapes.forEach((shape, r) => {
    lines.push('  {');
    if (shape.reasons) lines.push(`  c${r}.ev = 0; c${r}.hd = 0;`);
    lines.push(`  let o = f${r}(c${r});`);
    if (shape.exceptions > 0) {
      // Every exception is evaluated; two that apply with different values are a conflict (as in explain mode).
      lines.push('  let a = -1, av = null;');
      for (let k = 0; k < shape.exceptions; k++) {
        lines.push(
          `  if (w${r}_${k}(c${r})) { const v = v${r}_${k}(c${r}); if (a >= 0 && av !== v) k${r}(a, ${k}); a = ${k}; av = v; }`,
        );
      }
      lines.push('  if (a >= 0) o = av;');
    }
    // Typed outcome columns (OutcomeColumn), each array allocated on its first use; tag 0 means a number.
    lines.push(
      `  if (typeof o === 'number') { if (nums${r}.length === 0) nums${r} = o${r}.numberStore(); nums${r}[i] = o; }`,
      '  else {',
      `    if (tags${r}.length === 0) tags${r} = o${r}.tagStore();`,
      `    tags${r}[i] = o === true ? 1 : o === false ? 2 : o === null ? 3 : o${r}.tagOf(o, i);`,
      '  }',
    );
    if (shape.reasons) lines.push(`  e${r}[i] = c${r}.ev; h${r}[i] = c${r}.hd;`);
    // The rules that use this one read the row's outcome from a field of their context (`ctx.rule(id)`), not
    // from the column: a number stays a number in a field of double representation, never boxed.
    for (const [q, k] of shape.feeds) lines.push(`  c${q}.d${k} = o;`);
    lines.push('  }');
  });
  lines.push('}');
  return new Function('from', 'to', 'view', 'C', 'F', 'O', 'E', 'H', 'X', 'K', lines.join('\n')) as Loop;
}

/** Rows per call of the row loop. */
const SLICE_ROWS = 4096;

/** Per rule and formula: its context class, and the parameters it has been seen to read. */
interface RuleCode {
  readonly context: ContextClass;
  readonly learned: Set<string>;
}
const codeCache = new WeakMap<AnyRule, Map<IsoDate, RuleCode>>();

function codeFor(rule: AnyRule, since: IsoDate, reasonCodes: readonly string[]): RuleCode {
  let bySince = codeCache.get(rule);
  if (!bySince) {
    bySince = new Map();
    codeCache.set(rule, bySince);
  }
  let code = bySince.get(since);
  if (!code) {
    code = { context: contextClass(rule, reasonCodes), learned: new Set() };
    bySince.set(since, code);
  }
  return code;
}

/**
 * Row loops by the rules (and formula dates) they run, so a formula call site stays monomorphic and the next
 * batch of the same rules reuses optimised code. Bounded: a server asked for very many distinct rule lists
 * starts again rather than growing without end.
 */
const loopCache = new Map<string, Loop>();
const LOOP_CACHE_MAX = 256;

function loopFor(key: string, shapes: readonly LoopShape[]): Loop {
  let loop = loopCache.get(key);
  if (!loop) {
    if (loopCache.size >= LOOP_CACHE_MAX) loopCache.clear();
    loop = rowLoop(shapes);
    loopCache.set(key, loop);
  }
  return loop;
}

export function evaluateBatch(
  book: Rulebook,
  ruleIds: readonly string[],
  input: ColumnarInput,
  asOf: IsoDate,
): BatchResult {
  const n = input.length;
  const View = rowViewClass(Object.keys(input.columns));
  const view = new View(input.columns);
  const params = new ParamValues(book, asOf);
  const rules = ordered(book, ruleIds);
  const outcomesOf = new Map<string, OutcomeColumn>();
  for (const rule of rules) outcomesOf.set(rule.id, new OutcomeColumn(n));
  let noReasons: Uint8Array | undefined;
  const shared = (): Uint8Array => {
    noReasons ??= new Uint8Array(n);
    return noReasons;
  };

  const contexts: BatchContextBase[] = [];
  const formulas: unknown[] = [];
  const evaluated: ReasonBits[] = [];
  const held: ReasonBits[] = [];
  const exceptionFns: unknown[][] = [];
  const conflicts: ((a: number, b: number) => never)[] = [];
  const shapes: LoopShape[] = [];
  const keyParts: string[] = [];
  const reasonCodesOf: string[][] = [];
  // Rule q's k-th `uses` entry is fed by rule r: feedsOf[r] holds [q, k].
  const feedsOf = rules.map((): [number, number][] => []);
  rules.forEach((rule, q) => {
    (rule.uses ?? []).forEach((id, k) => {
      feedsOf[rules.findIndex((x) => x.id === id)]?.push([q, k]);
    });
  });
  for (const [r, rule] of rules.entries()) {
    const reasonCodes = Object.keys(rule.reasons ?? {});
    if (reasonCodes.length > 32) throw new Error(`规则 ${rule.id} 的理由代码超过 32 个`);
    const { since, formula } = formulaAt(rule, asOf);
    const code = codeFor(rule, since, reasonCodes);
    contexts.push(new code.context(view, asOf, rule.id, book, params, code.learned));
    formulas.push(formula);
    // A rule without reasons never sets a bit: it shares one all-zero array for both (read-only by contract).
    evaluated.push(reasonCodes.length > 0 ? reasonBits(reasonCodes.length, n) : shared());
    held.push(reasonCodes.length > 0 ? reasonBits(reasonCodes.length, n) : shared());
    const exceptions: RuleException<never, Outcome>[] = [...(rule.exceptions ?? [])];
    exceptionFns.push(exceptions.flatMap((ex) => [ex.when, ex.value]));
    conflicts.push((a: number, b: number): never => {
      throw new RuleConflictError(
        rule.id,
        exceptions[a] as RuleException<never, Outcome>,
        exceptions[b] as RuleException<never, Outcome>,
      );
    });
    shapes.push({ exceptions: exceptions.length, reasons: reasonCodes.length > 0, feeds: feedsOf[r] ?? [] });
    keyParts.push(`${rule.id}@${since}`);
    reasonCodesOf.push(reasonCodes);
  }
  const loop = loopFor(keyParts.join('|'), shapes);
  const columns = rules.map((r) => outcomesOf.get(r.id) as OutcomeColumn);
  // In slices: the loop is then called often enough for V8 to optimise it as a whole function, reused by the
  // next batch; one call per batch ran mostly in on-stack-replacement code, compiled again every batch.
  for (let from = 0; from < n; from += SLICE_ROWS) {
    loop(
      from,
      Math.min(n, from + SLICE_ROWS),
      view,
      contexts,
      formulas,
      columns,
      evaluated,
      held,
      exceptionFns,
      conflicts,
    );
  }
  const results = new Map<string, BatchRuleResult>();
  rules.forEach((rule, r) => {
    results.set(
      rule.id,
      new RuleResult(
        rule.id,
        columns[r] as OutcomeColumn,
        evaluated[r] as ReasonBits,
        held[r] as ReasonBits,
        reasonCodesOf[r] as string[],
      ),
    );
  });
  return { asOf, length: n, results };
}
