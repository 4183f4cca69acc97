import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testPii } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { seedDemoEmploymentAssistance } from './demo-employment-assistance.ts';
import { seedDemoPopulation } from './demo-population.ts';

describe('demo employment assistance data', () => {
  it('identifies, opens a case, lists 零就业家庭 and files subsidy applications once (idempotent)', async () => {
    const database = await openIsolatedTestDatabase();
    try {
      const ctx: AppContext = {
        config: loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent' }),
        database,
        pii: testPii,
        clock: () => new Date(),
      };
      const population = await seedDemoPopulation(ctx);
      await seedDemoAccounts(ctx, population);
      await seedDemoEmploymentAssistance(ctx, population);
      const db = database.db;
      const count = async () => ({
        identifications: (await db.selectFrom('difficultyIdentification').select('id').execute()).length,
        cases: (await db.selectFrom('assistanceCase').select('id').execute()).length,
        applications: (await db.selectFrom('subsidyApplication').select('id').execute()).length,
        decisions: (await db.selectFrom('decisions').select('id').execute()).length,
      });
      const first = await count();
      assert.ok(first.identifications >= 3, JSON.stringify(first));
      assert.equal(first.cases, 1);
      assert.ok(first.applications >= 1, JSON.stringify(first));
      await seedDemoEmploymentAssistance(ctx, population);
      assert.deepEqual(await count(), first);
    } finally {
      await database.close();
    }
  });
});
