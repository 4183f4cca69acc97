import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Database, testPii } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { seedDemoArchives } from './demo-archives.ts';
import { seedDemoPopulation } from './demo-population.ts';

describe('demo archives', () => {
  let database: Database;
  let ctx: AppContext;
  before(async () => {
    database = await openIsolatedTestDatabase();
    ctx = {
      config: loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent' }),
      database,
      pii: testPii,
      clock: () => new Date(),
    };
  });
  after(async () => {
    await database.close();
  });

  it('seeds agencies, archives and a transfer in every state once; the demo citizen’s archive has no open transfer', async () => {
    const population = await seedDemoPopulation(ctx);
    await seedDemoAccounts(ctx, population);
    const lines = await seedDemoArchives(ctx, population);
    assert.deepEqual(
      lines.map((l) => l.username),
      ['archive2'],
    );
    const db = database.db;
    const count = async () => ({
      archives: (await db.selectFrom('archive').select('id').execute()).length,
      transfers: (await db.selectFrom('archiveTransfer').select('id').execute()).length,
    });
    const first = await count();
    assert.ok(first.archives >= 28, `${first.archives} archives`);
    const states = new Set(
      (await db.selectFrom('archiveTransfer').select('state').execute()).map((s) => s.state),
    );
    for (const s of ['requested', 'approved', 'sent', 'returned', 'received'])
      assert.ok(states.has(s as never), s);
    const citizen = await db
      .selectFrom('archive')
      .leftJoin('archiveTransfer', 'archiveTransfer.archiveId', 'archive.id')
      .select(['archive.id', 'archiveTransfer.state'])
      .where('archive.personId', '=', population.citizenPersonId ?? '')
      .execute();
    assert.equal(citizen.length, 1);
    assert.equal(citizen[0]?.state ?? null, null);
    await seedDemoArchives(ctx, population);
    assert.deepEqual(await count(), first, 'idempotent');
  });
});
