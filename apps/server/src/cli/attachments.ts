import { loadConfig } from '../config.ts';
import { AttachmentStore } from '../modules/attachments/attachments-store.ts';
import {
  DEFAULT_SWEEP_GRACE_MS,
  sweepOrphanedAttachments,
} from '../modules/attachments/attachments-sweep.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

const USAGE = `用法：npm run cli -- attachments sweep [--grace-hours <小时>] [--dry-run]
  清理孤立附件：删除存储目录中超过宽限期（默认 24 小时）、且没有任何 files/attachment 记录引用的文件
  （上传后所在事务回滚留下的文件），以及中断写入留下的临时文件。--dry-run 只统计不删除。
`;

function parseGraceMs(args: string[]): number | null {
  const i = args.indexOf('--grace-hours');
  if (i < 0) return DEFAULT_SWEEP_GRACE_MS;
  const hours = Number(args[i + 1]);
  return Number.isFinite(hours) && hours >= 0 ? hours * 3600_000 : null;
}

/** `npm run cli -- attachments sweep`: removes stored files no row references, after a grace period. */
export const attachmentsCommand: CliCommand = {
  summary: '附件：attachments sweep（清理事务回滚留下的孤立文件）',
  async run(args) {
    const [sub, ...rest] = args;
    const graceMs = parseGraceMs(rest);
    if (sub !== 'sweep' || graceMs === null) {
      process.stdout.write(USAGE);
      return sub === undefined || sub === '--help' ? 0 : 2;
    }
    const config = loadConfig();
    const ctx = await openPlatform(config);
    try {
      const r = await sweepOrphanedAttachments(
        ctx.database.db,
        new AttachmentStore(config.attachments.root),
        {
          graceMs,
          dryRun: rest.includes('--dry-run'),
          now: ctx.clock(),
        },
      );
      process.stdout.write(
        `${r.dryRun ? '（试运行，未删除）' : ''}孤立附件清理：检查 ${r.scanned} 个文件，有记录引用 ${r.referenced} 个，` +
          `宽限期内保留 ${r.young} 个，${r.dryRun ? '可删除' : '已删除'} ${r.removed} 个（${r.removedBytes} 字节），` +
          `临时文件 ${r.tmpRemoved} 个。\n`,
      );
      return 0;
    } finally {
      await ctx.database.close();
    }
  },
};
