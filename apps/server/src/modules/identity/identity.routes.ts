import { ZChangePasswordRequest, ZLoginRequest, ZMeResponse, ZOk } from '@qiaoti/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import {
  clearSessionCookie,
  requireActor,
  requireSessionToken,
  setSessionCookie,
} from '../../plugins/access.ts';
import { findAccountById, findOrganisationById } from './identity.repository.ts';
import { type AuthDeps, changePassword, login, logout, presentMe } from './identity.service.ts';

/** Login, logout, the current user and their own password. */
export const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const deps = (): AuthDeps => ({ db: ctx.database.db, pii: ctx.pii, config: ctx.config, now: ctx.clock() });
  const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });

  app.post(
    '/api/auth/login',
    {
      // Per-IP limit (ASVS 2.4.1, 6.3.1): refused before the body is read, so no password check is spent.
      config: { public: true, rateLimit: { max: ctx.config.login.perIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['identity'],
        summary: '登录（用户名、密码，需要时加动态口令）',
        body: ZLoginRequest,
        response: { 200: ZMeResponse },
      },
    },
    async (request, reply) => {
      const result = await login(deps(), request.body, origin(request));
      setSessionCookie(reply, ctx.config, result.token);
      return result.me;
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['identity'], summary: '退出登录', response: { 200: ZOk } } },
    async (request, reply) => {
      await logout(deps(), requireActor(request), requireSessionToken(request));
      clearSessionCookie(reply, ctx.config);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['identity'], summary: '当前用户', response: { 200: ZMeResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const account = await findAccountById(ctx.database.db, actor.accountId);
      if (!account || !request.sessionCsrfToken) throw new AppError('UNAUTHENTICATED');
      const org = account.organisationId
        ? await findOrganisationById(ctx.database.db, account.organisationId)
        : undefined;
      return presentMe(account, org, request.sessionCsrfToken);
    },
  );

  app.post(
    '/api/me/password',
    {
      schema: {
        tags: ['identity'],
        summary: '修改本人密码（其他会话随即失效）',
        body: ZChangePasswordRequest,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await changePassword(deps(), requireActor(request), requireSessionToken(request), request.body);
      return { ok: true as const };
    },
  );
};
