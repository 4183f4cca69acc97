import pg from 'pg';
import { type Database, openDatabase } from './database.ts';

async function onServer(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A new, empty database on the server at `url` (tests and benchmarks), dropped again by `close()`.
 * `name` must be a plain identifier; callers make it unique (process id, counter).
 */
export async function openScratchDatabase(url: string, name: string): Promise<Database & { url: string }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`临时数据库名不合法：${name}`);
  await onServer(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), maxConnections: 5 });
  return {
    ...database,
    url: target.toString(),
    async close() {
      await database.close();
      await onServer(url, `drop database if exists ${name} with (force)`);
    },
  };
}
