// The synthetic county generator's benchmark. `benchGenerate1m()` is what `npm run bench:import` calls for its
// `generate_1m_s` figure; run this file on its own for the fuller picture (written to bench/results/generate.json):
//
//   node --import tsx bench/src/generate.bench.ts          (BENCH_WRITE_PERSONS=20000 sets the database slice)
//
// Figures: 1,000,000 persons generated in memory (target ≤ 120 s on a 2-core machine), persons/s of generation,
// pii.encrypt and pii.blindIndex per second (SM4-CBC + HMAC-SM3 — what dominates writing), and persons/s of the
// database writer on a fresh PGlite (and on PostgreSQL when DATABASE_URL is set).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createPiiCrypto,
  type Database,
  migrateToLatest,
  openDatabase,
  openScratchDatabase,
} from '@qiaoti/db';
import { generateCounty, writeCounty } from '@qiaoti/db/generator/index';
import { seedReferenceData } from '@qiaoti/db/seed/reference';
import type { Kysely } from 'kysely';
import { type Figure, writeResults } from './results.ts';

const say = (s: string) => process.stderr.write(`${s}\n`);

/** Generates 1,000,000 persons in memory (streamed, nothing kept) and returns the seconds it took. */
export async function benchGenerate1m(persons = 1_000_000): Promise<number> {
  const started = performance.now();
  let done = 0;
  for (const h of generateCounty({ seed: 'bench-generate', persons })) done += h.members.length;
  if (done !== persons) throw new Error(`generated ${done} persons, expected ${persons}`);
  return (performance.now() - started) / 1000;
}

function perSecond(n: number, work: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < n; i++) work(i);
  return n / ((performance.now() - started) / 1000);
}

async function writeRate(database: Database, persons: number, label: string): Promise<number> {
  await migrateToLatest(database.db as Kysely<unknown>);
  await seedReferenceData(database.db);
  const pii = createPiiCrypto(randomBytes(32).toString('hex'));
  const result = await writeCounty(database, pii, { seed: 'bench-generate', persons, idBlock: 6 }, (p) =>
    process.stderr.write(`\r写入（${label}）${p.persons}/${p.total} 人`),
  );
  process.stderr.write('\n');
  return result.persons / (result.elapsedMs / 1000);
}

async function main(): Promise<void> {
  const figures: Record<string, Figure> = {};
  say('生成 1,000,000 人（仅内存）…');
  const seconds = await benchGenerate1m();
  figures.generate_1m_s = { value: Number(seconds.toFixed(1)), unit: 's', target: 120, direction: 'max' };
  figures.generate_persons_per_s = { value: Math.round(1_000_000 / seconds), unit: 'persons/s' };

  const pii = createPiiCrypto(randomBytes(32).toString('hex'));
  figures.pii_encrypt_per_s = {
    value: Math.round(
      perSecond(50_000, (i) => pii.encrypt(`41019019900101${String(i % 1000).padStart(3, '0')}X`)),
    ),
    unit: 'ops/s',
  };
  figures.pii_blind_index_per_s = {
    value: Math.round(perSecond(50_000, (i) => pii.blindIndex('id_number', `4101901990010${i}`))),
    unit: 'ops/s',
  };

  const slice = Number(process.env.BENCH_WRITE_PERSONS ?? 20_000);
  const work = mkdtempSync(join(tmpdir(), 'qiaoti-bench-generate-'));
  const pglite = await openDatabase({ dataDir: join(work, 'pglite') });
  try {
    figures.write_persons_per_s_pglite = {
      value: Math.round(await writeRate(pglite, slice, 'PGlite')),
      unit: 'persons/s',
    };
  } finally {
    await pglite.close();
    rmSync(work, { recursive: true, force: true });
  }

  const url = process.env.DATABASE_URL;
  if (url) {
    const server = await openScratchDatabase(url, `qiaoti_bench_generate_${process.pid}`);
    try {
      figures.write_persons_per_s_postgres = {
        value: Math.round(await writeRate(server, slice, 'PostgreSQL')),
        unit: 'persons/s',
      };
    } finally {
      await server.close();
    }
  }
  writeResults('generate', figures);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
