import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Kysely's PostgresDialect talks to a `pg`-style pool. PGlite is one in-process connection, so this adapter
 * hands out that connection to one borrower at a time (a pool of size one): a transaction holds it from BEGIN
 * to COMMIT and nothing else can interleave statements into it. Written here rather than taken from a package
 * because the available adapters share the connection without that lock, which breaks transaction isolation.
 */
export function createPgliteDialectPool(pglite: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();

  async function acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = previous.then(() => next);
    await previous;
    return release;
  }

  async function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const result = await pglite.query<R>(sql, parameters as unknown[]);
    return {
      command: commandOf(sql),
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  }

  // Kysely streams through a cursor only when asked to; PGlite has none, so that overload is not offered.
  const client = (release: () => void): PostgresPoolClient => ({ query, release }) as PostgresPoolClient;

  return {
    async connect() {
      return client(await acquire());
    },
    async end() {
      const release = await acquire();
      release();
    },
  };
}

const commands = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'SELECT'] as const;

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const head = sql.trimStart().slice(0, 6).toUpperCase();
  if (head === 'WITH' || head.startsWith('WITH')) {
    // A CTE: the main statement is the last top-level verb; a rough scan is enough for affected-row counts.
    const upper = sql.toUpperCase();
    let best: (typeof commands)[number] = 'SELECT';
    let at = -1;
    for (const c of commands) {
      const i = upper.lastIndexOf(c);
      if (i > at) {
        at = i;
        best = c;
      }
    }
    return best;
  }
  return (commands as readonly string[]).includes(head) ? (head as (typeof commands)[number]) : 'SELECT';
}
