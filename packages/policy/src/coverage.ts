import { type CaseResult, type PolicyCase, runCase, traceCites } from './cases.ts';
import type { Rulebook, TraceNode } from './engine.ts';

export interface CoverageReport {
  readonly clauses: number;
  readonly rules: number;
  readonly cases: number;
  /** Registered clauses no rule, parameter value, table row or reason cites. */
  readonly clausesWithoutRule: readonly string[];
  /** Clauses some rule cites but no case's explanation ever reaches. */
  readonly clausesNotExercised: readonly string[];
  readonly rulesWithoutCase: readonly string[];
  /** Labelled exceptions no case applies. */
  readonly exceptionsNotExercised: readonly string[];
  readonly thresholdsWithoutBoundary: readonly string[];
  readonly failingCases: readonly { name: string; problems: readonly string[] }[];
  readonly complete: boolean;
}

function collectExceptions(node: TraceNode, into: Set<string>): void {
  if (node.exceptionApplied) into.add(`${node.ruleId}「${node.exceptionApplied.label}」`);
  for (const d of node.dependencies) collectExceptions(d, into);
}

/** What the rulebook covers: clauses → rules → cases, exceptions and threshold boundaries. */
export function computeCoverage(book: Rulebook, cases: readonly PolicyCase[]): CoverageReport {
  const cited = new Set<string>();
  for (const p of book.parameters.values())
    for (const h of p.history) for (const c of h.value?.cites ?? []) cited.add(c);
  for (const t of book.tables.values()) for (const r of t.rows) for (const c of r.cites) cited.add(c);
  const allExceptions = new Set<string>();
  for (const r of book.rules.values()) {
    for (const c of r.cites) cited.add(c);
    for (const reason of Object.values(r.reasons ?? {})) for (const c of reason.cites) cited.add(c);
    for (const ex of r.exceptions ?? []) {
      for (const c of ex.cites) cited.add(c);
      allExceptions.add(`${r.id}「${ex.label}」`);
    }
  }
  const exercised = new Set<string>();
  const exercisedExceptions = new Set<string>();
  const rulesWithCase = new Set<string>();
  const boundaryParams = new Set<string>();
  const failingCases: { name: string; problems: readonly string[] }[] = [];
  for (const c of cases) {
    rulesWithCase.add(c.rule);
    if (c.boundaryOf) boundaryParams.add(c.boundaryOf);
    const result: CaseResult = runCase(book, c);
    if (!result.ok) failingCases.push({ name: `${c.rule} · ${c.name}`, problems: result.problems });
    const e = book.explain(c.rule, c.input, c.asOf);
    for (const id of traceCites(e.trace)) exercised.add(id);
    collectExceptions(e.trace, exercisedExceptions);
  }
  const clauseIds = [...book.clauses.clauses.keys()];
  const report = {
    clauses: clauseIds.length,
    rules: book.rules.size,
    cases: cases.length,
    clausesWithoutRule: clauseIds.filter((c) => !cited.has(c)),
    clausesNotExercised: [...cited].filter((c) => !exercised.has(c)).sort(),
    rulesWithoutCase: [...book.rules.keys()].filter((r) => !rulesWithCase.has(r)),
    exceptionsNotExercised: [...allExceptions].filter((x) => !exercisedExceptions.has(x)),
    thresholdsWithoutBoundary: [...book.parameters.values()]
      .filter((p) => p.threshold && !boundaryParams.has(p.id))
      .map((p) => p.id),
    failingCases,
  };
  const complete =
    report.clausesWithoutRule.length === 0 &&
    report.clausesNotExercised.length === 0 &&
    report.rulesWithoutCase.length === 0 &&
    report.exceptionsNotExercised.length === 0 &&
    report.thresholdsWithoutBoundary.length === 0 &&
    report.failingCases.length === 0;
  return { ...report, complete };
}

export function formatCoverage(r: CoverageReport): string {
  const lines = [
    `规则库覆盖情况：条款 ${r.clauses} 条 · 规则 ${r.rules} 条 · 用例 ${r.cases} 个（含边界用例）`,
  ];
  const section = (title: string, items: readonly string[]) => {
    lines.push(`${items.length === 0 ? '✔' : '✖'} ${title}：${items.length === 0 ? '无' : items.length}`);
    for (const i of items) lines.push(`    ${i}`);
  };
  section('没有任何规则引用的条款', r.clausesWithoutRule);
  section('被引用但没有用例走到的条款', r.clausesNotExercised);
  section('没有用例的规则', r.rulesWithoutCase);
  section('没有用例适用的例外', r.exceptionsNotExercised);
  section('没有边界用例的阈值参数', r.thresholdsWithoutBoundary);
  section(
    '未通过的用例',
    r.failingCases.map((f) => `${f.name}：${f.problems.join('；')}`),
  );
  lines.push(r.complete ? '覆盖完整。' : '覆盖不完整：请为以上各项补充规则或用例。');
  return lines.join('\n');
}
