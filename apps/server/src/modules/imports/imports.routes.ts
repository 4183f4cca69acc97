import fastifyMultipart from '@fastify/multipart';
import { importJobKind, importMaxBytes, ZImportAccepted } from '@qiaoti/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { requireActor } from '../../plugins/access.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { buildErrorReport, buildTemplate, runImportJob, startImport } from './imports.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, fileName: string, content: Buffer) {
  return reply
    .header('content-type', XLSX)
    .header(
      'content-disposition',
      `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(content);
}

/**
 * POST /api/imports (multipart, one .xlsx or .csv) → 202 { jobId }; progress at GET /api/jobs/:id;
 * GET /api/imports/:jobId/errors.xlsx (the failed rows with reasons); GET /api/imports/template.xlsx.
 */
export async function importsRoutes(app: FastifyInstance): Promise<void> {
  await app.jobs.define(importJobKind, runImportJob);
  if (!app.hasContentTypeParser('multipart/form-data'))
    await app.register(fastifyMultipart, {
      limits: { fileSize: importMaxBytes, files: 1, fields: 5, parts: 6 },
    });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/imports',
    {
      config: { permission: 'registry.import' },
      schema: {
        tags: ['导入'],
        summary: '上传 .xlsx 或 .csv 批量导入人员和家庭户（后台任务）',
        consumes: ['multipart/form-data'],
        response: { 202: ZImportAccepted },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 上传文件');
      const part = await request.file({ limits: { fileSize: importMaxBytes } });
      if (!part) throw new AppError('BAD_REQUEST', '请选择要导入的文件');
      const content = await part.toBuffer();
      const { jobId } = await startImport(app.jobs, actor, { fileName: part.filename, content });
      await recordAudit(app.ctx.database.db, actor, {
        event: 'import',
        objectType: 'job',
        objectId: jobId,
        details: { kind: importJobKind, bytes: content.length },
        at: app.ctx.clock(),
      });
      return reply.status(202).send({ jobId });
    },
  );

  r.get(
    '/api/imports/template.xlsx',
    { config: { permission: 'registry.import' }, schema: { tags: ['导入'], summary: '导入模板（.xlsx）' } },
    async (request, reply) => {
      requireActor(request);
      return sendXlsx(reply, '人员和家庭户导入模板.xlsx', await buildTemplate());
    },
  );

  r.get(
    '/api/imports/:jobId/errors.xlsx',
    {
      config: { permission: 'registry.import' },
      schema: {
        tags: ['导入'],
        summary: '导入失败的行（原始内容 + 错误原因，.xlsx）',
        params: z.object({ jobId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { db } = app.ctx.database;
      const report = await buildErrorReport(db, app.ctx.pii, actor, request.params.jobId);
      await recordAudit(db, actor, {
        event: 'export',
        objectType: 'job',
        objectId: request.params.jobId,
        details: { what: 'import_errors', rows: report.rows },
        at: app.ctx.clock(),
      });
      return sendXlsx(reply, report.fileName, report.content);
    },
  );
}
