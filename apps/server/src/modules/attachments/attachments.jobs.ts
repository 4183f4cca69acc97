import type { FastifyInstance } from 'fastify';
import type { JobRun } from '../jobs/jobs.runner.ts';
import { attachmentDeps } from './attachments.service.ts';
import { sweepOrphanedAttachments } from './attachments-sweep.ts';

/** Job kind of the nightly orphaned-attachment sweep. */
export const attachmentsSweepJobKind = 'attachments.orphan_sweep';

export async function runAttachmentsSweepJob(run: JobRun): Promise<Record<string, unknown>> {
  const { store } = attachmentDeps(run.ctx);
  const graceHours = typeof run.params.graceHours === 'number' ? run.params.graceHours : 24;
  const result = await sweepOrphanedAttachments(run.ctx.database.db, store, {
    graceMs: graceHours * 3600_000,
    now: run.ctx.clock(),
  });
  return { ...result };
}

const DAY_MS = 86_400_000;
/** Daily at 03:30 Beijing time (19:30 UTC), away from the 01:30 archives sweep. */
const SWEEP_AT_UTC_MS = (19 * 60 + 30) * 60_000;

export function msUntilNextAttachmentsSweep(now: Date): number {
  const wait = SWEEP_AT_UTC_MS - (now.getTime() % DAY_MS);
  return wait > 0 ? wait : wait + DAY_MS;
}

/** Defines the sweep job and, outside tests, queues it nightly (a retried or doubled sweep is harmless). */
export async function registerAttachmentsSweepJob(app: FastifyInstance): Promise<void> {
  await app.jobs.define(attachmentsSweepJobKind, runAttachmentsSweepJob);
  if (app.ctx.config.env === 'test') return;
  let timer: NodeJS.Timeout | undefined;
  const next = (ms: number) => {
    timer = setTimeout(() => {
      app.jobs
        .enqueue(attachmentsSweepJobKind, {}, { createdBy: null, organisationId: null })
        .catch((error: unknown) => app.log.error({ err: error }, '孤立附件清理任务排队失败'));
      next(msUntilNextAttachmentsSweep(app.ctx.clock()));
    }, ms);
    timer.unref();
  };
  app.addHook('onListen', async () => {
    next(msUntilNextAttachmentsSweep(app.ctx.clock()));
  });
  app.addHook('onClose', async () => {
    if (timer) clearTimeout(timer);
  });
}
