import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCases, runCase } from './cases.ts';
import { getRulebook, rulebookDir } from './rulebook.ts';

const book = getRulebook();
const cases = loadCases(book, join(rulebookDir, 'cases'));

describe('rulebook cases (explain and batch mode)', () => {
  for (const c of cases) {
    it(`${c.rule} · ${c.name}`, () => {
      const r = runCase(book, c);
      assert.ok(r.ok, r.problems.join('；'));
    });
  }
});

describe('rulebook coverage', () => {
  it('cites every clause, exercises every cited clause, and has cases for every rule, exception and threshold', async () => {
    const { computeCoverage, formatCoverage } = await import('./coverage.ts');
    const report = computeCoverage(book, cases);
    assert.ok(report.complete, formatCoverage(report));
  });
});
