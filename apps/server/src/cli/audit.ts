import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config.ts';
import { verifyAuditChain } from '../modules/audit/audit.service.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

/**
 * `npm run cli -- audit verify`: walks the SM3 hash chain. Exit 0 when intact; 1 naming the first broken record.
 * The printed head (seq + hash) is what to copy somewhere off this machine: a later verify that no longer reaches
 * that head means the log was cut.
 */
export const audit: CliCommand = {
  summary: '校验审计日志哈希链：audit verify',
  async run(args) {
    if (args[0] !== 'verify') {
      process.stderr.write('用法：npm run cli -- audit verify\n');
      return 2;
    }
    const ctx = await openPlatform(loadConfig());
    try {
      const report = await auditVerifyReport(ctx.database.db);
      process.stdout.write(`${report.text}\n`);
      return report.exitCode;
    } finally {
      await ctx.database.close();
    }
  },
};

/** The verdict as the CLI prints it: exit 0 and the head when intact, 1 and the first broken record otherwise. */
export async function auditVerifyReport(db: Kysely<DB>): Promise<{ exitCode: number; text: string }> {
  const result = await verifyAuditChain(db);
  const head = result.head ? `，链尾 #${result.head.seq} ${result.head.hash}` : '';
  if (result.ok) return { exitCode: 0, text: `审计日志完整：已校验 ${result.checked} 条${head}` };
  return {
    exitCode: 1,
    text: `审计日志已被篡改：第一条异常记录 #${result.firstBrokenSeq}（${reasonText(result.reason)}），已校验 ${result.checked} 条`,
  };
}

function reasonText(reason: string | null): string {
  switch (reason) {
    case 'link':
      return '与上一条记录的哈希不衔接，可能有记录被删除或插入';
    case 'hash':
      return '内容与哈希不符，记录被修改';
    case 'checkpoint':
      return '与检查点不符';
    case 'truncated':
      return '日志尾部被截断';
    default:
      return '未知';
  }
}
