// `npm run bench:import`: generate a 100,000-person county sheet (.xlsx, ~35,000 households over the real villages,
// from the synthetic generator), import it through the import job on a fresh PGlite database and — when DATABASE_URL
// is set — on a fresh database of that PostgreSQL server. Prints rows/s and peak memory; writes bench/results/import.json.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  educationLevels,
  householdRelations,
  hukouKinds,
  importJobKind,
  permissionsOf,
} from '@qiaoti/contracts';
import {
  createPiiCrypto,
  type Database,
  migrateToLatest,
  openDatabase,
  openScratchDatabase,
} from '@qiaoti/db';
import { generateCounty } from '@qiaoti/db/generator/index';
import { seedReferenceData } from '@qiaoti/db/seed/reference';
import type { Actor } from '@qiaoti/server/actor';
import { loadConfig } from '@qiaoti/server/config';
import type { AppContext } from '@qiaoti/server/context';
import { runImportJob, startImport } from '@qiaoti/server/modules/imports/imports.service';
import { JobRunner } from '@qiaoti/server/modules/jobs/jobs.runner';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { benchGenerate1m } from './generate.bench.ts';
import { type Figure, writeResults } from './results.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const work = mkdtempSync(join(tmpdir(), 'qiaoti-bench-import-'));
const say = (s: string) => process.stderr.write(`${s}\n`);

// ── The sheet ───────────────────────────────────────────────────────────────────────────────────────────────────
const sheetFile = join(work, 'county.xlsx');
let t0 = performance.now();
const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
  filename: sheetFile,
  useSharedStrings: false,
  useStyles: true,
});
const ws = writer.addWorksheet('人员');
ws.columns = [
  { header: '姓名', width: 10 },
  { header: '身份证号', width: 22, style: { numFmt: '@' } },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12 },
  { header: '联系电话', width: 14, style: { numFmt: '@' } },
  { header: '户口性质', width: 10 },
  { header: '居住村(社区)代码', width: 16, style: { numFmt: '@' } },
  { header: '户号', width: 20, style: { numFmt: '@' } },
  { header: '与户主关系', width: 10 },
  { header: '文化程度', width: 10 },
];
let households = 0;
let persons = 0;
// A fresh ID block per run would not matter here (fresh databases); block 7 keeps clear of the demo's 9.
for (const h of generateCounty({ seed: 'bench-import', persons: PERSONS, idBlock: 7 })) {
  households++;
  for (const p of h.members) {
    persons++;
    ws.addRow([
      p.name,
      p.idNumber,
      p.gender === 'M' ? '男' : '女',
      p.birthDate,
      p.phone ?? '',
      hukouKinds[p.hukouKind],
      p.residenceVillageCode,
      h.householdNumber,
      householdRelations[p.relation],
      p.education ? educationLevels[p.education] : '',
    ]).commit();
  }
}
await ws.commit();
await writer.commit();
const generateS = (performance.now() - t0) / 1000;
say(
  `生成 ${persons} 人 / ${households} 户的 .xlsx：${generateS.toFixed(1)} 秒，${(statSync(sheetFile).size / 1e6).toFixed(1)} MB`,
);

// ── Encryption, the hot path, on its own ────────────────────────────────────────────────────────────────────────
const pii = createPiiCrypto(randomBytes(32).toString('hex'));
t0 = performance.now();
for (let i = 0; i < 20_000; i++) {
  pii.encrypt('41012219900501123X');
  pii.blindIndex('id_number', '41012219900501123X');
}
const cryptoUsPerRow = ((performance.now() - t0) * 1000) / 20_000;
say(`每行加密 + 盲索引：${cryptoUsPerRow.toFixed(1)} µs`);

// ── The import ──────────────────────────────────────────────────────────────────────────────────────────────────
async function importOn(
  database: Database,
  label: string,
  url?: string,
): Promise<{ rowsPerS: number; rowsPerCpuS: number; peakRssMb: number }> {
  await migrateToLatest(database.db as Kysely<unknown>);
  await seedReferenceData(database.db);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', QIAOTI_DEMO: '0', DATABASE_URL: url });
  const ctx: AppContext = { config, database, pii, clock: () => new Date() };
  const runner = new JobRunner(ctx, { pollingIntervalSeconds: 0.5 });
  await runner.define(importJobKind, runImportJob);
  await runner.start();
  const account = await database.db
    .insertInto('accounts')
    .values({ username: 'bench', displayName: '基准测试', passwordHash: 'x', roles: ['employment_officer'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    accountId: account.id,
    username: 'bench',
    roles: ['employment_officer'],
    permissions: permissionsOf(['employment_officer']),
    organisationId: null,
    organisationDuties: [],
    organisationKind: null,
    villageCode: null,
    personId: null,
    ip: null,
    requestId: null,
  };
  const content = readFileSync(sheetFile);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let lastPrint = 0;
  const ended = new Promise<string>((resolve) => runner.on('end', (_id, status) => resolve(status)));
  runner.on('progress', (_id, done, total) => {
    const now = performance.now();
    if (now - lastPrint < 250 && done !== total) return;
    lastPrint = now;
    const s = (now - started) / 1000;
    process.stderr.write(
      `\r${label} 导入中 ${total ? Math.floor((done / total) * 100) : 0}% ${done}/${total ?? '?'} 行 · ${Math.round(done / s)} 行/秒   `,
    );
  });
  const { jobId } = await startImport(runner, actor, { fileName: 'county.xlsx', content });
  const status = await ended;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  process.stderr.write('\n');
  const job = await database.db
    .selectFrom('jobs')
    .select(['result', 'error'])
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  await runner.stop();
  if (status !== 'succeeded') throw new Error(`${label} 导入失败：${job.error}`);
  const result = job.result as {
    rowsImported: number;
    rowsRejected: number;
    householdsImported: number;
    timingsMs?: Record<string, number>;
  };
  const landed = await database.db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  say(
    `${label}：${result.rowsImported} 行导入，${result.rowsRejected} 行拒绝，${result.householdsImported} 户；库中 ${Number(landed.n)} 人；${seconds.toFixed(1)} 秒`,
  );
  if (result.rowsRejected > 0) {
    const reasons = await database.db
      .selectFrom('jobRowErrors')
      .select(['reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('jobId', '=', jobId)
      .groupBy('reason')
      .orderBy('n', 'desc')
      .limit(5)
      .execute();
    for (const r of reasons) say(`  拒绝 ${Number(r.n)} 行：${r.reason}`);
  }
  if (result.rowsImported !== persons)
    throw new Error(`${label}：应导入 ${persons} 行，实际 ${result.rowsImported}`);
  say(
    `  用时（毫秒）：${JSON.stringify(result.timingsMs)}；本进程 CPU ${cpuSeconds.toFixed(1)} 秒；负载 ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  return { rowsPerS: persons / seconds, rowsPerCpuS: persons / cpuSeconds, peakRssMb: peak / 1024 / 1024 };
}

const figures: Record<string, Figure> = {};
const pglite = await openDatabase({ dataDir: join(work, 'pglite') });
try {
  const r = await importOn(pglite, 'PGlite');
  figures.import_rows_per_s_pglite = {
    value: Math.round(r.rowsPerS),
    unit: 'rows/s',
    target: 5000,
    direction: 'min',
  };
  figures.import_peak_rss_mb = { value: Math.round(r.peakRssMb), unit: 'MB', target: 1024, direction: 'max' };
  // Rows per second of this process's CPU time: what wall-clock rows/s would be on an otherwise idle machine.
  figures.import_rows_per_cpu_s_pglite = { value: Math.round(r.rowsPerCpuS), unit: 'rows/cpu-s' };
} finally {
  await pglite.close();
}

const url = process.env.DATABASE_URL;
if (url) {
  const server = await openScratchDatabase(url, `qiaoti_bench_import_${process.pid}`);
  try {
    const r = await importOn(server, 'PostgreSQL', server.url);
    figures.import_rows_per_s_postgres = {
      value: Math.round(r.rowsPerS),
      unit: 'rows/s',
      target: 5000,
      direction: 'min',
    };
    const prior = figures.import_peak_rss_mb?.value ?? 0;
    figures.import_peak_rss_mb = {
      value: Math.max(prior, Math.round(r.peakRssMb)),
      unit: 'MB',
      target: 1024,
      direction: 'max',
    };
  } finally {
    await server.close();
  }
}
// The generator's own figure, measured by its benchmark's function (issue 2 §15 lists it in import.json).
if (process.env.BENCH_SKIP_GENERATE !== '1') {
  say('生成 1,000,000 人（仅内存）…');
  figures.generate_1m_s = {
    value: Number((await benchGenerate1m()).toFixed(1)),
    unit: 's',
    target: 120,
    direction: 'max',
  };
}
figures.import_sheet_generate_s = { value: Number(generateS.toFixed(1)), unit: 's' };
figures.import_crypto_us_per_row = { value: Number(cryptoUsPerRow.toFixed(1)), unit: 'µs' };

writeResults('import', figures);
rmSync(work, { recursive: true, force: true });
