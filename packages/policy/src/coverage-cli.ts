// `npm run policy:coverage`: clauses with no rule, rules with no case, exceptions and thresholds untested.
// Exits 1 when anything is missing, so CI fails on an incomplete rulebook.
import { join } from 'node:path';
import { loadCases } from './cases.ts';
import { computeCoverage, formatCoverage } from './coverage.ts';
import { getRulebook, rulebookDir } from './rulebook.ts';

const book = getRulebook();
const report = computeCoverage(book, loadCases(book, join(rulebookDir, 'cases')));
process.stdout.write(`${formatCoverage(report)}\n`);
process.exit(report.complete ? 0 : 1);
