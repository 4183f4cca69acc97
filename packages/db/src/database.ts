import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createPgliteDialectPool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /** The server's connection string (PostgreSQL only): for libraries that open their own connections (pg-boss). */
  readonly url?: string;
  /** Present on the embedded database only: the raw PGlite handle, for `exec` of multi-statement SQL. */
  readonly pglite?: PGlite;
  /** Runs several statements in one round trip and returns the rows of every statement. */
  exec(sql: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` for a server; otherwise the embedded database. */
  url?: string | undefined;
  /** Folder of the embedded database; omitted means in memory. */
  dataDir?: string | undefined;
  /** A `dumpDataDir` tarball to start the embedded database from (fast clone for tests). */
  loadDataDir?: Blob | undefined;
  /** Pool size on a server. */
  maxConnections?: number | undefined;
  /** Embedded only: how long a query may wait for the single connection before it fails (default 30 s). */
  connectionWaitMs?: number | undefined;
}

// Dates (`date`) stay ISO strings: business dates are calendar days in Asia/Shanghai, never instants.
// int8 counts come back as numbers; money in fen stays far below 2^53.
const DATE_OID = 1082;
const INT8_OID = 20;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));

export const camelCase = new CamelCasePlugin();

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    // An idle connection the server ends (a restart, an administrator's terminate) is reported on the pool; the
    // pool drops that client and the next query connects anew. Without a listener the process would crash.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [camelCase] });
    return {
      db,
      kind: 'postgres',
      url: options.url,
      async exec(sql) {
        const client = await pool.connect();
        try {
          const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
          return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  });
  await pglite.waitReady;
  const pool = createPgliteDialectPool(pglite, { waitMs: options.connectionWaitMs });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [camelCase] });
  return {
    db,
    kind: 'pglite',
    pglite,
    async exec(sql) {
      const client = await pool.connect();
      try {
        const results = await pglite.exec(sql);
        return results.map((r) => r.rows);
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
