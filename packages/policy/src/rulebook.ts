import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Rulebook } from './engine.ts';
import { loadRulebook } from './load.ts';
import { archiveRules } from './rules/archives.ts';
import { credentialRules } from './rules/credentials.ts';
import { employmentRules } from './rules/employment.ts';
import { employmentAssistanceRules } from './rules/employment-assistance.ts';
import { monitoringRules } from './rules/monitoring.ts';
import { serviceRules } from './rules/services.ts';
import { welfareRules } from './rules/welfare.ts';
import type { AnyRule } from './rules.ts';

// Found through the package, not this file's path, so the rulebook is found from a bundled server too.
const packageRoot = dirname(createRequire(import.meta.url).resolve('@qiaoti/policy/package.json'));
export const rulebookDir = join(packageRoot, 'rulebook');

/** Every rule of Qiaoti's rulebook (each typed by its own input; held together as rules of any input). */
export const allRules: readonly AnyRule[] = [
  ...archiveRules,
  ...credentialRules,
  ...employmentRules,
  ...employmentAssistanceRules,
  ...monitoringRules,
  ...welfareRules,
  ...serviceRules,
] as unknown as readonly AnyRule[];

let cached: Rulebook | undefined;

/** The county rulebook, loaded and cross-checked once per process. */
export function getRulebook(): Rulebook {
  if (!cached) {
    const rulesDir = join(packageRoot, 'src', 'rules');
    const ruleSources = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => readFileSync(join(rulesDir, f), 'utf8'));
    cached = loadRulebook({ dir: rulebookDir, rules: allRules, ruleSources });
  }
  return cached;
}
