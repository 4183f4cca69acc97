import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { findAccountByUsername } from '../modules/identity/identity.repository.ts';
import { totpCode } from '../modules/identity/identity-totp.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

/** `npm run cli -- totp --username U`: the account's current code, for demo and development only. */
export const totp: CliCommand = {
  summary: '显示账号当前的动态口令（仅演示、开发环境）：totp --username U',
  async run(args) {
    const { values } = parseArgs({ args, options: { username: { type: 'string' } } });
    if (!values.username) {
      process.stderr.write('用法：npm run cli -- totp --username U\n');
      return 2;
    }
    const config = loadConfig();
    if (config.env === 'production') {
      process.stderr.write('生产环境不提供此命令：动态口令只在本人的验证器应用中。\n');
      return 1;
    }
    const ctx = await openPlatform(config);
    try {
      const account = await findAccountByUsername(ctx.database.db, values.username.trim().toLowerCase());
      if (!account?.totpSecretCipher) {
        process.stderr.write(`账号不存在或未设置动态口令：${values.username}\n`);
        return 1;
      }
      const now = ctx.clock();
      const code = await totpCode(ctx.pii.decrypt(account.totpSecretCipher), now);
      const left = 30 - (Math.floor(now.getTime() / 1000) % 30);
      process.stdout.write(`${code}（${left} 秒内有效）\n`);
      return 0;
    } finally {
      await ctx.database.close();
    }
  },
};
