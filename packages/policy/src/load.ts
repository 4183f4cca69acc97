import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ClauseRegistry, ZDocumentSource } from './documents.ts';
import { Rulebook } from './engine.ts';
import { compileParameter, type Parameter, ZParameterSource } from './parameters.ts';
import type { AnyRule } from './rules.ts';
import { compileTable, type DecisionTable, ZTableSource } from './tables.ts';

export interface RulebookSources {
  /** Folder with documents/, parameters/ and tables/ of YAML files. */
  readonly dir: string;
  readonly rules: readonly AnyRule[];
  /** Extra text folded into the version hash (e.g. the rule modules' source). */
  readonly ruleSources?: readonly string[];
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function parseStrict<T extends z.ZodType>(schema: T, file: string, text: string): z.infer<T> {
  const result = schema.safeParse(parse(text));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(根)'}：${i.message}`);
    throw new Error(`规则库文件 ${file} 不符合格式：\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Loads, validates and cross-checks a rulebook: every citation must name a registered clause. */
export function loadRulebook(sources: RulebookSources): Rulebook {
  const hash = createHash('sha256');
  const clauses = new ClauseRegistry();
  const parameters = new Map<string, Parameter>();
  const tables = new Map<string, DecisionTable>();
  const rules = new Map<string, AnyRule>();
  const citations: { where: string; cites: readonly string[] }[] = [];

  for (const file of yamlFiles(join(sources.dir, 'documents'))) {
    const text = readFileSync(file, 'utf8');
    hash.update(text);
    clauses.add(parseStrict(ZDocumentSource, file, text));
  }
  for (const file of yamlFiles(join(sources.dir, 'parameters'))) {
    const text = readFileSync(file, 'utf8');
    hash.update(text);
    const p = compileParameter(parseStrict(ZParameterSource, file, text));
    if (parameters.has(p.id)) throw new Error(`参数 ${p.id} 重复定义`);
    parameters.set(p.id, p);
    for (const h of p.history)
      if (h.value) citations.push({ where: `参数 ${p.id}@${h.since}`, cites: h.value.cites });
  }
  for (const file of yamlFiles(join(sources.dir, 'tables'))) {
    const text = readFileSync(file, 'utf8');
    hash.update(text);
    const t = compileTable(parseStrict(ZTableSource, file, text));
    if (tables.has(t.id)) throw new Error(`决策表 ${t.id} 重复定义`);
    tables.set(t.id, t);
    for (const r of t.rows) citations.push({ where: `决策表 ${t.id} 第 ${r.index + 1} 行`, cites: r.cites });
  }
  for (const rule of sources.rules) {
    if (rules.has(rule.id)) throw new Error(`规则 ${rule.id} 重复定义`);
    rules.set(rule.id, rule);
    citations.push({ where: `规则 ${rule.id}`, cites: rule.cites });
    for (const ex of rule.exceptions ?? [])
      citations.push({ where: `规则 ${rule.id} 例外「${ex.label}」`, cites: ex.cites });
    for (const [code, r] of Object.entries(rule.reasons ?? {})) {
      citations.push({ where: `规则 ${rule.id} 理由 ${code}`, cites: r.cites });
    }
  }
  for (const rule of rules.values()) {
    for (const dep of rule.uses ?? []) {
      if (!rules.has(dep)) throw new Error(`规则 ${rule.id} 依赖的规则 ${dep} 不存在`);
    }
  }
  const missing = citations.flatMap((c) =>
    c.cites.filter((id) => !clauses.clauses.has(id)).map((id) => `${c.where} → ${id}`),
  );
  if (missing.length) throw new Error(`规则库引用了未登记的条款：\n  ${missing.join('\n  ')}`);
  for (const s of sources.ruleSources ?? []) hash.update(s);
  return new Rulebook(clauses, parameters, tables, rules, hash.digest('hex').slice(0, 16));
}
