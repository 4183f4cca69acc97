import type { DB, JobRow, JobStatus } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';

export interface NewJob {
  kind: string;
  params: Record<string, unknown>;
  createdBy: string | null;
  organisationId: string | null;
}

export async function insertJob(db: Kysely<DB>, job: NewJob): Promise<JobRow> {
  return db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      status: 'queued',
      params: JSON.stringify(job.params),
      createdBy: job.createdBy,
      organisationId: job.organisationId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertJobInput(
  db: Kysely<DB>,
  input: { jobId: string; fileName: string; mediaType: string; digest: string; content: Buffer },
): Promise<void> {
  await db
    .insertInto('jobInputs')
    .values({ ...input, size: input.content.length })
    .execute();
}

export async function findJobInput(
  db: Kysely<DB>,
  jobId: string,
): Promise<{ fileName: string; mediaType: string; content: Buffer } | undefined> {
  const row = await db
    .selectFrom('jobInputs')
    .select(['fileName', 'mediaType', 'content'])
    .where('jobId', '=', jobId)
    .executeTakeFirst();
  // PGlite answers bytea as a Uint8Array, pg as a Buffer.
  return (
    row && {
      ...row,
      content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength),
    }
  );
}

export async function findJob(db: Kysely<DB>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listJobsCreatedBy(db: Kysely<DB>, accountId: string, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('createdBy', '=', accountId)
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .execute();
}

/** Marks a job running; returns nothing when it already ended (a delivery that arrives late is a no-op). */
export async function markJobRunning(db: Kysely<DB>, id: string, at: Date): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set({ status: 'running', updatedAt: at, error: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

/** Locks the job row for the chunk's transaction and answers its committed progress. */
export async function lockJobProgress(trx: Transaction<DB>, id: string): Promise<number | undefined> {
  const row = await trx
    .selectFrom('jobs')
    .select('progressDone')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row?.progressDone;
}

/** Progress and the resume point, written in the same transaction as the chunk they describe. */
export async function saveJobProgress(
  trx: Transaction<DB>,
  id: string,
  progress: { done: number; total: number | null; checkpoint: unknown; at: Date },
): Promise<void> {
  await trx
    .updateTable('jobs')
    .set({
      progressDone: progress.done,
      progressTotal: progress.total,
      checkpoint: JSON.stringify(progress.checkpoint),
      updatedAt: progress.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function setJobTotal(db: Kysely<DB>, id: string, total: number, at: Date): Promise<void> {
  await db.updateTable('jobs').set({ progressTotal: total, updatedAt: at }).where('id', '=', id).execute();
}

export async function endJob(
  db: Kysely<DB>,
  id: string,
  end: {
    status: Extract<JobStatus, 'succeeded' | 'failed' | 'queued'>;
    result?: unknown;
    error?: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: end.status,
      ...(end.result === undefined ? {} : { result: JSON.stringify(end.result) }),
      error: end.error ?? null,
      updatedAt: end.at,
      finishedAt: end.status === 'queued' ? null : end.at,
    })
    .where('id', '=', id)
    .execute();
}

export interface RowError {
  rowNumber: number;
  field: string | null;
  reason: string;
  /** Already sealed (encrypted) when it may hold personal data. */
  raw: unknown;
}

export async function insertRowErrors(
  trx: Transaction<DB>,
  jobId: string,
  errors: readonly RowError[],
): Promise<void> {
  for (let i = 0; i < errors.length; i += 1000) {
    await trx
      .insertInto('jobRowErrors')
      .values(
        errors.slice(i, i + 1000).map((e) => ({
          jobId,
          rowNumber: e.rowNumber,
          field: e.field,
          reason: e.reason,
          raw: e.raw === undefined ? null : JSON.stringify(e.raw),
        })),
      )
      .execute();
  }
}

export async function listRowErrors(
  db: Kysely<DB>,
  jobId: string,
): Promise<{ rowNumber: number; field: string | null; reason: string; raw: unknown }[]> {
  return db
    .selectFrom('jobRowErrors')
    .select(['rowNumber', 'field', 'reason', 'raw'])
    .where('jobId', '=', jobId)
    .orderBy('rowNumber')
    .execute();
}
