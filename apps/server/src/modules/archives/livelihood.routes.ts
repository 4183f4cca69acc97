import { ZLivelihoodResult, ZLivelihoodSearch, ZNewLivelihoodRecord, ZUuid } from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { digitalDeps } from './digital.access.ts';
import { addLivelihoodRecord, myLivelihood, searchLivelihood } from './livelihood.service.ts';

/** 民生档案 one-stop query: staff search by person with a purpose (POST: ID numbers never in a URL); my own. */
export const livelihoodRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['livelihood'];
  const deps = () => digitalDeps(app.ctx);

  app.post(
    '/api/livelihood/search',
    {
      config: { permission: 'archives.livelihood.query' },
      schema: {
        tags,
        summary: '民生档案一站式查询（须说明用途，留痕）',
        body: ZLivelihoodSearch,
        response: { 200: ZLivelihoodResult },
      },
    },
    async (request) => searchLivelihood(deps(), requireActor(request), request.body),
  );

  app.get(
    '/api/me/livelihood',
    {
      config: { permission: 'self.read' },
      schema: { tags, summary: '我的民生档案（各部门保存的记录索引）', response: { 200: ZLivelihoodResult } },
    },
    async (request) => myLivelihood(deps(), requireActor(request)),
  );

  app.post(
    '/api/livelihood/records',
    {
      config: { permission: 'archives.livelihood.query' },
      schema: {
        tags,
        summary: '登记本部门保存的民生档案索引',
        body: ZNewLivelihoodRecord,
        response: { 201: z.object({ id: ZUuid }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addLivelihoodRecord(deps(), requireActor(request), request.body)),
  );
};
