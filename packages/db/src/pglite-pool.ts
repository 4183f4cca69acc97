import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Kysely's PostgresDialect talks to a `pg`-style pool. PGlite is one in-process connection, so this adapter
 * hands out that connection to one borrower at a time (a pool of size one): a transaction holds it from BEGIN
 * to COMMIT and nothing else can interleave statements into it. Written here rather than taken from a package
 * because the available adapters share the connection without that lock, which breaks transaction isolation.
 */
export function createPgliteDialectPool(
  pglite: PGlite,
  options: { waitMs?: number | undefined } = {},
): PostgresPool {
  const waitMs = options.waitMs ?? 30_000;
  let tail: Promise<void> = Promise.resolve();

  // A borrower that waits longer than `waitMs` gets an error instead of waiting forever: with one connection,
  // a query made through `db` while a transaction of the same flow holds the connection would otherwise hang.
  async function acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = previous.then(() => next);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
      timer.unref();
    });
    const winner = await Promise.race([previous.then(() => 'ready' as const), timedOut]);
    clearTimeout(timer);
    if (winner === 'timeout') {
      // Pass our turn on as soon as it comes, so the borrowers queued behind us are not stuck.
      void previous.then(release);
      throw new Error(
        `等待内嵌数据库连接超过 ${waitMs / 1000} 秒：很可能是在事务进行中又通过事务外的 db 句柄查询（应使用 trx）`,
      );
    }
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
