import {
  ZDecision,
  ZEvaluateRequest,
  ZExplanation,
  ZImpactReport,
  ZImpactRequest,
  ZParameterChange,
  ZParameterChangeRequest,
  ZPolicyLibrary,
  ZRecordDecisionRequest,
  ZReplayResult,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { registryDeps } from '../registry/registry-deps.ts';
import {
  evaluate,
  explainDecision,
  getDecision,
  getLibrary,
  listChanges,
  recordDecision,
  replayDecision,
  scheduleParameterChange,
  withdrawChange,
} from './policy.service.ts';
import { previewImpact } from './policy-impact.service.ts';

const ZId = z.object({ id: z.string().uuid('编号格式不正确') });

/** Policy library, 试算, decision records (replay, explain) and parameter changes with an impact preview. */
export const policyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['policy'];
  const db = () => app.ctx.database.db;
  const today = () => app.ctx.clock().toISOString().slice(0, 10);

  app.get(
    '/api/policy/library',
    {
      config: { permission: 'policy.read' },
      schema: { tags, summary: '政策库：文件与条款、参数及其历史、规则', response: { 200: ZPolicyLibrary } },
    },
    async (request) => getLibrary(db(), requireActor(request), today()),
  );

  app.post(
    '/api/policy/evaluate',
    {
      config: { permission: 'policy.read' },
      schema: {
        tags,
        summary: '试算：计算结论并给出解释（不保存）',
        body: ZEvaluateRequest,
        response: { 200: ZExplanation },
      },
    },
    async (request) => evaluate(db(), requireActor(request), request.body),
  );

  app.post(
    '/api/policy/decisions',
    {
      config: { permission: 'policy.decide' },
      schema: {
        tags,
        summary: '记录一项政策决定（保存输入、版本、结论和理由）',
        body: ZRecordDecisionRequest,
        response: { 201: z.object({ decision: ZDecision, explanation: ZExplanation }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordDecision(registryDeps(app.ctx), requireActor(request), request.body)),
  );

  app.get(
    '/api/policy/decisions/:id',
    {
      config: { permission: 'policy.read' },
      schema: { tags, summary: '政策决定记录', params: ZId, response: { 200: ZDecision } },
    },
    async (request) => getDecision(db(), requireActor(request), request.params.id),
  );

  app.get(
    '/api/policy/decisions/:id/explain',
    {
      config: { permission: 'policy.read' },
      schema: { tags, summary: '政策决定的解释（逐条依据）', params: ZId, response: { 200: ZExplanation } },
    },
    async (request) => explainDecision(db(), requireActor(request), request.params.id),
  );

  app.post(
    '/api/policy/decisions/:id/replay',
    {
      config: { permission: 'policy.read' },
      schema: { tags, summary: '重放政策决定并核对结果', params: ZId, response: { 200: ZReplayResult } },
    },
    async (request) => replayDecision(db(), requireActor(request), request.params.id),
  );

  app.post(
    '/api/policy/impact',
    {
      config: { permission: 'policy.manage' },
      schema: {
        tags,
        summary: '参数调整影响测算（按乡镇统计变化的家庭）',
        body: ZImpactRequest,
        response: { 200: ZImpactReport },
      },
    },
    async (request) => previewImpact(db(), requireActor(request), request.body),
  );

  app.get(
    '/api/policy/parameter-changes',
    {
      config: { permission: 'policy.read' },
      schema: {
        tags,
        summary: '参数调整记录',
        response: { 200: z.object({ items: z.array(ZParameterChange) }) },
      },
    },
    async (request) => ({ items: await listChanges(db(), requireActor(request)) }),
  );

  app.post(
    '/api/policy/parameter-changes',
    {
      config: { permission: 'policy.manage' },
      schema: {
        tags,
        summary: '排定参数调整（指定生效日期）',
        body: ZParameterChangeRequest,
        response: { 201: ZParameterChange },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await scheduleParameterChange(db(), requireActor(request), request.body)),
  );

  app.post(
    '/api/policy/parameter-changes/:id/withdraw',
    {
      config: { permission: 'policy.manage' },
      schema: { tags, summary: '撤回参数调整', params: ZId, response: { 200: ZParameterChange } },
    },
    async (request) => withdrawChange(db(), requireActor(request), request.params.id),
  );
};
