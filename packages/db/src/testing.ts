import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { type Database, openDatabase } from './database.ts';
import { migrateToLatest, migrations } from './migrate.ts';
import { createPiiCrypto, type PiiCrypto } from './pii-crypto.ts';
import type { DB } from './schema.ts';
import { openScratchDatabase } from './scratch.ts';
import { seedReferenceData } from './seed/reference.ts';

/**
 * Test databases. One per test process is the rule (a new PGlite costs 4–7 s); a test that must see an empty
 * database asks for an isolated one, which is a clone of a migrated, seeded template (~1 s on PGlite, a fresh
 * database on a server). The PGlite template is cached on disk by a hash of the migrations and seeds.
 */

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = resolve(here, '../../../.tmp');

export const testMasterKeyHex = '0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff';
export const testPii: PiiCrypto = createPiiCrypto(testMasterKeyHex);

function templateKey(): string {
  const h = createHash('sha256');
  for (const name of Object.keys(migrations)) h.update(name);
  for (const f of ['seed/reference.ts', 'seed/departments.ts']) h.update(readFileSync(resolve(here, f)));
  for (const f of Object.keys(migrations)) h.update(readFileSync(resolve(here, 'migrations', `${f}.ts`)));
  return h.digest('hex').slice(0, 16);
}

let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  const file = resolve(cacheDir, `pglite-template-${templateKey()}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const pglite = new PGlite();
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: (await import('./pglite-pool.ts')).createPgliteDialectPool(pglite),
    }),
  });
  await migrateToLatest(db as Kysely<unknown>);
  const { camelCase } = await import('./database.ts');
  await seedReferenceData(db.withPlugin(camelCase));
  const blob = await pglite.dumpDataDir('gzip');
  await pglite.close();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  return blob;
}

let serverCounter = 0;

async function serverDatabase(url: string): Promise<Database> {
  const name = `qiaoti_test_${process.pid}_${++serverCounter}_${Date.now().toString(36)}`;
  const database = await openScratchDatabase(url, name);
  await migrateToLatest(database.db as Kysely<unknown>);
  await seedReferenceData(database.db);
  return database;
}

/** A new, migrated, seeded database of its own (PGlite, or a fresh database on the DATABASE_URL server). */
export async function openIsolatedTestDatabase(
  options: { connectionWaitMs?: number } = {},
): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) return serverDatabase(url);
  template ??= pgliteTemplate();
  return openDatabase({ loadDataDir: await template, connectionWaitMs: options.connectionWaitMs });
}

let shared: Promise<Database> | undefined;

/** The process's shared test database: tests isolate themselves by the data they create. */
export function getTestDatabase(): Promise<Database> {
  shared ??= openIsolatedTestDatabase();
  return shared;
}

export async function closeTestDatabase(): Promise<void> {
  if (!shared) return;
  const d = await shared;
  shared = undefined;
  await d.close();
}
