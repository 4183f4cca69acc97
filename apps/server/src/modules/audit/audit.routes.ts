import { ZAuditPage, ZAuditQuery, ZAuditVerifyResponse } from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../plugins/access.ts';
import { listAudit, verifyAuditForActor } from './audit.service.ts';

/** The audit admin's viewer: read and verify only; nobody can change the log through the API. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: ZAuditQuery,
        response: { 200: ZAuditPage },
      },
    },
    async (request) => listAudit(ctx.database.db, requireActor(request), request.query),
  );
  app.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], summary: '校验审计日志哈希链', response: { 200: ZAuditVerifyResponse } },
    },
    async (request) => verifyAuditForActor(ctx.database.db, requireActor(request), ctx.clock()),
  );
};
