import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import { archivesRoutes } from './modules/archives/archives.routes.ts';
import { archivesDigitalRoutes } from './modules/archives/digital.routes.ts';
import { livelihoodRoutes } from './modules/archives/livelihood.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { assistanceRoutes } from './modules/employment/assistance.routes.ts';
import { employmentCoreRoutes } from './modules/employment/employment-core.routes.ts';
import { gigRoutes } from './modules/employment/gig.routes.ts';
import { indicatorsRoutes } from './modules/employment/indicators.routes.ts';
import { subsidiesRoutes } from './modules/employment/subsidies.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { identityAccountRoutes } from './modules/identity/identity-accounts.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { policyRoutes } from './modules/policy/policy.routes.ts';
import { registryRoutes } from './modules/registry/registry.routes.ts';
import { workItemsRoutes } from './modules/workitems/workitems.routes.ts';
import { registerAccess } from './plugins/access.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerJobs } from './plugins/jobs.ts';
import { registerSecurity } from './plugins/security.ts';

z.config(z.locales.zhCN());

export interface BuildAppOptions {
  /** Folder of the built web console; served at `/` when it exists. */
  webRoot?: string | undefined;
  logger?: boolean;
}

/** The whole HTTP application, without listening: main.ts listens, tests use `app.inject()`. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? {
          level: ctx.config.logLevel,
          // Never log query strings or bodies: they can carry ID and phone numbers.
          serializers: {
            req: (req) => ({ method: req.method, path: String(req.url).split('?')[0], id: req.id }),
          },
        }
      : false,
    genReqId: () => randomUUID(),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // Security headers, cookies, rate limiter, then sessions, CSRF and permissions: before any route.
  await registerSecurity(app);
  registerAccess(app, ctx);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '桥梯 Qiaoti API', description: '中牟县人力资源社会流动平台接口', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(healthRoutes);
  await registerJobs(app, ctx);
  await app.register(jobsRoutes);
  await app.register(importsRoutes);
  await app.register(identityRoutes);
  await app.register(identityAccountRoutes);
  await app.register(auditRoutes);
  await app.register(registryRoutes);
  await app.register(policyRoutes);
  // ── module routes register here ──
  await app.register(archivesDigitalRoutes);
  await app.register(livelihoodRoutes);
  await app.register(archivesRoutes);
  await app.register(employmentCoreRoutes);
  await app.register(assistanceRoutes);
  await app.register(subsidiesRoutes);
  await app.register(notificationsRoutes);
  await app.register(workItemsRoutes);
  await app.register(gigRoutes);
  await app.register(indicatorsRoutes);

  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined;
  if (webRoot && existsSync(resolve(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // The console is a single-page app: every path outside /api gets index.html.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }

  return app;
}
