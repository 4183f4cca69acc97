import {
  ZArchiveAgency,
  ZArchiveAgencyList,
  ZArchiveDetail,
  ZArchiveList,
  ZArchiveListQuery,
  ZCounterpartAgency,
  ZFulfilPledge,
  ZFulfilPledgeResult,
  ZIdParams,
  ZIntakeMaterialList,
  ZIntakeRequest,
  ZIntakeResult,
  ZMyArchive,
  ZNewMaterial,
  ZOverdueSweepResult,
  ZPledgeList,
  ZPledgeListQuery,
  ZQueueName,
  ZQueueSummary,
  ZReturnTransfer,
  ZSendTransfer,
  ZStartTransfer,
  ZTransfer,
  ZTransferApplication,
  ZTransferList,
  ZUnitDirectCandidates,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { idempotencyKeyOf } from '../../plugins/idempotency.ts';
import { createCounterpart, getAgencies, updateCounterpart } from './agencies.service.ts';
import { shanghaiDay } from './archives.decisions.ts';
import { addMaterial, getArchive, getMyArchive, listArchives } from './archives.service.ts';
import { fulfilPledge, listPledgeQueue } from './intake.pledges.ts';
import { intakeArchive, intakeMaterials } from './intake.service.ts';
import { unitDirectCandidates } from './transfers.candidates.ts';
import { registerArchivesSweepJob } from './transfers.jobs.ts';
import {
  applyOnline,
  approveTransfer,
  getQueue,
  getQueueSummary,
  getTransfer,
  receiveTransfer,
  returnTransfer,
  sendTransfer,
  startTransfer,
  sweepOverdue,
  withdrawTransfer,
} from './transfers.service.ts';

/**
 * Personnel archives: agencies, intake, the archive page, transfers and queues, and the citizen's own archive.
 * Every mutating route requires an Idempotency-Key (one effect per key).
 */
export const archivesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['archives'];
  const db = () => app.ctx.database.db;
  const now = () => app.ctx.clock();
  const key = (request: Parameters<typeof idempotencyKeyOf>[0]) =>
    idempotencyKeyOf(request, { required: true });
  await registerArchivesSweepJob(app);

  app.get(
    '/api/archives/agencies',
    {
      config: { permission: ['archives.read', 'self.read'] },
      schema: {
        tags,
        summary: '档案管理机构（县内机构、经授权单位和县外对方机构）',
        response: { 200: ZArchiveAgencyList },
      },
    },
    async (request) => getAgencies(db(), requireActor(request)),
  );

  app.post(
    '/api/archives/agencies',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '登记县外对方档案机构（跨省通办）',
        body: ZCounterpartAgency,
        response: { 200: ZArchiveAgency },
      },
    },
    async (request) => createCounterpart(db(), requireActor(request), key(request), request.body, now()),
  );

  app.post(
    '/api/archives/agencies/:id',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '修改县外对方档案机构记录',
        params: ZIdParams,
        body: ZCounterpartAgency,
        response: { 200: ZArchiveAgency },
      },
    },
    async (request) =>
      updateCounterpart(db(), requireActor(request), key(request), request.params.id, request.body, now()),
  );

  app.get(
    '/api/archives/unit-direct/candidates',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '经授权单位：本单位已入职人员及其档案所在（选择后直接转递）',
        response: { 200: ZUnitDirectCandidates },
      },
    },
    async (request) => unitDirectCandidates(db(), requireActor(request)),
  );

  app.get(
    '/api/archives/pledges',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '告知承诺：待补交（默认）、已逾期或全部',
        querystring: ZPledgeListQuery,
        response: { 200: ZPledgeList },
      },
    },
    async (request) => listPledgeQueue(db(), requireActor(request), request.query.filter, now()),
  );

  app.post(
    '/api/archives/pledges/:id/fulfil',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '告知承诺履行：补交材料登记入目录',
        params: ZIdParams,
        body: ZFulfilPledge,
        response: { 200: ZFulfilPledgeResult },
      },
    },
    async (request) =>
      fulfilPledge(db(), requireActor(request), key(request), request.params.id, request.body, now()),
  );

  app.get(
    '/api/archives/intake-materials',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '接收档案的审核材料：必备与不得要求的材料',
        response: { 200: ZIntakeMaterialList },
      },
    },
    async (request) => intakeMaterials(db(), requireActor(request), shanghaiDay(now())),
  );

  app.post(
    '/api/archives/intakes',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '接收档案（依规则决定，保存决定记录）',
        body: ZIntakeRequest,
        response: { 200: ZIntakeResult },
      },
    },
    async (request) => intakeArchive(db(), requireActor(request), key(request), request.body, now()),
  );

  app.get(
    '/api/archives',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '本机构保管的档案',
        querystring: ZArchiveListQuery,
        response: { 200: ZArchiveList },
      },
    },
    async (request) => listArchives(db(), requireActor(request), request.query),
  );

  app.get(
    '/api/archives/queues',
    {
      config: { permission: 'archives.read' },
      schema: { tags, summary: '本机构各待办队列的数量', response: { 200: ZQueueSummary } },
    },
    async (request) => getQueueSummary(db(), requireActor(request), now()),
  );

  app.get(
    '/api/archives/queues/:queue',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '待办队列：待开具调档函、待转出、待接收、已超期、退回补充',
        params: z.object({ queue: ZQueueName }),
        response: { 200: ZTransferList },
      },
    },
    async (request) => getQueue(db(), requireActor(request), request.params.queue, now()),
  );

  app.post(
    '/api/archives/sweeps/overdue',
    {
      config: { permission: 'archives.manage' },
      schema: { tags, summary: '超期提醒：逾期未转出的转递', response: { 200: ZOverdueSweepResult } },
    },
    async (request) => sweepOverdue(db(), requireActor(request), now()),
  );

  app.get(
    '/api/archives/:id',
    {
      config: { permission: 'archives.read' },
      schema: {
        tags,
        summary: '档案：存档台账、卷册、目录',
        params: ZIdParams,
        response: { 200: ZArchiveDetail },
      },
    },
    async (request) => getArchive(db(), requireActor(request), request.params.id, now()),
  );

  app.post(
    '/api/archives/:id/materials',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '登记档案材料',
        params: ZIdParams,
        body: ZNewMaterial,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) =>
      addMaterial(db(), requireActor(request), key(request), request.params.id, request.body, now()),
  );

  app.post(
    '/api/archives/transfers',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '单位直接转递或跨省通办转递',
        body: ZStartTransfer,
        response: { 200: ZTransfer },
      },
    },
    async (request) => startTransfer(db(), requireActor(request), key(request), request.body, now()),
  );

  app.get(
    '/api/archives/transfers/:id',
    {
      config: { permission: ['archives.read', 'self.read'] },
      schema: { tags, summary: '转递详情', params: ZIdParams, response: { 200: ZTransfer } },
    },
    async (request) => getTransfer(db(), requireActor(request), request.params.id, now()),
  );

  app.post(
    '/api/archives/transfers/:id/approve',
    {
      config: { permission: 'archives.manage' },
      schema: { tags, summary: '同意并开具调档函', params: ZIdParams, response: { 200: ZTransfer } },
    },
    async (request) => approveTransfer(db(), requireActor(request), key(request), request.params.id, now()),
  );

  app.post(
    '/api/archives/transfers/:id/send',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '转出（机要通信或专人送取）',
        params: ZIdParams,
        body: ZSendTransfer,
        response: { 200: ZTransfer },
      },
    },
    async (request) =>
      sendTransfer(db(), requireActor(request), key(request), request.params.id, request.body, now()),
  );

  app.post(
    '/api/archives/transfers/:id/receive',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '接收并回执（档案保管随之转移）',
        params: ZIdParams,
        response: { 200: ZTransfer },
      },
    },
    async (request) => receiveTransfer(db(), requireActor(request), key(request), request.params.id, now()),
  );

  app.post(
    '/api/archives/transfers/:id/return',
    {
      config: { permission: 'archives.manage' },
      schema: {
        tags,
        summary: '退回补充材料',
        params: ZIdParams,
        body: ZReturnTransfer,
        response: { 200: ZTransfer },
      },
    },
    async (request) =>
      returnTransfer(db(), requireActor(request), key(request), request.params.id, request.body, now()),
  );

  app.post(
    '/api/archives/transfers/:id/withdraw',
    {
      config: { permission: ['archives.manage', 'self.read'] },
      schema: { tags, summary: '撤回（转出之前）', params: ZIdParams, response: { 200: ZTransfer } },
    },
    async (request) => withdrawTransfer(db(), requireActor(request), key(request), request.params.id, now()),
  );

  app.get(
    '/api/me/archive',
    {
      config: { permission: 'self.read' },
      schema: { tags, summary: '我的档案：存放机构、转递记录、目录', response: { 200: ZMyArchive } },
    },
    async (request) => getMyArchive(db(), requireActor(request), now()),
  );

  app.post(
    '/api/me/archive/transfer',
    {
      config: { permission: 'self.read' },
      schema: { tags, summary: '在线申请转档', body: ZTransferApplication, response: { 200: ZTransfer } },
    },
    async (request) => applyOnline(db(), requireActor(request), key(request), request.body, now()),
  );
};
