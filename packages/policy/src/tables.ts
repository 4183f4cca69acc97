import { z } from 'zod';

/**
 * Decision tables in YAML for lookups. Cells use a small syntax compiled once into predicates:
 *   `-` any · `"技师"` or `技师` equals · `<780` `<=` `>` `>=` · `[3..5]` inclusive range · `a|b|c` one of · `true`/`false`.
 * Hit policy `unique` (the default) checks at load that no two rows can match the same input; `first` and
 * `collect` must be declared. Every row cites at least one clause.
 */
const ZRow = z
  .object({
    when: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    cites: z.array(z.string()).min(1, '每一行都须引用条款'),
    note: z.string().optional(),
  })
  .strict();

export const ZTableSource = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/),
    label: z.string().min(1),
    hit_policy: z.enum(['unique', 'first', 'collect']).default('unique'),
    inputs: z.record(
      z.string(),
      z.object({ label: z.string(), type: z.enum(['number', 'string', 'boolean']) }).strict(),
    ),
    outputs: z.record(z.string(), z.object({ label: z.string() }).strict()),
    rows: z.array(ZRow).min(1),
  })
  .strict();

export type TableSource = z.infer<typeof ZTableSource>;
type Scalar = string | number | boolean;
type CellValue = Scalar | null;

/** A cell as a set: used both to test a value and to decide whether two rows can overlap. */
type Cell =
  | { kind: 'any' }
  | { kind: 'set'; values: readonly Scalar[] }
  | { kind: 'range'; lo: number; loOpen: boolean; hi: number; hiOpen: boolean };

export interface TableRow {
  readonly index: number;
  readonly when: Readonly<Record<string, Cell>>;
  readonly whenText: Readonly<Record<string, string>>;
  readonly result: Readonly<Record<string, CellValue>>;
  readonly cites: readonly string[];
}

export interface DecisionTable {
  readonly id: string;
  readonly label: string;
  readonly hitPolicy: 'unique' | 'first' | 'collect';
  readonly inputs: TableSource['inputs'];
  readonly outputs: TableSource['outputs'];
  readonly rows: readonly TableRow[];
}

export function parseCell(raw: Scalar, type: 'number' | 'string' | 'boolean'): Cell {
  if (typeof raw === 'boolean' || typeof raw === 'number') return { kind: 'set', values: [raw] };
  const s = raw.trim();
  if (s === '-' || s === '') return { kind: 'any' };
  if (type === 'number') {
    const range = /^\[\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*\]$/.exec(s);
    if (range)
      return { kind: 'range', lo: Number(range[1]), loOpen: false, hi: Number(range[2]), hiOpen: false };
    const cmp = /^(<=|>=|<|>)\s*(-?[\d.]+)$/.exec(s);
    if (cmp) {
      const n = Number(cmp[2]);
      switch (cmp[1]) {
        case '<':
          return { kind: 'range', lo: -Infinity, loOpen: true, hi: n, hiOpen: true };
        case '<=':
          return { kind: 'range', lo: -Infinity, loOpen: true, hi: n, hiOpen: false };
        case '>':
          return { kind: 'range', lo: n, loOpen: true, hi: Infinity, hiOpen: true };
        default:
          return { kind: 'range', lo: n, loOpen: false, hi: Infinity, hiOpen: true };
      }
    }
    const values = s.split('|').map((x) => Number(x.trim()));
    if (values.some((v) => Number.isNaN(v))) throw new Error(`无法解析的数值单元格「${s}」`);
    return { kind: 'set', values };
  }
  if (type === 'boolean') {
    if (s !== 'true' && s !== 'false') throw new Error(`布尔单元格只能是 true 或 false，实际为「${s}」`);
    return { kind: 'set', values: [s === 'true'] };
  }
  return { kind: 'set', values: s.split('|').map((x) => x.trim().replace(/^"(.*)"$/, '$1')) };
}

function cellMatches(cell: Cell, v: Scalar | null | undefined): boolean {
  if (cell.kind === 'any') return true;
  if (v === null || v === undefined) return false;
  if (cell.kind === 'set') return cell.values.includes(v);
  if (typeof v !== 'number') return false;
  const aboveLo = cell.loOpen ? v > cell.lo : v >= cell.lo;
  const belowHi = cell.hiOpen ? v < cell.hi : v <= cell.hi;
  return aboveLo && belowHi;
}

function cellsIntersect(a: Cell, b: Cell): boolean {
  if (a.kind === 'any' || b.kind === 'any') return true;
  if (a.kind === 'set' && b.kind === 'set') return a.values.some((v) => b.values.includes(v));
  if (a.kind === 'set') return a.values.some((v) => cellMatches(b, v));
  if (b.kind === 'set') return b.values.some((v) => cellMatches(a, v));
  // Two ranges: they intersect unless one ends before the other starts.
  const aEndsBeforeB = a.hi < b.lo || (a.hi === b.lo && (a.hiOpen || b.loOpen));
  const bEndsBeforeA = b.hi < a.lo || (b.hi === a.lo && (b.hiOpen || a.loOpen));
  return !(aEndsBeforeB || bEndsBeforeA);
}

export class TableOverlapError extends Error {
  constructor(tableId: string, a: number, b: number) {
    super(
      `决策表 ${tableId} 的第 ${a + 1} 行与第 ${b + 1} 行可能同时命中（唯一命中策略），请修改条件或声明 first/collect`,
    );
    this.name = 'TableOverlapError';
  }
}

export function compileTable(source: TableSource): DecisionTable {
  const inputNames = Object.keys(source.inputs);
  const rows: TableRow[] = source.rows.map((r, index) => {
    for (const k of Object.keys(r.when)) {
      if (!source.inputs[k]) throw new Error(`决策表 ${source.id} 第 ${index + 1} 行使用了未声明的输入 ${k}`);
    }
    for (const k of Object.keys(r.result)) {
      if (!source.outputs[k])
        throw new Error(`决策表 ${source.id} 第 ${index + 1} 行使用了未声明的输出 ${k}`);
    }
    const when: Record<string, Cell> = {};
    const whenText: Record<string, string> = {};
    for (const name of inputNames) {
      const raw = r.when[name] ?? '-';
      when[name] = parseCell(raw, source.inputs[name]!.type);
      whenText[name] = String(raw);
    }
    return { index, when, whenText, result: r.result, cites: r.cites };
  });
  if (source.hit_policy === 'unique') {
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        if (inputNames.every((n) => cellsIntersect(rows[i]!.when[n]!, rows[j]!.when[n]!))) {
          throw new TableOverlapError(source.id, i, j);
        }
      }
    }
  }
  return {
    id: source.id,
    label: source.label,
    hitPolicy: source.hit_policy,
    inputs: source.inputs,
    outputs: source.outputs,
    rows,
  };
}

/** The matching rows: at most one for `unique` and `first`, every match for `collect`. */
export function lookup(
  table: DecisionTable,
  input: Readonly<Record<string, Scalar | null | undefined>>,
): TableRow[] {
  const out: TableRow[] = [];
  for (const row of table.rows) {
    let ok = true;
    for (const name in row.when) {
      if (!cellMatches(row.when[name]!, input[name])) {
        ok = false;
        break;
      }
    }
    if (ok) {
      out.push(row);
      if (table.hitPolicy !== 'collect') break;
    }
  }
  return out;
}
