import { EventEmitter } from 'node:events';
import type { Database, DB, JobRow } from '@qiaoti/db';
import { CompiledQuery, type Transaction } from 'kysely';
import { type Db as BossDb, PgBoss } from 'pg-boss';
import type { AppContext } from '../../context.ts';
import {
  endJob,
  insertJob,
  insertJobInput,
  lockJobProgress,
  markJobRunning,
  saveJobProgress,
  setJobTotal,
} from './jobs.repository.ts';

/**
 * Durable background jobs. pg-boss delivers (claims with SKIP LOCKED, retries, expires a silent worker); the
 * `jobs` row is the job as people see it — status, progress, result — plus a checkpoint written in the same
 * transaction as each chunk, so a job stopped half-way resumes after the last committed chunk, in this process
 * or another. On PGlite pg-boss runs through the database's single-connection lock (see `pgliteBossDb`).
 */

export interface JobRun {
  readonly job: JobRow;
  readonly params: Record<string, unknown>;
  /** What the last committed chunk recorded; null on a first run. */
  readonly checkpoint: unknown;
  readonly ctx: AppContext;
  /** Aborted when the worker stops: finish the chunk in hand, then call `throwIfStopping()`. */
  readonly signal: AbortSignal;
  setTotal(total: number): Promise<void>;
  /** One chunk's writes, with progress and the resume point committed in the same transaction. */
  commitChunk(work: (trx: Transaction<DB>) => Promise<{ done: number; checkpoint: unknown }>): Promise<void>;
  throwIfStopping(): void;
}

/** Returns the job's result (stored as `jobs.result`). Throwing fails the job with the error's message. */
export type JobHandler = (run: JobRun) => Promise<Record<string, unknown>>;

/** Thrown by a handler that stopped between chunks because the worker is shutting down: the job is resumed later. */
export class JobInterrupted extends Error {
  constructor() {
    super('任务因服务停止而中断，将从上次提交处继续');
    this.name = 'JobInterrupted';
  }
}

/** Another worker holds the job now: this run stops and leaves the row to it. */
class JobTakenOver extends Error {}

export interface JobOwner {
  createdBy: string | null;
  organisationId: string | null;
}

export interface JobInput {
  fileName: string;
  mediaType: string;
  digest: string;
  content: Buffer;
}

export interface JobRunnerOptions {
  /** Seconds between polls for new work when nothing woke the worker. */
  pollingIntervalSeconds?: number;
}

interface JobEvents {
  progress: [jobId: string, done: number, total: number | null];
  end: [jobId: string, status: 'succeeded' | 'failed' | 'interrupted'];
}

/** pg-boss queue names: letters, digits, `-`, `_`, `.`, `/`. Job kinds already fit; a prefix keeps ours apart. */
const queueOf = (kind: string) => `qiaoti.${kind}`;

export class JobRunner extends EventEmitter<JobEvents> {
  readonly #ctx: AppContext;
  readonly #options: JobRunnerOptions;
  readonly #handlers = new Map<string, JobHandler>();
  #boss: PgBoss | undefined;
  #starting: Promise<PgBoss> | undefined;
  #stopping = new AbortController();
  #stopped = false;

  constructor(ctx: AppContext, options: JobRunnerOptions = {}) {
    super();
    this.#ctx = ctx;
    this.#options = options;
  }

  get isStarted(): boolean {
    return this.#boss !== undefined;
  }

  /** Registers the handler of a job kind; a running worker starts taking that kind at once. */
  async define(kind: string, handler: JobHandler): Promise<void> {
    this.#handlers.set(kind, handler);
    if (this.#boss) await this.#work(this.#boss, kind);
  }

  /** Starts pg-boss (installing or migrating its schema) and a worker per defined kind. Idempotent. */
  async start(): Promise<void> {
    if (this.#stopped) throw new Error('任务执行器已停止');
    this.#starting ??= this.#start();
    await this.#starting;
  }

  /** Creates the job (row, and input file if any) and hands it to the queue. */
  async enqueue(
    kind: string,
    params: Record<string, unknown>,
    owner: JobOwner,
    input?: JobInput,
  ): Promise<string> {
    if (!this.#handlers.has(kind)) throw new Error(`未知的任务类型：${kind}`);
    const db = this.#ctx.database.db;
    const job = await db.transaction().execute(async (trx) => {
      const row = await insertJob(trx, { kind, params, ...owner });
      if (input) await insertJobInput(trx, { jobId: row.id, ...input });
      return row;
    });
    await this.start();
    const boss = this.#boss;
    if (!boss) throw new Error('任务执行器未启动');
    await boss.send(queueOf(kind), { jobId: job.id });
    return job.id;
  }

  /**
   * Stops taking work: running handlers are told to stop after their current chunk and are given up to
   * `timeoutMs` to do so; an interrupted job goes back to the queue with its checkpoint.
   */
  async stop(timeoutMs = 15_000): Promise<void> {
    this.#stopped = true;
    this.#stopping.abort();
    const starting = this.#starting;
    if (!starting) return;
    const boss = await starting.catch(() => undefined);
    if (boss) await boss.stop({ graceful: true, timeout: timeoutMs });
  }

  async #start(): Promise<PgBoss> {
    const { database } = this.#ctx;
    const boss =
      database.kind === 'pglite'
        ? new PgBoss({
            db: pgliteBossDb(database),
            backend: 'pglite',
            schedule: false,
            registerInstance: false,
            monitorVacuum: false,
            reindex: false,
          })
        : new PgBoss({
            connectionString: database.url ?? this.#ctx.config.databaseUrl,
            max: 3,
            schedule: false,
            registerInstance: false,
          });
    boss.on('error', (error: Error) => {
      process.stderr.write(`任务队列错误：${error.message}\n`);
    });
    await boss.start();
    for (const kind of this.#handlers.keys()) await this.#work(boss, kind);
    this.#boss = boss;
    return boss;
  }

  async #work(boss: PgBoss, kind: string): Promise<void> {
    const queue = queueOf(kind);
    // A job only fails for good through its handler (recorded on the jobs row); pg-boss retries cover restarts
    // and crashed workers, so the limit is generous. A silent worker's claim expires after the heartbeat window.
    await boss.createQueue(queue, {
      retryLimit: 100,
      retryDelay: 1,
      heartbeatSeconds: 30,
      expireInSeconds: 3600,
    });
    await boss.work<{ jobId: string }>(
      queue,
      { pollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 1 },
      async ([delivered]) => {
        if (delivered) await this.#execute(kind, delivered.data.jobId);
      },
    );
  }

  async #execute(kind: string, jobId: string): Promise<void> {
    const handler = this.#handlers.get(kind);
    if (!handler) throw new Error(`未知的任务类型：${kind}`);
    const { db } = this.#ctx.database;
    const clock = this.#ctx.clock;
    const job = await markJobRunning(db, jobId, clock());
    if (!job) return; // already finished (a late duplicate delivery)
    const signal = this.#stopping.signal;
    let total = job.progressTotal;
    let committed = job.progressDone;
    const run: JobRun = {
      job,
      params: (job.params ?? {}) as Record<string, unknown>,
      checkpoint: job.checkpoint,
      ctx: this.#ctx,
      signal,
      setTotal: async (n) => {
        total = n;
        await setJobTotal(db, jobId, n, clock());
        this.emit('progress', jobId, job.progressDone, n);
      },
      commitChunk: async (work) => {
        const done = await db.transaction().execute(async (trx) => {
          // Fencing: if the progress moved since this run last committed, another worker has taken the job over
          // (this one outlived its claim); stop without writing.
          if ((await lockJobProgress(trx, jobId)) !== committed) throw new JobTakenOver();
          const outcome = await work(trx);
          await saveJobProgress(trx, jobId, {
            done: outcome.done,
            total,
            checkpoint: outcome.checkpoint,
            at: clock(),
          });
          return outcome.done;
        });
        committed = done;
        this.emit('progress', jobId, done, total);
      },
      throwIfStopping: () => {
        if (signal.aborted) throw new JobInterrupted();
      },
    };
    try {
      const result = await handler(run);
      await endJob(db, jobId, { status: 'succeeded', result, at: clock() });
      this.emit('end', jobId, 'succeeded');
    } catch (error) {
      if (error instanceof JobTakenOver) return;
      if (error instanceof JobInterrupted) {
        await endJob(db, jobId, { status: 'queued', at: clock() });
        this.emit('end', jobId, 'interrupted');
        throw error; // pg-boss puts it back in the queue; the next worker resumes from the checkpoint
      }
      const message = error instanceof Error ? error.message : String(error);
      await endJob(db, jobId, { status: 'failed', error: message, at: clock() });
      this.emit('end', jobId, 'failed');
    }
  }
}

/**
 * pg-boss's `db` option over the embedded database. Every statement takes the one PGlite connection through the
 * Kysely pool's lock, so pg-boss never interleaves a statement into a transaction the app holds open (pg-boss's
 * own `fromPglite` adapter talks to PGlite directly, which would). Statements without parameters may be several
 * (its migrations, its `BEGIN … COMMIT` blocks) and go through `exec`, which returns the rows of every statement.
 * A failure rolls back whatever transaction the block left open before the connection is handed on.
 */
export function pgliteBossDb(database: Database): BossDb {
  const pglite = database.pglite;
  if (!pglite) throw new Error('pgliteBossDb needs the embedded database');
  const raw = database.db.withoutPlugins(); // pg-boss expects its own column names, not camelCase
  return {
    async executeSql(text: string, values?: unknown[]) {
      return raw.connection().execute(async (connection) => {
        try {
          if (values?.length) {
            const result = await connection.executeQuery(CompiledQuery.raw(text, values));
            return { rows: [...result.rows] };
          }
          const results = await pglite.exec(text);
          return { rows: results.flatMap((r) => r.rows) };
        } catch (error) {
          await pglite.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
  };
}
