import {
  ZCreateGigSiteRequest,
  ZCreateGigTaskRequest,
  ZGigActivity,
  ZGigActivityQuery,
  ZGigClaim,
  ZGigClaimRequest,
  ZGigSite,
  ZGigSiteList,
  ZGigSiteListQuery,
  ZGigTask,
  ZGigTaskDetail,
  ZGigTaskList,
  ZGigTaskListQuery,
  ZIdParams,
  ZMyGigClaimList,
  ZNearbyGigQuery,
  ZRecordGigPaymentRequest,
  ZSetGigSiteActiveRequest,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../plugins/access.ts';
import { idempotencyKeyOf } from '../../plugins/idempotency.ts';
import {
  cancelGigTask,
  checkInGigClaim,
  claimGigTask,
  closeGigTask,
  completeGigClaim,
  confirmGigPayment,
  createGigSite,
  createGigTask,
  getGigTask,
  gigActivity,
  gigDeps,
  listGigSites,
  listGigTasks,
  listMyGigClaims,
  listNearbyGigTasks,
  recordGigPayment,
  setGigSiteActive,
  withdrawGigClaim,
} from './gig.service.ts';

/**
 * Gig market (灵工市场). Function level: staff and employers hold employment.gig; citizens act as workers with
 * self.read. Data level (township, employer, own claims) is decided in the service. Posting a task, claiming
 * and recording pay honour the Idempotency-Key header (one effect per key).
 */
export const gigRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = gigDeps(app.ctx);
  const tags = ['gig'];
  const anyGig = { permission: ['employment.gig', 'employment.manage', 'self.read'] as const };
  const staffGig = { permission: 'employment.gig' as const };

  app.get(
    '/api/gig/sites',
    {
      config: anyGig,
      schema: {
        tags,
        summary: '零工驿站、劳务市场',
        querystring: ZGigSiteListQuery,
        response: { 200: ZGigSiteList },
      },
    },
    async (request) => listGigSites(deps, requireActor(request), request.query),
  );

  app.post(
    '/api/gig/sites',
    {
      config: staffGig,
      schema: { tags, summary: '设立零工站点', body: ZCreateGigSiteRequest, response: { 201: ZGigSite } },
    },
    async (request, reply) =>
      reply.status(201).send(await createGigSite(deps, requireActor(request), request.body)),
  );

  app.post(
    '/api/gig/sites/:id/active',
    {
      config: staffGig,
      schema: {
        tags,
        summary: '停用或启用站点',
        params: ZIdParams,
        body: ZSetGigSiteActiveRequest,
        response: { 200: ZGigSite },
      },
    },
    async (request) => setGigSiteActive(deps, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/gig/tasks',
    {
      config: anyGig,
      schema: {
        tags,
        summary: '零工任务（按辖区）',
        querystring: ZGigTaskListQuery,
        response: { 200: ZGigTaskList },
      },
    },
    async (request) => listGigTasks(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/gig/tasks/nearby',
    {
      config: anyGig,
      schema: {
        tags,
        summary: '附近可接的零工任务',
        querystring: ZNearbyGigQuery,
        response: { 200: ZGigTaskList },
      },
    },
    async (request) => listNearbyGigTasks(deps, requireActor(request), request.query),
  );

  app.post(
    '/api/gig/tasks',
    {
      config: anyGig,
      schema: {
        tags,
        summary: '发布零工任务（经就业歧视审核）',
        body: ZCreateGigTaskRequest,
        response: { 201: ZGigTask },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createGigTask(deps, requireActor(request), request.body, idempotencyKeyOf(request))),
  );

  app.get(
    '/api/gig/tasks/:id',
    {
      config: anyGig,
      schema: { tags, summary: '零工任务详情', params: ZIdParams, response: { 200: ZGigTaskDetail } },
    },
    async (request) => getGigTask(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/gig/tasks/:id/claim',
    {
      config: anyGig,
      schema: {
        tags,
        summary: '接单',
        params: ZIdParams,
        body: ZGigClaimRequest,
        response: { 201: ZGigClaim },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await claimGigTask(
            deps,
            requireActor(request),
            request.params.id,
            request.body ?? {},
            idempotencyKeyOf(request),
          ),
        ),
  );

  app.post(
    '/api/gig/tasks/:id/cancel',
    { config: anyGig, schema: { tags, summary: '取消任务', params: ZIdParams, response: { 200: ZGigTask } } },
    async (request) => cancelGigTask(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/gig/tasks/:id/close',
    { config: anyGig, schema: { tags, summary: '结束招工', params: ZIdParams, response: { 200: ZGigTask } } },
    async (request) => closeGigTask(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/gig/claims/:id/check-in',
    { config: anyGig, schema: { tags, summary: '签到', params: ZIdParams, response: { 200: ZGigClaim } } },
    async (request) => checkInGigClaim(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/gig/claims/:id/complete',
    { config: anyGig, schema: { tags, summary: '完工', params: ZIdParams, response: { 200: ZGigClaim } } },
    async (request) => completeGigClaim(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/gig/claims/:id/withdraw',
    {
      config: anyGig,
      schema: { tags, summary: '退出（签到前）', params: ZIdParams, response: { 200: ZGigClaim } },
    },
    async (request) => withdrawGigClaim(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/gig/claims/:id/payment',
    {
      config: anyGig,
      schema: {
        tags,
        summary: '登记报酬',
        params: ZIdParams,
        body: ZRecordGigPaymentRequest,
        response: { 200: ZGigClaim },
      },
    },
    async (request) =>
      recordGigPayment(
        deps,
        requireActor(request),
        request.params.id,
        request.body,
        idempotencyKeyOf(request),
      ),
  );

  app.post(
    '/api/gig/claims/:id/confirm-payment',
    {
      config: anyGig,
      schema: { tags, summary: '确认收款', params: ZIdParams, response: { 200: ZGigClaim } },
    },
    async (request) => confirmGigPayment(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/api/gig/my/claims',
    { config: anyGig, schema: { tags, summary: '我的零工', response: { 200: ZMyGigClaimList } } },
    async (request) => listMyGigClaims(deps, requireActor(request)),
  );

  app.get(
    '/api/gig/activity',
    {
      config: staffGig,
      schema: {
        tags,
        summary: '站点月度活动（按辖区）',
        querystring: ZGigActivityQuery,
        response: { 200: ZGigActivity },
      },
    },
    async (request) => gigActivity(deps, requireActor(request), request.query),
  );
};
