import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sm3Hex, testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { waitForJob } from '../imports/imports-fixtures.ts';
import { attachmentsSweepJobKind, msUntilNextAttachmentsSweep } from './attachments.jobs.ts';
import { insertFileOnce } from './attachments.repository.ts';
import { AttachmentStore } from './attachments-store.ts';
import { sweepOrphanedAttachments } from './attachments-sweep.ts';

const exists = async (p: string) => (await stat(p).catch(() => null)) !== null;
const HOUR = 3600_000;

describe('attachments sweep: removes stored files no row references, after the grace period', () => {
  let root: string;
  let store: AttachmentStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'qiaoti-sweep-'));
    store = new AttachmentStore(root);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps referenced and young files, removes old orphans and stale temporary files; dry run deletes nothing', async () => {
    const { db } = await getTestDatabase();
    const now = new Date();
    const old = new Date(now.getTime() - 48 * HOUR);
    const tag = `${process.pid}-${now.getTime()}`;
    // A referenced file (a committed upload), an old orphan (its transaction rolled back), a young orphan.
    const kept = await store.put(Buffer.from(`referenced ${tag}`));
    await insertFileOnce(db, {
      digest: kept.digest,
      mediaType: 'application/pdf',
      size: kept.size,
      originalName: 'kept.pdf',
      createdBy: null,
    });
    const orphan = await store.put(Buffer.from(`rolled back ${tag}`));
    const young = await store.put(Buffer.from(`just uploaded ${tag}`));
    await utimes(store.pathOf(kept.digest), old, old);
    await utimes(store.pathOf(orphan.digest), old, old);
    // Stray names are left alone; an old temporary file of an interrupted write goes.
    await writeFile(join(root, 'README.txt'), 'not ours');
    await mkdir(join(root, 'tmp'), { recursive: true });
    const tmpFile = join(root, 'tmp', `${sm3Hex(Buffer.from(tag))}.abc123`);
    await writeFile(tmpFile, 'half');
    await utimes(tmpFile, old, old);

    const dry = await sweepOrphanedAttachments(db, store, { graceMs: 24 * HOUR, dryRun: true, now });
    assert.deepEqual(
      { ...dry },
      {
        scanned: 3,
        referenced: 1,
        young: 1,
        removed: 1,
        removedBytes: orphan.size,
        tmpRemoved: 1,
        dryRun: true,
      },
    );
    assert.ok(await exists(store.pathOf(orphan.digest)), 'dry run deletes nothing');

    const r = await sweepOrphanedAttachments(db, store, { graceMs: 24 * HOUR, now });
    assert.equal(r.removed, 1);
    assert.equal(r.tmpRemoved, 1);
    assert.equal(await exists(store.pathOf(orphan.digest)), false, 'old orphan removed');
    assert.equal(await exists(tmpFile), false);
    assert.ok(await exists(store.pathOf(kept.digest)), 'referenced file kept however old');
    assert.ok(await exists(store.pathOf(young.digest)), 'orphan within the grace period kept');
    assert.ok(await exists(join(root, 'README.txt')));
    assert.deepEqual(await store.verify(kept.digest), { ok: true, reason: null });

    const again = await sweepOrphanedAttachments(db, store, { graceMs: 24 * HOUR, now });
    assert.equal(again.removed, 0, 'a second sweep finds nothing more');
    assert.equal(again.scanned, 2);
  });

  it('re-uploading an old orphan’s content refreshes it, so the sweep spares it for the new transaction', async () => {
    const { db } = await getTestDatabase();
    const now = new Date();
    const content = Buffer.from(`reused ${process.pid}-${now.getTime()}`);
    const first = await store.put(content);
    const old = new Date(now.getTime() - 48 * HOUR);
    await utimes(store.pathOf(first.digest), old, old);
    const second = await store.put(content);
    assert.equal(second.isNew, false);
    const r = await sweepOrphanedAttachments(db, store, { graceMs: 24 * HOUR, now });
    assert.ok(r.young >= 1);
    assert.ok(await exists(store.pathOf(first.digest)));
  });

  it('runs as the nightly job (03:30 Beijing time) through the job runner', async () => {
    assert.equal(msUntilNextAttachmentsSweep(new Date('2026-11-28T19:00:00Z')), 30 * 60_000);
    assert.equal(msUntilNextAttachmentsSweep(new Date('2026-11-28T20:00:00Z')), 23.5 * HOUR);
    const dataDir = await mkdtemp(join(tmpdir(), 'qiaoti-sweep-job-'));
    const database = await getTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const app = await buildApp({ config, database, pii: testPii, clock: () => new Date() });
    try {
      await app.ready();
      const jobStore = new AttachmentStore(config.attachments.root);
      const orphan = await jobStore.put(Buffer.from(`job orphan ${process.pid}-${Date.now()}`));
      const old = new Date(Date.now() - 48 * HOUR);
      await utimes(jobStore.pathOf(orphan.digest), old, old);
      const jobId = await app.jobs.enqueue(
        attachmentsSweepJobKind,
        {},
        { createdBy: null, organisationId: null },
      );
      const job = await waitForJob(database.db, jobId);
      assert.equal(job.status, 'succeeded');
      assert.equal((job.result as { removed?: number }).removed, 1);
      assert.equal(await exists(jobStore.pathOf(orphan.digest)), false);
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
