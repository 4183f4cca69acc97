import { parseArgs } from 'node:util';
import { adminRoles, type Role, roleNames } from '@qiaoti/contracts';
import { loadConfig } from '../config.ts';
import { writeAudit } from '../modules/audit/audit.service.ts';
import { findOrganisationByCode } from '../modules/identity/identity.repository.ts';
import { provisionAccount } from '../modules/identity/identity-accounts.service.ts';
import { totpUri } from '../modules/identity/identity-totp.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

/**
 * `npm run cli -- admin create --username U --org CODE --role sys_admin [--name 姓名]`: how the first admin
 * (and the other two of 三员) is created in production. Prints a generated password and the TOTP secret once.
 */
export const admin: CliCommand = {
  summary: '创建管理员账号：admin create --username U --org 单位代码 --role sys_admin|sec_admin|audit_admin',
  async run(args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        username: { type: 'string' },
        org: { type: 'string' },
        role: { type: 'string', multiple: true },
        name: { type: 'string' },
      },
    });
    if (positionals[0] !== 'create' || !values.username || !values.role?.length) {
      process.stderr.write(
        '用法：npm run cli -- admin create --username U --org 单位代码 --role sys_admin [--name 姓名]\n',
      );
      return 2;
    }
    const roles = values.role as Role[];
    const unknown = roles.filter((r) => !roleNames.includes(r));
    if (unknown.length > 0) {
      process.stderr.write(`未知角色：${unknown.join('、')}（可用：${roleNames.join(', ')}）\n`);
      return 2;
    }
    if (!roles.some((r) => (adminRoles as readonly string[]).includes(r)))
      process.stderr.write('提示：业务账号通常由系统管理员在控制台创建、由安全管理员授权。\n');
    const ctx = await openPlatform(loadConfig());
    try {
      let organisationId: string | null = null;
      if (values.org) {
        const org = await findOrganisationByCode(ctx.database.db, values.org);
        if (!org) {
          process.stderr.write(`单位代码不存在：${values.org}\n`);
          return 1;
        }
        organisationId = org.id;
      }
      const username = values.username;
      const displayName = values.name ?? values.username;
      const made = await ctx.database.db.transaction().execute(async (trx) => {
        const now = ctx.clock();
        const account = await provisionAccount(
          { db: trx, pii: ctx.pii, now },
          { username, displayName, organisationId, roles },
        );
        // Recorded like the console's actions, with the command line as the (unauthenticated) actor.
        const base = {
          at: now,
          outcome: 'success' as const,
          actorUsername: 'cli',
          objectType: 'account',
          objectId: account.account.id,
        };
        await writeAudit(trx, { ...base, event: 'account.create', details: { via: 'cli', username } });
        for (const role of roles)
          await writeAudit(trx, { ...base, event: 'role.grant', details: { via: 'cli', role } });
        return account;
      });
      process.stdout.write(
        [
          `已创建账号 ${made.account.username}（${roles.join('、')}）。以下信息只显示这一次，请当面交给本人：`,
          `  初始密码：${made.password}`,
          `  动态口令密钥（TOTP，Base32）：${made.totpSecret}`,
          `  otpauth：${totpUri(made.account.username, made.totpSecret)}`,
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      await ctx.database.close();
    }
  },
};
