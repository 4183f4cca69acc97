import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured figure: its value, unit, and the target it is judged against (where the issue sets one). */
export interface Figure {
  value: number;
  unit: string;
  target?: number;
  /** 'min': higher is better (rows/s); 'max': lower is better (seconds, ms). */
  direction?: 'min' | 'max';
}

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../results');

/**
 * Prints a table for people and writes the same figures as JSON to bench/results/<name>.json:
 * `{"benchmark", "at", "node", "figures": {"<figure>": {"value", "unit", "target"}}}`.
 */
export function writeResults(name: string, figures: Record<string, Figure>): string {
  const rows = Object.entries(figures).map(([k, f]) => {
    const met =
      f.target === undefined
        ? ''
        : (f.direction ?? 'min') === 'min'
          ? f.value >= f.target
          : f.value <= f.target;
    return {
      figure: k,
      value: Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 3 : 1),
      unit: f.unit,
      target: f.target === undefined ? '—' : `${(f.direction ?? 'min') === 'min' ? '≥' : '≤'} ${f.target}`,
      met: met === '' ? '' : met ? '✔' : '✖',
    };
  });
  const widths = ['figure', 'value', 'unit', 'target', 'met'].map((c) =>
    Math.max(c.length, ...rows.map((r) => String(r[c as keyof typeof r]).length)),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const out = [
    `benchmark ${name} · node ${process.version}`,
    line(['figure', 'value', 'unit', 'target', 'met']),
    ...rows.map((r) => line([r.figure, r.value, r.unit, r.target, r.met])),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  mkdirSync(resultsDir, { recursive: true });
  const file = resolve(resultsDir, `${name}.json`);
  const json = {
    benchmark: name,
    at: new Date().toISOString(),
    node: process.version,
    figures: Object.fromEntries(
      Object.entries(figures).map(([k, f]) => [
        k,
        { value: f.value, unit: f.unit, ...(f.target === undefined ? {} : { target: f.target }) },
      ]),
    ),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return file;
}
