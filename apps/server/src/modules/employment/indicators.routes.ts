import {
  ZIndicatorEntry,
  ZIndicatorEntryList,
  ZIndicatorEntryRequest,
  ZIndicatorQuery,
  ZIndicatorReport,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import { gigDeps } from './gig.service.ts';
import {
  enterIndicatorValue,
  exportIndicatorReport,
  getIndicatorReport,
  listIndicatorEntries,
} from './indicators.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZMonthRange = z.object({
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为 YYYY-MM'),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为 YYYY-MM'),
});

/** Employment indicators by township and month; the surveyed unemployment rate as an entered series; .xlsx export. */
export const indicatorsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = gigDeps(app.ctx);
  const tags = ['indicators'];

  app.get(
    '/api/employment/indicators',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '就业指标（按乡镇、月份）',
        querystring: ZIndicatorQuery,
        response: { 200: ZIndicatorReport },
      },
    },
    async (request) => getIndicatorReport(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/employment/indicators.xlsx',
    {
      config: { permission: 'employment.read' },
      schema: { tags, summary: '导出就业指标（.xlsx，记入审计）', querystring: ZIndicatorQuery },
    },
    async (request, reply) => {
      const file = await exportIndicatorReport(deps, requireActor(request), request.query);
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );

  app.get(
    '/api/employment/indicators/entries',
    {
      config: { permission: 'employment.read' },
      schema: {
        tags,
        summary: '录入的指标（城镇调查失业率）',
        querystring: ZMonthRange,
        response: { 200: ZIndicatorEntryList },
      },
    },
    async (request) => listIndicatorEntries(deps, requireActor(request), request.query),
  );

  app.post(
    '/api/employment/indicators/entries',
    {
      config: { permission: 'employment.manage' },
      schema: {
        tags,
        summary: '录入或更正月度城镇调查失业率（须注明来源）',
        body: ZIndicatorEntryRequest,
        response: { 200: ZIndicatorEntry },
      },
    },
    async (request) => enterIndicatorValue(deps, requireActor(request), request.body),
  );
};
