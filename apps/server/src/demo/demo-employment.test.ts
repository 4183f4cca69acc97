import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { seedDemoEmployment } from './demo-employment.ts';
import { seedDemoPopulation } from './demo-population.ts';

describe('demo employment data', () => {
  it('writes a few dozen postings, seekers, referrals and placements once (idempotent)', async () => {
    const ctx: AppContext = {
      config: loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent' }),
      database: await getTestDatabase(),
      pii: testPii,
      clock: () => new Date(),
    };
    const population = await seedDemoPopulation(ctx);
    await seedDemoEmployment(ctx, population);
    const db = ctx.database.db;
    const count = async () => ({
      postings: (
        await db.selectFrom('jobPosting').select('id').where('description', 'like', '%（演示数据）').execute()
      ).length,
      placements: (
        await db
          .selectFrom('placement')
          .innerJoin('jobPosting', 'jobPosting.id', 'placement.postingId')
          .select('placement.id')
          .where('jobPosting.description', 'like', '%（演示数据）')
          .execute()
      ).length,
    });
    const first = await count();
    assert.ok(first.postings >= 30, `${first.postings} demo postings`);
    const citizen = await db
      .selectFrom('jobSeeker')
      .select(['status'])
      .where('personId', '=', population.citizenPersonId ?? '')
      .executeTakeFirstOrThrow();
    assert.equal(citizen.status, 'registered');
    const seekers = await db
      .selectFrom('jobSeeker')
      .innerJoin('persons', 'persons.id', 'jobSeeker.personId')
      .select('jobSeeker.id')
      .where('persons.isSynthetic', '=', true)
      .execute();
    assert.ok(seekers.length >= 40, `${seekers.length} demo seekers`);
    await seedDemoEmployment(ctx, population);
    assert.deepEqual(await count(), first);
  });
});
