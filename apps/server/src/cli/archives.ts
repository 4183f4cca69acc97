import { loadConfig } from '../config.ts';
import { sweepActor } from '../modules/archives/transfers.jobs.ts';
import { sweepTransferTimers } from '../modules/archives/transfers.workitems.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

const USAGE = `用法：npm run cli -- archives sweep
  档案转递超期提醒：逾期未转出的转递升级一次并通知应办理机构的工作人员（服务运行时每天 01:30 自动执行）。
`;

/** `npm run cli -- archives sweep`: the daily overdue sweep of archive transfers, run now. */
export const archives: CliCommand = {
  summary: '人事档案：archives sweep（转递超期提醒）',
  async run(args) {
    const [sub] = args;
    if (sub !== 'sweep') {
      process.stdout.write(USAGE);
      return sub === undefined || sub === '--help' ? 0 : 2;
    }
    const ctx = await openPlatform(loadConfig());
    try {
      const r = await sweepTransferTimers(ctx.database.db, sweepActor(), ctx.clock());
      process.stdout.write(`档案转递超期提醒：已超期 ${r.overdue} 件，本次新提醒 ${r.newlyAlerted} 件。\n`);
      return 0;
    } finally {
      await ctx.database.close();
    }
  },
};
