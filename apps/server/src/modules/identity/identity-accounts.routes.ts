import {
  ZAccountIdParams,
  ZAccountListQuery,
  ZAccountPage,
  ZCreateAccountRequest,
  ZCreateAccountResponse,
  ZOrganisationOption,
  ZOrganisationOptionsQuery,
  ZRoleInfo,
  ZSetRolesRequest,
  ZUpdateAccountRequest,
  ZUpdateAccountResponse,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../plugins/access.ts';
import {
  type AdminDeps,
  createAccount,
  listAccountsFor,
  listOrganisationsForAdmin,
  listRoleInfo,
  setAccountRoles,
  updateAccountFor,
} from './identity-accounts.service.ts';

/** 三员 administration: accounts (sys_admin) and roles (sec_admin). */
export const identityAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const deps = (): AdminDeps => ({ db: ctx.database.db, pii: ctx.pii, now: ctx.clock() });
  const tags = ['admin'];

  app.get(
    '/api/admin/accounts',
    {
      config: { permission: ['identity.account.manage', 'identity.role.grant'] },
      schema: { tags, summary: '账号列表', querystring: ZAccountListQuery, response: { 200: ZAccountPage } },
    },
    async (request) => listAccountsFor(ctx.database.db, requireActor(request), request.query, ctx.clock()),
  );

  app.post(
    '/api/admin/accounts',
    {
      config: { permission: 'identity.account.manage' },
      schema: {
        tags,
        summary: '创建账号（初始密码和动态口令密钥只显示一次）',
        body: ZCreateAccountRequest,
        response: { 200: ZCreateAccountResponse },
      },
    },
    async (request) => createAccount(deps(), requireActor(request), request.body),
  );

  app.patch(
    '/api/admin/accounts/:id',
    {
      config: { permission: 'identity.account.manage' },
      schema: {
        tags,
        summary: '修改、停用/启用账号，重置密码，解除锁定',
        params: ZAccountIdParams,
        body: ZUpdateAccountRequest,
        response: { 200: ZUpdateAccountResponse },
      },
    },
    async (request) => updateAccountFor(deps(), requireActor(request), request.params.id, request.body),
  );

  app.put(
    '/api/admin/accounts/:id/roles',
    {
      config: { permission: 'identity.role.grant' },
      schema: {
        tags,
        summary: '设置账号角色（授予、收回）',
        params: ZAccountIdParams,
        body: ZSetRolesRequest,
        response: { 200: z.object({ account: ZUpdateAccountResponse.shape.account }) },
      },
    },
    async (request) => setAccountRoles(deps(), requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/admin/organisations',
    {
      config: { permission: ['identity.account.manage', 'identity.role.grant'] },
      schema: {
        tags,
        summary: '单位列表（账号表单用）',
        querystring: ZOrganisationOptionsQuery,
        response: { 200: z.array(ZOrganisationOption) },
      },
    },
    async (request) => listOrganisationsForAdmin(ctx.database.db, requireActor(request), request.query),
  );

  app.get(
    '/api/admin/roles',
    {
      config: { permission: ['identity.account.manage', 'identity.role.grant'] },
      schema: { tags, summary: '角色及其权限', response: { 200: z.array(ZRoleInfo) } },
    },
    async () => listRoleInfo(),
  );
};
