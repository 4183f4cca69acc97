import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { JobRunner } from '../modules/jobs/jobs.runner.ts';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner;
  }
}

/**
 * The app's job runner, started with the app and stopped when it closes (running jobs stop after their current
 * chunk and resume on the next start). Under test (`NODE_ENV=test`) the worker starts on the first job queued,
 * so the many apps tests build cost nothing until one queues work.
 */
export async function registerJobs(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const runner = new JobRunner(ctx, { pollingIntervalSeconds: ctx.config.env === 'test' ? 0.5 : 1 });
  app.decorate('jobs', runner);
  if (ctx.config.env !== 'test') {
    // Started once the server listens, not before: pg-boss's start-up (schema check, first poll) must not delay
    // the moment the console answers. A failure is logged; queued jobs wait for the next start.
    app.addHook('onListen', async () => {
      runner.start().catch((error: unknown) => app.log.error({ err: error }, '后台任务启动失败'));
    });
  }
  app.addHook('onClose', () => runner.stop());
}
