import { resolve } from 'node:path';
import { createPiiCrypto, type Database, migrateToLatest, openDatabase } from '@qiaoti/db';
import { seedReferenceData } from '@qiaoti/db/seed/reference';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { resolveMasterKey } from './keys.ts';

/** Opens the configured database, migrates it and seeds reference data: what `npm start` and the CLI share. */
export async function openPlatform(config: Config): Promise<AppContext> {
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : resolve(config.dataDir, 'pglite'),
  });
  await migrateToLatest(database.db as Kysely<unknown>);
  await seedReferenceData(database.db);
  const pii = createPiiCrypto(resolveMasterKey(config));
  return { config, database, pii, clock: () => new Date() };
}
