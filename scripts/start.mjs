// npm start: build the web console when its sources are newer than the build, then run the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const web = join(root, 'apps/web');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureWebBuilt() {
  if (!existsSync(join(web, 'package.json')) || !existsSync(join(web, 'index.html'))) return;
  const built = join(web, 'dist/index.html');
  const stale = !existsSync(built) || newest(join(web, 'src')) > statSync(built).mtimeMs;
  if (!stale) return;
  process.stdout.write('正在构建网页控制台……\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@qiaoti/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] === import.meta.filename) {
  ensureWebBuilt();
  const { ensureServerBuilt } = await import('./build-server.mjs');
  const server = await ensureServerBuilt();
  const r = spawnSync(process.execPath, ['--enable-source-maps', server], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 0);
}
