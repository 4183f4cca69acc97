import type { TJob } from '@qiaoti/contracts';
import type { DB, JobRow } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { findJob, listJobsCreatedBy } from './jobs.repository.ts';

/** A job is visible to whoever started it and to the staff of the organisation it was started for. */
export function canSeeJob(actor: Actor, job: Pick<JobRow, 'createdBy' | 'organisationId'>): boolean {
  if (job.createdBy !== null && job.createdBy === actor.accountId) return true;
  return job.organisationId !== null && job.organisationId === actor.organisationId;
}

/** Throws NOT_FOUND for a job that does not exist and for one the actor may not see (no existence oracle). */
export async function getJob(db: Kysely<DB>, actor: Actor, id: string): Promise<JobRow> {
  const job = await findJob(db, id);
  if (!job || !canSeeJob(actor, job)) throw new AppError('NOT_FOUND', '任务不存在或无权查看');
  return job;
}

export async function listMyJobs(db: Kysely<DB>, actor: Actor): Promise<JobRow[]> {
  return listJobsCreatedBy(db, actor.accountId, 50);
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function presentJob(job: JobRow): TJob {
  const result = job.result;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progressDone: job.progressDone,
    progressTotal: job.progressTotal,
    result:
      result !== null && typeof result === 'object' && !Array.isArray(result)
        ? (result as Record<string, unknown>)
        : null,
    error: job.error,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    finishedAt: job.finishedAt ? iso(job.finishedAt) : null,
  };
}
