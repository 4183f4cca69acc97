import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { DEMO_VILLAGE_CODE, seedDemoPopulation } from './demo-population.ts';

async function context(): Promise<AppContext> {
  return {
    config: loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent' }),
    database: await getTestDatabase(),
    pii: testPii,
    clock: () => new Date(),
  };
}

describe('demo population', () => {
  it('writes ~2,000 synthetic persons once, and a second start finds the same citizen and employer fast', async () => {
    const ctx = await context();
    const first = await seedDemoPopulation(ctx);
    assert.equal(first.villageCode, DEMO_VILLAGE_CODE);
    assert.ok(first.citizenPersonId && first.employerOrganisationId);

    const started = performance.now();
    const again = await seedDemoPopulation(ctx);
    const ms = performance.now() - started;
    assert.deepEqual(again, first);
    assert.ok(ms < 1_500, `second start took ${ms} ms`);

    const db = ctx.database.db;
    const citizen = await db
      .selectFrom('persons')
      .select(['residenceVillageCode', 'isSynthetic', 'phoneIndex'])
      .where('id', '=', first.citizenPersonId)
      .executeTakeFirstOrThrow();
    assert.equal(citizen.residenceVillageCode, DEMO_VILLAGE_CODE);
    assert.equal(citizen.isSynthetic, true);
    assert.ok(citizen.phoneIndex);
    const employer = await db
      .selectFrom('organisations')
      .select(['kind', 'uscc'])
      .where('id', '=', first.employerOrganisationId)
      .executeTakeFirstOrThrow();
    assert.equal(employer.kind, 'employer');
    const works = await db
      .selectFrom('personFacts')
      .select('personId')
      .where('fact', '=', 'employer')
      .where('personId', '=', first.citizenPersonId)
      .execute();
    assert.equal(works.length, 1, 'the demo citizen works for the demo employer');
    const villagers = await db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('residenceVillageCode', '=', DEMO_VILLAGE_CODE)
      .where('isSynthetic', '=', true)
      .executeTakeFirstOrThrow();
    assert.ok(Number(villagers.n) >= 200, `${villagers.n} persons in the demo village`);
  });
});
