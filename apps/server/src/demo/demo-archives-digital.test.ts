import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Database, testPii } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { seedDemoArchives } from './demo-archives.ts';
import { seedDemoArchivesDigital } from './demo-archives-digital.ts';
import { seedDemoPopulation } from './demo-population.ts';

describe('demo archives digitisation and 民生档案', () => {
  let database: Database;
  let ctx: AppContext;
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'qiaoti-demo-digital-'));
    database = await openIsolatedTestDatabase();
    ctx = {
      config: loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: root }),
      database,
      pii: testPii,
      clock: () => new Date(),
    };
  });
  after(async () => {
    await database.close();
    await rm(root, { recursive: true, force: true });
  });

  it('seeds scans, a certificate, borrows (one overdue) and the citizen’s 民生档案 once', async () => {
    const population = await seedDemoPopulation(ctx);
    await seedDemoAccounts(ctx, population);
    await seedDemoArchives(ctx, population);
    await seedDemoArchivesDigital(ctx, population);
    const db = database.db;
    const count = async () => ({
      attachments: (await db.selectFrom('attachment').select('id').execute()).length,
      certificates: (await db.selectFrom('archiveCertificate').select('id').execute()).length,
      borrows: (await db.selectFrom('archiveBorrow').select(['state', 'dueDate']).execute()).length,
      livelihood: (await db.selectFrom('livelihoodRecord').select('id').execute()).length,
    });
    const first = await count();
    assert.ok(first.attachments >= 10, `${first.attachments} scans`);
    assert.equal(first.certificates, 1);
    assert.equal(first.borrows, 2);
    assert.ok(first.livelihood >= 30, `${first.livelihood} index entries`);
    const citizen = population.citizenPersonId;
    assert.ok(citizen);
    const own = await db
      .selectFrom('livelihoodRecord')
      .select('kind')
      .where('personId', '=', citizen)
      .execute();
    assert.ok(own.length >= 6, `citizen has ${own.length} entries`);
    await seedDemoArchivesDigital(ctx, population);
    assert.deepEqual(await count(), first, 'idempotent');
  });
});
