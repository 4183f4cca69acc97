// npm test: every test, in one Node process (one database per process, not per test file), TZ=UTC.
// Extra arguments narrow the run: `npm test -- apps/server/src/modules/registry`.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureWebBuilt } from './start.mjs';

const root = resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);
let files = globSync(['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'], { cwd: root })
  .filter((f) => !f.includes('node_modules'))
  .sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.some((f) => f.startsWith('packages/e2e/'))) ensureWebBuilt();

const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-isolation=none',
    '--import',
    './scripts/test-teardown.ts',
    '--test-reporter=spec',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC', NODE_ENV: 'test' } },
);
process.exit(r.status ?? 1);
