import { ZMyWorkItemList } from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../plugins/access.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { listMyWorkItems } from './workitems.mine.ts';

/** 我的待办 across domains (the console's 工作台 shows it). Any signed-in account; only its own items. */
export const workItemsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/workitems/mine',
    {
      schema: {
        tags: ['workitems'],
        summary: '我的待办（本人或本单位的未办结事项，逾期在前）',
        response: { 200: ZMyWorkItemList },
      },
    },
    async (request) =>
      listMyWorkItems(app.ctx.database.db, requireActor(request), businessDay(app.ctx.clock())),
  );
};
