import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runZeroRecomputeJob, zeroEmploymentJobKind } from '../modules/employment/zero-employment.service.ts';
import { findJob } from '../modules/jobs/jobs.repository.ts';
import { JobRunner } from '../modules/jobs/jobs.runner.ts';
import { businessDay } from '../modules/registry/registry-deps.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

const USAGE = `用法：npm run cli -- zero-employment [--township 410122001]
  重新计算零就业家庭名单并写入当日各乡镇快照（供“清零”看板走势）；宜每天运行一次（如 cron）。
  --township C   只计算一个乡镇（街道），9 位代码；默认全县
`;

/** `npm run cli -- zero-employment`: the console's recompute job, run here with a progress line (daily by cron). */
export const zeroEmployment: CliCommand = {
  summary: '重新计算零就业家庭名单并写入当日快照：zero-employment [--township C]',
  async run(args) {
    let township: string | undefined;
    try {
      const { values } = parseArgs({
        args,
        options: { township: { type: 'string' }, help: { type: 'boolean' } },
      });
      if (values.help) {
        process.stdout.write(USAGE);
        return 0;
      }
      township = values.township;
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return 2;
    }
    if (township !== undefined && !/^410122\d{3}$/.test(township)) {
      process.stderr.write(`--township 须为本县乡镇（街道）的 9 位代码\n${USAGE}`);
      return 2;
    }
    const ctx = await openPlatform(loadConfig());
    const runner = new JobRunner(ctx, { pollingIntervalSeconds: 0.5 });
    try {
      await runner.define(zeroEmploymentJobKind, runZeroRecomputeJob);
      await runner.start();
      let jobId = '';
      const ended = new Promise<string>((done) => {
        runner.on('end', (id, status) => {
          if (id === jobId) done(status);
        });
      });
      runner.on('progress', (id, done, total) => {
        if (id === jobId) process.stderr.write(`\r计算中 ${done}/${total ?? '?'} 户   `);
      });
      const day = businessDay(ctx.clock());
      jobId = await runner.enqueue(
        zeroEmploymentJobKind,
        { prefix: township ?? '410122', day },
        { createdBy: null, organisationId: null },
      );
      const status = await ended;
      process.stderr.write('\n');
      const job = await findJob(ctx.database.db, jobId);
      if (status !== 'succeeded' || !job) {
        process.stdout.write(`计算未完成：${job?.error ?? status}\n`);
        return 1;
      }
      const r = (job.result ?? {}) as { checked?: number; entered?: number; left?: number };
      process.stdout.write(
        `零就业家庭名单已更新（${day}）：检查 ${r.checked ?? 0} 户，新列入 ${r.entered ?? 0} 户，清零 ${r.left ?? 0} 户。\n`,
      );
      return 0;
    } finally {
      await runner.stop();
      await ctx.database.close();
    }
  },
};
