import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../actor.ts';
import type { JobRun } from '../jobs/jobs.runner.ts';
import { sweepTransferTimers } from './transfers.workitems.ts';

/** Job kind of the daily overdue sweep of archive transfers. */
export const archivesSweepJobKind = 'archives.overdue_sweep';

/** The actor of scheduled and command-line sweeps (audit shows `system:archives-sweep`). */
export function sweepActor(createdBy: string | null = null, organisationId: string | null = null): Actor {
  return {
    accountId: createdBy ?? '00000000-0000-0000-0000-000000000000',
    username: 'system:archives-sweep',
    roles: [],
    permissions: new Set(),
    organisationId,
    organisationDuties: [],
    organisationKind: null,
    villageCode: null,
    personId: null,
    ip: null,
    requestId: null,
  };
}

export async function runArchivesSweepJob(run: JobRun): Promise<Record<string, unknown>> {
  const actor = sweepActor(run.job.createdBy, run.job.organisationId);
  const result = await sweepTransferTimers(run.ctx.database.db, actor, run.ctx.clock());
  return { ...result };
}

const DAY_MS = 86_400_000;
/** The sweep runs daily at 01:30 Beijing time (17:30 UTC), and once shortly after start-up (a missed night). */
const SWEEP_AT_UTC_MS = (17 * 60 + 30) * 60_000;

/** Milliseconds from `now` to the next daily sweep time. */
export function msUntilNextSweep(now: Date): number {
  const sinceMidnight = now.getTime() % DAY_MS;
  const wait = SWEEP_AT_UTC_MS - sinceMidnight;
  return wait > 0 ? wait : wait + DAY_MS;
}

/**
 * Defines the sweep job and, outside tests, queues it daily (timers in this process; pg-boss runs it once per
 * queued job, and the sweep escalates each transfer once, so several servers queueing it is harmless).
 */
export async function registerArchivesSweepJob(app: FastifyInstance): Promise<void> {
  await app.jobs.define(archivesSweepJobKind, runArchivesSweepJob);
  if (app.ctx.config.env === 'test') return;
  let timer: NodeJS.Timeout | undefined;
  const queue = () => {
    app.jobs
      .enqueue(archivesSweepJobKind, {}, { createdBy: null, organisationId: null })
      .catch((error: unknown) => app.log.error({ err: error }, '档案转递超期提醒任务排队失败'));
  };
  const next = (ms: number) => {
    timer = setTimeout(() => {
      queue();
      next(msUntilNextSweep(app.ctx.clock()));
    }, ms);
    timer.unref();
  };
  app.addHook('onListen', async () => {
    next(Math.min(60_000, msUntilNextSweep(app.ctx.clock())));
  });
  app.addHook('onClose', async () => {
    if (timer) clearTimeout(timer);
  });
}
