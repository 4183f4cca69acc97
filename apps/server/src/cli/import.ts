import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { importJobKind, type TImportResult } from '@qiaoti/contracts';
import { loadConfig } from '../config.ts';
import { writeAudit } from '../modules/audit/audit.service.ts';
import { runImportJob, startImport, writeErrorReport } from '../modules/imports/imports.service.ts';
import { findJob } from '../modules/jobs/jobs.repository.ts';
import { JobRunner } from '../modules/jobs/jobs.runner.ts';
import { openPlatform } from '../platform.ts';
import type { CliCommand } from './commands.ts';

/**
 * `npm run cli -- import <file.xlsx|csv>`: the same import job the console starts, run in this process, with a
 * progress line on stderr, a summary, and the failed rows written next to the file as an .xlsx. Ctrl-C stops after
 * the current chunk; what was committed stays, and the job resumes when the server (or this command) runs again.
 */
export const importCommand: CliCommand = {
  summary: '从 .xlsx 或 .csv 批量导入人员和家庭户：import <文件>',
  async run(args) {
    const file = args.find((a) => !a.startsWith('-'));
    if (!file) {
      process.stderr.write('用法：npm run cli -- import <文件.xlsx|文件.csv>\n');
      return 2;
    }
    const path = resolve(file);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) {
      process.stderr.write(`找不到文件：${path}\n`);
      return 2;
    }
    const ctx = await openPlatform(loadConfig());
    const runner = new JobRunner(ctx, { pollingIntervalSeconds: 0.5 });
    try {
      await runner.define(importJobKind, runImportJob);
      await runner.start();
      const content = readFileSync(path);
      const started = performance.now();
      let jobId = '';
      const ended = new Promise<'succeeded' | 'failed' | 'interrupted'>((done) => {
        runner.on('end', (id, status) => {
          if (id === jobId) done(status);
        });
      });
      let last = 0;
      runner.on('progress', (id, rows, total) => {
        const now = performance.now();
        if (id !== jobId || (now - last < 200 && rows !== total)) return;
        last = now;
        const rate = Math.round(rows / Math.max(0.001, (now - started) / 1000));
        const pct = total ? Math.floor((rows / total) * 100) : 0;
        process.stderr.write(`\r导入中 ${pct}% ${rows}/${total ?? '?'} 行 · ${rate} 行/秒   `);
      });
      const interrupt = () => {
        process.stderr.write('\n正在停止：当前这一批写完后停止……\n');
        void runner.stop();
      };
      process.once('SIGINT', interrupt);
      ({ jobId } = await startImport(runner, null, { fileName: basename(path), content }));
      await writeAudit(ctx.database.db, {
        at: ctx.clock(),
        event: 'import',
        outcome: 'success',
        actorUsername: 'cli',
        objectType: 'job',
        objectId: jobId,
        details: { kind: importJobKind, bytes: content.length, via: 'cli' },
      });
      const status = await ended;
      process.off('SIGINT', interrupt);
      process.stderr.write('\n');
      const job = await findJob(ctx.database.db, jobId);
      if (!job) throw new Error('任务记录不见了');
      if (status === 'interrupted') {
        process.stdout.write(
          `已中断：已提交 ${job.progressDone}/${job.progressTotal ?? '?'} 行；任务 ${jobId} 会在服务下次启动时从中断处继续。\n`,
        );
        return 130;
      }
      if (status === 'failed') {
        process.stdout.write(`导入失败：${job.error ?? '未知原因'}\n`);
        return 1;
      }
      const r = job.result as TImportResult;
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `导入完成（${seconds.toFixed(1)} 秒，${Math.round(r.rowsTotal / seconds)} 行/秒）：共 ${r.rowsTotal} 行，导入 ${r.rowsImported} 行、${r.householdsImported} 户；未导入 ${r.rowsRejected} 行（${r.householdsRejected} 户整户未导入）。\n任务编号：${jobId}\n`,
      );
      if (r.rowsRejected > 0) {
        const report = await writeErrorReport(ctx.database.db, ctx.pii, job);
        const out = resolve(`${path.replace(/\.(xlsx|csv)$/i, '')}-导入失败行.xlsx`);
        writeFileSync(out, report.content);
        await writeAudit(ctx.database.db, {
          at: ctx.clock(),
          event: 'export',
          outcome: 'success',
          actorUsername: 'cli',
          objectType: 'job',
          objectId: jobId,
          details: { what: 'import_errors', rows: report.rows, via: 'cli' },
        });
        process.stdout.write(`未导入的行及原因：${out}\n`);
      }
      return 0;
    } finally {
      await runner.stop();
      await ctx.database.close();
    }
  },
};
