import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { evaluateBatch } from './batch.ts';
import type { Rulebook, TraceNode } from './engine.ts';
import { valueAt } from './parameters.ts';
import type { Outcome } from './rules.ts';

/**
 * Cases as tests (OpenFisca-style): `as_of`, input, expected output and expected clauses, plus boundary specs from
 * which three cases are generated for a threshold parameter (just below, at, just above its value on `as_of`).
 */
const ZScalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const ZCase = z
  .object({
    name: z.string(),
    as_of: z.string(),
    input: z.record(z.string(), ZScalar),
    output: ZScalar,
    cites: z.array(z.string()).default([]),
  })
  .strict();
const ZBoundary = z
  .object({
    parameter: z.string(),
    as_of: z.string(),
    input: z.record(z.string(), ZScalar),
    /** The input field compared with the parameter. */
    field: z.string(),
    /** How the parameter's value maps onto the field: field = value × scale (default 1). */
    scale: z.number().default(1),
    /** The smallest step of the field (1 fen, 0.1 %…). */
    step: z.number().positive().default(1),
    expect: z.object({ below: ZScalar, at: ZScalar, above: ZScalar }).strict(),
  })
  .strict();
export const ZCaseFile = z
  .object({
    rule: z.string(),
    /** Input values shared by every case and boundary of the file; each case overrides what it names. */
    defaults: z.record(z.string(), ZScalar).default({}),
    cases: z.array(ZCase).default([]),
    boundaries: z.array(ZBoundary).default([]),
  })
  .strict();

export interface PolicyCase {
  readonly file: string;
  readonly rule: string;
  readonly name: string;
  readonly asOf: string;
  readonly input: Record<string, string | number | boolean | null>;
  readonly output: Outcome;
  readonly cites: readonly string[];
  /** For a generated boundary case, the parameter it probes. */
  readonly boundaryOf?: string;
}

export function loadCases(book: Rulebook, dir: string): PolicyCase[] {
  const out: PolicyCase[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()) {
    const file = join(dir, f);
    const parsed = ZCaseFile.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `用例文件 ${file} 格式错误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`,
      );
    }
    const spec = parsed.data;
    book.rule(spec.rule);
    for (const c of spec.cases) {
      out.push({
        file,
        rule: spec.rule,
        name: c.name,
        asOf: c.as_of,
        input: { ...spec.defaults, ...c.input },
        output: c.output,
        cites: c.cites,
      });
    }
    for (const b of spec.boundaries) {
      const v = valueAt(book.parameter(b.parameter), b.as_of).value;
      if (typeof v !== 'number') throw new Error(`${file}：边界参数 ${b.parameter} 不是数值`);
      const at = Math.round(v * b.scale * 1e6) / 1e6;
      const points = [
        ['below', Math.round((at - b.step) * 1e6) / 1e6],
        ['at', at],
        ['above', Math.round((at + b.step) * 1e6) / 1e6],
      ] as const;
      for (const [where, value] of points) {
        out.push({
          file,
          rule: spec.rule,
          name: `边界 ${b.parameter} ${where === 'below' ? '略低于' : where === 'at' ? '等于' : '略高于'}（${b.field}=${value}）`,
          asOf: b.as_of,
          input: { ...spec.defaults, ...b.input, [b.field]: value },
          output: b.expect[where],
          cites: [],
          boundaryOf: b.parameter,
        });
      }
    }
  }
  return out;
}

export function traceCites(node: TraceNode): Set<string> {
  const all = new Set<string>(node.cites);
  for (const c of node.checks) for (const x of c.cites) all.add(x);
  for (const p of node.parameters) for (const x of p.cites) all.add(x);
  for (const t of node.tables) for (const x of t.cites) all.add(x);
  if (node.exceptionApplied) for (const x of node.exceptionApplied.cites) all.add(x);
  for (const d of node.dependencies) for (const x of traceCites(d)) all.add(x);
  return all;
}

export interface CaseResult {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** Runs a case in explain mode and in batch mode (one code path: both must agree with the expectation). */
export function runCase(book: Rulebook, c: PolicyCase): CaseResult {
  const problems: string[] = [];
  const declared = book.rule(c.rule).inputs as Readonly<Record<string, unknown>>;
  for (const k of Object.keys(c.input))
    if (!(k in declared)) problems.push(`输入项 ${k} 未在规则的 inputs 中声明`);
  const explained = book.explain(c.rule, c.input, c.asOf);
  if (explained.outcome !== c.output) {
    problems.push(`解释模式结果 ${String(explained.outcome)}，期望 ${String(c.output)}`);
  }
  const columns = Object.fromEntries(Object.entries(c.input).map(([k, v]) => [k, [v]]));
  const batch = evaluateBatch(book, [c.rule], { length: 1, columns }, c.asOf);
  const batchOutcome = batch.results.get(c.rule)?.outcomes[0];
  if (batchOutcome !== c.output)
    problems.push(`批量模式结果 ${String(batchOutcome)}，期望 ${String(c.output)}`);
  const cited = traceCites(explained.trace);
  for (const want of c.cites) if (!cited.has(want)) problems.push(`解释中缺少条款 ${want}`);
  return { ok: problems.length === 0, problems };
}
