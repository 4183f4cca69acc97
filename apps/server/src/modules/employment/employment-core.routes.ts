import {
  ZApplyRequest,
  ZCandidateMatches,
  ZCreatePostingRequest,
  ZCreateReferralRequest,
  ZEmploymentIdParams,
  ZFollowup,
  ZFollowupList,
  ZFollowupListQuery,
  ZJobSearchQuery,
  ZJobSearchResult,
  ZMatchIndexStatus,
  ZMatchQuery,
  ZMatchWeights,
  ZPosting,
  ZPostingList,
  ZPostingListQuery,
  ZPostingMatches,
  ZPublishPostingRequest,
  ZPublishPostingResponse,
  ZRecordFollowupRequest,
  ZReferral,
  ZReferralList,
  ZReferralListQuery,
  ZReferralTransitionRequest,
  ZRegisterSeekerRequest,
  ZRetention,
  ZSeeker,
  ZSeekerSearchRequest,
  ZSeekerSearchResponse,
  ZSeekerStatusRequest,
  ZUpdatePostingRequest,
  ZUpdateSeekerRequest,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { idempotencyKeyOf } from '../../plugins/idempotency.ts';
import { registryDeps } from '../registry/registry-deps.ts';
import {
  candidatesForPosting,
  matchingStatus,
  matchingWeights,
  myRecommendations,
  postingsForSeeker,
  rebuildIndex,
  searchJobs,
} from './matching.service.ts';
import { startIndexBuild } from './matching.state.ts';
import {
  closePosting,
  createPosting,
  getPosting,
  listPostingsFor,
  publishPosting,
  updatePosting,
} from './postings.service.ts';
import {
  applyToPosting,
  createReferral,
  getReferral,
  listFollowupsFor,
  listReferralsFor,
  recordFollowup,
  retention,
  transitionReferral,
} from './referrals.service.ts';
import {
  changeSeekerStatus,
  getMySeeker,
  getSeeker,
  registerSeeker,
  searchSeekersFor,
  updateSeeker,
} from './seekers.service.ts';

/**
 * Employment core API: postings (with the discrimination check on publish), job seekers, matching, referrals,
 * placements and follow-ups. Thin: validate with the contract, call one service. Function-level permission on each
 * route; data-level scope (own organisation, own record, registry scope) in the services.
 */
export const employmentCoreRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = registryDeps(app.ctx);
  const tags = ['employment'];
  const staffOrEmployer = ['employment.read', 'employment.employer'] as const;
  const manageOrEmployer = ['employment.manage', 'employment.employer'] as const;
  const anyEmployment = ['employment.read', 'employment.employer', 'self.read'] as const;

  // The matching index is built from the database when the server starts listening (tests using inject build it
  // lazily on first use); its state shows at /api/employment/matching/status.
  app.addHook('onListen', async () => {
    startIndexBuild(deps);
  });

  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url?.startsWith('/api/employment/')) reply.header('cache-control', 'no-store');
  });

  // ── Postings ──
  app.get(
    '/api/employment/postings',
    {
      config: { permission: staffOrEmployer },
      schema: {
        tags,
        summary: '岗位列表（用人单位只见本单位）',
        querystring: ZPostingListQuery,
        response: { 200: ZPostingList },
      },
    },
    async (request) => listPostingsFor(deps, requireActor(request), request.query),
  );
  app.post(
    '/api/employment/postings',
    {
      config: { permission: manageOrEmployer },
      schema: { tags, summary: '登记岗位（草稿）', body: ZCreatePostingRequest, response: { 201: ZPosting } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createPosting(deps, requireActor(request), request.body, idempotencyKeyOf(request))),
  );
  app.get(
    '/api/employment/postings/:id',
    {
      config: { permission: anyEmployment },
      schema: { tags, summary: '岗位详情', params: ZEmploymentIdParams, response: { 200: ZPosting } },
    },
    async (request) => getPosting(deps, requireActor(request), request.params.id),
  );
  app.patch(
    '/api/employment/postings/:id',
    {
      config: { permission: manageOrEmployer },
      schema: {
        tags,
        summary: '修改岗位（招聘中的岗位改后须重新发布）',
        params: ZEmploymentIdParams,
        body: ZUpdatePostingRequest,
        response: { 200: ZPosting },
      },
    },
    async (request) => updatePosting(deps, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/employment/postings/:id/publish',
    {
      config: { permission: manageOrEmployer },
      schema: {
        tags,
        summary: '发布或重新开放岗位（先经就业歧视审核）',
        params: ZEmploymentIdParams,
        body: ZPublishPostingRequest,
        response: { 200: ZPublishPostingResponse },
      },
    },
    async (request) => publishPosting(deps, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/employment/postings/:id/close',
    {
      config: { permission: manageOrEmployer },
      schema: { tags, summary: '关闭岗位', params: ZEmploymentIdParams, response: { 200: ZPosting } },
    },
    async (request) => closePosting(deps, requireActor(request), request.params.id),
  );
  app.get(
    '/api/employment/postings/:id/candidates',
    {
      config: { permission: staffOrEmployer },
      schema: {
        tags,
        summary: '岗位的匹配人选（用人单位看到的是脱敏信息）',
        params: ZEmploymentIdParams,
        querystring: ZMatchQuery,
        response: { 200: ZCandidateMatches },
      },
    },
    async (request) =>
      candidatesForPosting(deps, requireActor(request), request.params.id, request.query.limit),
  );

  // ── Job search and matching ──
  app.get(
    '/api/employment/jobs/search',
    {
      config: { permission: ['employment.read', 'self.read'] },
      schema: {
        tags,
        summary: '岗位关键词搜索',
        querystring: ZJobSearchQuery,
        response: { 200: ZJobSearchResult },
      },
    },
    async (request) => searchJobs(deps, requireActor(request), request.query),
  );
  app.get(
    '/api/employment/recommendations',
    {
      config: { permission: 'self.read' },
      schema: {
        tags,
        summary: '为我推荐的岗位（附理由）',
        querystring: ZMatchQuery,
        response: { 200: ZPostingMatches },
      },
    },
    async (request) => myRecommendations(deps, requireActor(request), request.query.limit),
  );
  app.get(
    '/api/employment/matching/status',
    {
      config: { permission: 'employment.read' },
      schema: { tags, summary: '匹配索引状态', response: { 200: ZMatchIndexStatus } },
    },
    async (request) => matchingStatus(deps, requireActor(request)),
  );
  app.get(
    '/api/employment/matching/weights',
    {
      config: { permission: anyEmployment },
      schema: { tags, summary: '人岗匹配评分规则（权重为政策参数）', response: { 200: ZMatchWeights } },
    },
    async (request) => matchingWeights(deps, requireActor(request)),
  );
  app.post(
    '/api/employment/matching/rebuild',
    {
      config: { permission: 'employment.manage' },
      schema: { tags, summary: '构建或刷新匹配索引', response: { 200: ZMatchIndexStatus } },
    },
    async (request) => rebuildIndex(deps, requireActor(request)),
  );

  // ── Seekers ──
  app.post(
    '/api/employment/seekers/search',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '查询求职登记（身份证号只在请求体中）',
        body: ZSeekerSearchRequest,
        response: { 200: ZSeekerSearchResponse },
      },
    },
    async (request) => searchSeekersFor(deps, requireActor(request), request.body),
  );
  app.post(
    '/api/employment/seekers',
    {
      config: { permission: ['employment.manage', 'self.read'] },
      schema: { tags, summary: '求职登记', body: ZRegisterSeekerRequest, response: { 201: ZSeeker } },
    },
    async (request, reply) =>
      reply.status(201).send(await registerSeeker(deps, requireActor(request), request.body)),
  );
  app.get(
    '/api/employment/seekers/me',
    {
      config: { permission: 'self.read' },
      schema: { tags, summary: '我的求职登记', response: { 200: z.object({ seeker: ZSeeker.nullable() }) } },
    },
    async (request) => ({ seeker: await getMySeeker(deps, requireActor(request)) }),
  );
  app.get(
    '/api/employment/seekers/:id',
    {
      config: { permission: ['employment.read', 'self.read'] },
      schema: { tags, summary: '求职登记详情', params: ZEmploymentIdParams, response: { 200: ZSeeker } },
    },
    async (request) => getSeeker(deps, requireActor(request), request.params.id),
  );
  app.patch(
    '/api/employment/seekers/:id',
    {
      config: { permission: ['employment.manage', 'self.read'] },
      schema: {
        tags,
        summary: '修改求职登记',
        params: ZEmploymentIdParams,
        body: ZUpdateSeekerRequest,
        response: { 200: ZSeeker },
      },
    },
    async (request) => updateSeeker(deps, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/employment/seekers/:id/status',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '变更求职者就业状态（写入流动事件）',
        params: ZEmploymentIdParams,
        body: ZSeekerStatusRequest,
        response: { 200: ZSeeker },
      },
    },
    async (request) => changeSeekerStatus(deps, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/employment/seekers/:id/matches',
    {
      config: { permission: ['employment.read', 'self.read'] },
      schema: {
        tags,
        summary: '求职者的匹配岗位（附理由）',
        params: ZEmploymentIdParams,
        querystring: ZMatchQuery,
        response: { 200: ZPostingMatches },
      },
    },
    async (request) => postingsForSeeker(deps, requireActor(request), request.params.id, request.query.limit),
  );

  // ── Referrals, placements, follow-ups ──
  app.post(
    '/api/employment/referrals',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '推荐求职者到岗位',
        body: ZCreateReferralRequest,
        response: { 201: ZReferral },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createReferral(deps, requireActor(request), request.body)),
  );
  app.post(
    '/api/employment/applications',
    {
      config: { permission: 'self.read' },
      schema: {
        tags,
        summary: '申请岗位（生成推荐申请）',
        body: ZApplyRequest,
        response: { 201: ZReferral },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await applyToPosting(deps, requireActor(request), request.body, idempotencyKeyOf(request))),
  );
  app.get(
    '/api/employment/referrals',
    {
      config: { permission: anyEmployment },
      schema: {
        tags,
        summary: '推荐列表',
        querystring: ZReferralListQuery,
        response: { 200: ZReferralList },
      },
    },
    async (request) => listReferralsFor(deps, requireActor(request), request.query),
  );
  app.get(
    '/api/employment/referrals/:id',
    {
      config: { permission: anyEmployment },
      schema: { tags, summary: '推荐详情', params: ZEmploymentIdParams, response: { 200: ZReferral } },
    },
    async (request) => getReferral(deps, requireActor(request), request.params.id),
  );
  app.post(
    '/api/employment/referrals/:id/transition',
    {
      config: { permission: anyEmployment },
      schema: {
        tags,
        summary: '推荐进展：面试、录用（登记就业）、未录用、撤回',
        params: ZEmploymentIdParams,
        body: ZReferralTransitionRequest,
        response: { 200: ZReferral },
      },
    },
    async (request) => transitionReferral(deps, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/employment/followups',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '就业回访（到期未做或全部）',
        querystring: ZFollowupListQuery,
        response: { 200: ZFollowupList },
      },
    },
    async (request) => listFollowupsFor(deps, requireActor(request), request.query),
  );
  app.post(
    '/api/employment/followups/:id',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '记录回访结果',
        params: ZEmploymentIdParams,
        body: ZRecordFollowupRequest,
        response: { 200: ZFollowup },
      },
    },
    async (request) => recordFollowup(deps, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/employment/retention',
    {
      config: { permission: staffOrEmployer },
      schema: { tags, summary: '稳岗率（1、3、6 个月仍在岗比例）', response: { 200: ZRetention } },
    },
    async (request) => retention(deps, requireActor(request)),
  );
};
