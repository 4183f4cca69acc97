import {
  ZSubsidyApplication,
  ZSubsidyApplyRequest,
  ZSubsidyList,
  ZSubsidyListQuery,
  ZSubsidyPayRequest,
  ZSubsidyReviewRequest,
  ZUuid,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { idempotencyKeyOf } from '../../plugins/idempotency.ts';
import {
  applyForSubsidy,
  getApplication,
  listSubsidyApplications,
  payApplication,
  reviewApplication,
} from './subsidies.service.ts';

const ZId = z.object({ id: ZUuid });

/**
 * 就业补贴: staff (/api/employment/subsidies) and employers (/api/employer/subsidies, their own applications only).
 * Submitting, reviewing and paying honour the Idempotency-Key header (one effect per key).
 */
export const subsidiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['就业补贴'];
  const deps = () => ({ db: app.ctx.database.db, clock: app.ctx.clock, pii: app.ctx.pii });

  for (const [prefix, read, write] of [
    ['/api/employment/subsidies', 'employment.read', 'employment.manage'],
    ['/api/employer/subsidies', 'employment.employer', 'employment.employer'],
  ] as const) {
    app.get(
      prefix,
      {
        config: { permission: read },
        schema: {
          tags,
          summary: '补贴申请列表',
          querystring: ZSubsidyListQuery,
          response: { 200: ZSubsidyList },
        },
      },
      async (request) => ({
        applications: await listSubsidyApplications(deps(), requireActor(request), request.query),
      }),
    );
    app.post(
      prefix,
      {
        config: { permission: write },
        schema: {
          tags,
          summary: '提交补贴申请（重复提交返回同一申请）',
          body: ZSubsidyApplyRequest,
          response: { 201: ZSubsidyApplication },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await applyForSubsidy(deps(), requireActor(request), request.body, idempotencyKeyOf(request)),
          ),
    );
    app.get(
      `${prefix}/:id`,
      {
        config: { permission: read },
        schema: {
          tags,
          summary: '补贴申请（资格结论和理由、发放记录）',
          params: ZId,
          response: { 200: ZSubsidyApplication },
        },
      },
      async (request) => getApplication(deps(), requireActor(request), request.params.id),
    );
  }

  app.post(
    '/api/employment/subsidies/:id/review',
    {
      config: { permission: 'employment.subsidy.review' },
      schema: {
        tags,
        summary: '县人社局审核：批准或不予批准',
        params: ZId,
        body: ZSubsidyReviewRequest,
        response: { 200: ZSubsidyApplication },
      },
    },
    async (request) =>
      reviewApplication(
        deps(),
        requireActor(request),
        request.params.id,
        request.body,
        idempotencyKeyOf(request),
      ),
  );

  app.post(
    '/api/employment/subsidies/:id/payments',
    {
      config: { permission: 'employment.subsidy.review' },
      schema: {
        tags,
        summary: '登记补贴发放（金额、所属期、支付凭证号）',
        params: ZId,
        body: ZSubsidyPayRequest,
        response: { 200: ZSubsidyApplication },
      },
    },
    async (request) =>
      payApplication(
        deps(),
        requireActor(request),
        request.params.id,
        request.body,
        idempotencyKeyOf(request),
      ),
  );
};
