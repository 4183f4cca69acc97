import { ZJob, ZJobList, ZJobParams } from '@qiaoti/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../plugins/access.ts';
import { getJob, listMyJobs, presentJob } from './jobs.service.ts';

/** GET /api/jobs (mine, most recent first) and GET /api/jobs/:id (mine or my organisation's). */
export async function jobsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/jobs',
    { schema: { tags: ['任务'], summary: '我最近的任务', response: { 200: ZJobList } } },
    async (request) => {
      const jobs = await listMyJobs(app.ctx.database.db, requireActor(request));
      return { items: jobs.map(presentJob) };
    },
  );
  r.get(
    '/api/jobs/:id',
    { schema: { tags: ['任务'], summary: '任务进度', params: ZJobParams, response: { 200: ZJob } } },
    async (request, reply) => {
      const job = await getJob(app.ctx.database.db, requireActor(request), request.params.id);
      reply.header('cache-control', 'no-store');
      return presentJob(job);
    },
  );
}
