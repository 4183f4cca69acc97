import {
  importMaxBytes,
  ZLivelihoodImportResult,
  ZLivelihoodResult,
  ZLivelihoodSearch,
  ZNewLivelihoodRecord,
  ZUuid,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { enableUploads, readUpload, sendFile } from '../attachments/attachments.http.ts';
import { digitalDeps } from './digital.access.ts';
import {
  importLivelihoodIndex,
  livelihoodImportErrors,
  livelihoodImportTemplate,
} from './livelihood.import.ts';
import { addLivelihoodRecord, myLivelihood, searchLivelihood } from './livelihood.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 民生档案 one-stop query: staff search by person with a purpose (POST: ID numbers never in a URL); my own. */
export const livelihoodRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['livelihood'];
  const deps = () => digitalDeps(app.ctx);
  await enableUploads(app, importMaxBytes);

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

  // ── Index loading from department spreadsheets ─────────────────────────────────────────────────────────────
  app.post(
    '/api/livelihood/imports',
    {
      config: { permission: 'archives.livelihood.query' },
      schema: {
        tags,
        summary: '导入部门民生档案索引（.xlsx/.csv；先校验，合格行导入，不合格行逐行说明原因）',
        consumes: ['multipart/form-data'],
        response: { 201: ZLivelihoodImportResult },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = await readUpload(request, importMaxBytes);
      return reply.status(201).send(await importLivelihoodIndex(deps(), actor, file));
    },
  );

  app.get(
    '/api/livelihood/imports/template.xlsx',
    {
      config: { permission: 'archives.livelihood.query' },
      schema: { tags, summary: '民生档案索引导入模板（.xlsx）' },
    },
    async (request, reply) => {
      requireActor(request);
      return sendFile(reply, {
        fileName: '民生档案索引导入模板.xlsx',
        mediaType: XLSX,
        content: await livelihoodImportTemplate(),
      });
    },
  );

  app.get(
    '/api/livelihood/imports/:id/errors.xlsx',
    {
      config: { permission: 'archives.livelihood.query' },
      schema: { tags, summary: '未导入的行（原始内容 + 原因，.xlsx）', params: z.object({ id: ZUuid }) },
    },
    async (request, reply) => {
      const report = await livelihoodImportErrors(deps(), requireActor(request), request.params.id);
      return sendFile(reply, { fileName: report.fileName, mediaType: XLSX, content: report.content });
    },
  );
};
