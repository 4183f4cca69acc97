import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importJobKind } from '@qiaoti/contracts';
import type { Actor } from '../../actor.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { runImportJob, startImport } from '../imports/imports.service.ts';
import { buildIdNumber, createImportActor, waitForJob } from '../imports/imports-fixtures.ts';
import { JobRunner } from './jobs.runner.ts';
import { getJob, presentJob } from './jobs.service.ts';

describe('jobs (pg-boss on the app database)', () => {
  let t: TestApp;
  let actor: Actor;
  before(async () => {
    t = await buildTestApp();
    actor = await createImportActor(t.ctx.database.db);
  });
  after(async () => {
    await t.app.close();
  });

  it('resumes an import stopped half-way: a new worker finishes it with every row imported exactly once', async () => {
    const { db } = t.ctx.database;
    const ids = Array.from({ length: 40 }, () => buildIdNumber());
    const csv = Buffer.from(
      `姓名,身份证号\n${ids.map((id, i) => `人员${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯'[Math.floor(i / 10)]},${id}`).join('\n')}\n`,
      'utf8',
    );
    const indexes = ids.map((id) => t.ctx.pii.blindIndex('id_number', id));
    const landed = async () =>
      (await db.selectFrom('persons').select('id').where('idNumberIndex', 'in', indexes).execute()).length;

    const first = new JobRunner(t.ctx, { pollingIntervalSeconds: 0.5 });
    await first.define(importJobKind, runImportJob);
    const interrupted = new Promise<void>((resolve) => {
      first.on('end', (_id, status) => {
        if (status === 'interrupted') resolve();
      });
    });
    // Stop the worker as soon as the first chunk has committed.
    first.on('progress', (_id, done) => {
      if (done > 0) void first.stop();
    });
    const { jobId } = await startImport(
      first,
      actor,
      { fileName: 'resume.csv', content: csv },
      { chunkRows: 5 },
    );
    await interrupted;
    await first.stop();

    const halfway = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    assert.equal(halfway.status, 'queued');
    assert.equal(halfway.progressTotal, 40);
    assert.ok(halfway.progressDone > 0 && halfway.progressDone < 40, `stopped at ${halfway.progressDone}`);
    assert.equal(await landed(), halfway.progressDone, 'what landed is exactly what the checkpoint says');

    const second = new JobRunner(t.ctx, { pollingIntervalSeconds: 0.5 });
    await second.define(importJobKind, runImportJob);
    await second.start();
    try {
      const done = await waitForJob(db, jobId);
      assert.equal(done.status, 'succeeded', done.error ?? '');
      assert.equal(done.progressDone, 40);
      assert.equal((done.result as { rowsImported: number }).rowsImported, 40);
      assert.equal(await landed(), 40);
      const errors = await db
        .selectFrom('jobRowErrors')
        .select('rowNumber')
        .where('jobId', '=', jobId)
        .execute();
      assert.deepEqual(errors, []);
    } finally {
      await second.stop();
    }
  });

  it('records a failing job with its reason, and shows a job to its owner and organisation only', async () => {
    const { db } = t.ctx.database;
    const runner = new JobRunner(t.ctx, { pollingIntervalSeconds: 0.5 });
    await runner.define('test.fails', async () => {
      throw new Error('故意失败');
    });
    try {
      const jobId = await runner.enqueue(
        'test.fails',
        {},
        { createdBy: actor.accountId, organisationId: actor.organisationId },
      );
      const job = await waitForJob(db, jobId);
      assert.equal(job.status, 'failed');
      assert.equal(job.error, '故意失败');
      assert.equal(presentJob(await getJob(db, actor, jobId)).status, 'failed');

      const colleague = await createImportActor(db);
      assert.equal(
        (await getJob(db, { ...colleague, organisationId: actor.organisationId }, jobId)).id,
        jobId,
      );
      await assert.rejects(getJob(db, { ...colleague, organisationId: null }, jobId), { code: 'NOT_FOUND' });
    } finally {
      await runner.stop();
    }
  });

  it('a worker that outlived its claim stops without writing once another has moved the job on', async () => {
    const { db } = t.ctx.database;
    const runner = new JobRunner(t.ctx, { pollingIntervalSeconds: 0.5 });
    let release: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const firstChunk = new Promise<void>((resolve) => {
      runner.once('progress', (_id, done) => {
        if (done === 1) resolve();
      });
    });
    let wroteSecond = false;
    await runner.define('test.fenced', async (run) => {
      await run.commitChunk(async () => ({ done: 1, checkpoint: { at: 1 } }));
      await paused;
      await run.commitChunk(async () => {
        wroteSecond = true;
        return { done: 2, checkpoint: { at: 2 } };
      });
      return {};
    });
    try {
      const jobId = await runner.enqueue(
        'test.fenced',
        {},
        { createdBy: actor.accountId, organisationId: null },
      );
      await firstChunk;
      // Another worker (after this one's claim lapsed) commits its own progress.
      await db.updateTable('jobs').set({ progressDone: 5 }).where('id', '=', jobId).execute();
      release();
      await new Promise((r) => setTimeout(r, 300));
      const job = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
      assert.equal(wroteSecond, false);
      assert.equal(job.progressDone, 5);
      assert.deepEqual(job.checkpoint, { at: 1 });
      assert.equal(job.status, 'running', 'left to the worker that holds it');
    } finally {
      await runner.stop();
    }
  });
});
