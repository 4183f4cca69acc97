import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { openPlatform } from './platform.ts';

const started = Date.now();
const config = loadConfig();
const ctx = await openPlatform(config);
const demo = config.demo ? await seedDemo(ctx) : undefined;
const webRoot = resolve(fileURLToPath(import.meta.url), '../../../web/dist');
const app = await buildApp(ctx, { webRoot, logger: true });

const close = async () => {
  await app.close();
  await ctx.database.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);

await app.listen({ port: config.port, host: config.host });
const url = `http://localhost:${config.port}`;
const lines = [
  '',
  `桥梯 Qiaoti 已启动（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${url}`,
  `数据库：${ctx.database.kind === 'pglite' ? `内嵌 PGlite（${resolve(config.dataDir, 'pglite')}）` : 'PostgreSQL 服务器'}`,
  `接口文档：${url}/api/docs`,
];
if (demo) {
  lines.push('', '演示账号（仅演示模式）：', ...demo.accountLines);
}
process.stdout.write(`${lines.join('\n')}\n\n`);
