import {
  ZAssistanceCase,
  ZCandidateList,
  ZCandidateQuery,
  ZCaseList,
  ZCaseListQuery,
  ZCloseCaseRequest,
  ZFollowupRequest,
  ZHouseholdRecheck,
  ZIdentification,
  ZIdentifyRequest,
  ZNewStep,
  ZOpenCaseRequest,
  ZRecomputeRequest,
  ZRecomputeResult,
  ZStepUpdateRequest,
  ZUuid,
  ZZeroDashboard,
  ZZeroList,
  ZZeroListQuery,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import {
  addCaseFollowup,
  addStep,
  closeCase,
  getCase,
  identifyPerson,
  listAssistanceCases,
  openCase,
  screenCandidates,
  updateStep,
} from './assistance.service.ts';
import {
  listZeroHouseholds,
  recheckHouseholdForActor,
  runZeroRecomputeJob,
  startZeroRecompute,
  zeroDashboard,
  zeroEmploymentJobKind,
} from './zero-employment.service.ts';

const ZId = z.object({ id: ZUuid });
const ZStepParams = z.object({ id: ZUuid, stepId: ZUuid });

/** 就业困难人员认定, 援助个案 and the 零就业家庭 live list with its 清零 dashboard. */
export const assistanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['就业援助'];
  const deps = () => ({ db: app.ctx.database.db, clock: app.ctx.clock });
  await app.jobs.define(zeroEmploymentJobKind, runZeroRecomputeJob);

  app.get(
    '/api/employment/assistance/candidates',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '就业困难人员认定：按乡镇列出失业人员及规则结论和理由',
        querystring: ZCandidateQuery,
        response: { 200: ZCandidateList },
      },
    },
    async (request) => screenCandidates(deps(), requireActor(request), request.query),
  );

  app.post(
    '/api/employment/assistance/identifications',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '认定就业困难人员（保存政策决定）',
        body: ZIdentifyRequest,
        response: { 201: ZIdentification },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await identifyPerson(deps(), requireActor(request), request.body)),
  );

  app.get(
    '/api/employment/assistance/cases',
    {
      config: { permission: 'employment.read' },
      schema: { tags, summary: '援助个案列表', querystring: ZCaseListQuery, response: { 200: ZCaseList } },
    },
    async (request) => ({ cases: await listAssistanceCases(deps(), requireActor(request), request.query) }),
  );

  app.post(
    '/api/employment/assistance/cases',
    {
      config: { permission: 'employment.manage' },
      schema: { tags, summary: '开立援助个案', body: ZOpenCaseRequest, response: { 201: ZAssistanceCase } },
    },
    async (request, reply) =>
      reply.status(201).send(await openCase(deps(), requireActor(request), request.body)),
  );

  app.get(
    '/api/employment/assistance/cases/:id',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '援助个案（帮扶计划、跟进记录）',
        params: ZId,
        response: { 200: ZAssistanceCase },
      },
    },
    async (request) => getCase(deps(), requireActor(request), request.params.id),
  );

  app.post(
    '/api/employment/assistance/cases/:id/steps',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '增加帮扶措施',
        params: ZId,
        body: ZNewStep,
        response: { 200: ZAssistanceCase },
      },
    },
    async (request) => addStep(deps(), requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/employment/assistance/cases/:id/steps/:stepId',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '帮扶措施完成或取消',
        params: ZStepParams,
        body: ZStepUpdateRequest,
        response: { 200: ZAssistanceCase },
      },
    },
    async (request) =>
      updateStep(deps(), requireActor(request), request.params.id, request.params.stepId, request.body),
  );

  app.post(
    '/api/employment/assistance/cases/:id/followups',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '记录跟进（日期、方式、内容、下一步）',
        params: ZId,
        body: ZFollowupRequest,
        response: { 200: ZAssistanceCase },
      },
    },
    async (request) => addCaseFollowup(deps(), requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/employment/assistance/cases/:id/close',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '结案（须稳定就业满规定月数，否则说明理由）',
        params: ZId,
        body: ZCloseCaseRequest,
        response: { 200: ZAssistanceCase },
      },
    },
    async (request) => closeCase(deps(), requireActor(request), request.params.id, request.body.note),
  );

  app.get(
    '/api/employment/zero-employment/households',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '零就业家庭动态名单',
        querystring: ZZeroListQuery,
        response: { 200: ZZeroList },
      },
    },
    async (request) => ({
      households: await listZeroHouseholds(deps(), requireActor(request), request.query),
    }),
  );

  app.get(
    '/api/employment/zero-employment/dashboard',
    {
      config: { permission: 'employment.read' },
      schema: { tags, summary: '零就业家庭“清零”看板（按乡镇）', response: { 200: ZZeroDashboard } },
    },
    async (request) => zeroDashboard(deps(), requireActor(request)),
  );

  app.post(
    '/api/employment/zero-employment/recompute',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '重新计算零就业家庭名单（后台任务，进度见 /api/jobs/:id）',
        body: ZRecomputeRequest,
        response: { 202: ZRecomputeResult },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await startZeroRecompute(deps(), app.jobs, requireActor(request), request.body.townshipCode)),
  );

  app.post(
    '/api/employment/zero-employment/households/:id/recheck',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '重新判断一户是否为零就业家庭',
        params: ZId,
        response: { 200: ZHouseholdRecheck },
      },
    },
    async (request) => recheckHouseholdForActor(deps(), requireActor(request), request.params.id),
  );
};
