import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { getTestDatabase, openIsolatedTestDatabase } from './testing.ts';

describe('database', () => {
  it('has the county, its 17 township-level units and 343 villages', async () => {
    const { db } = await getTestDatabase();
    const rows = await db
      .selectFrom('places')
      .select(['level', (e) => e.fn.countAll<number>().as('n')])
      .groupBy('level')
      .execute();
    const byLevel = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
    assert.deepEqual(byLevel, { province: 1, city: 1, county: 1, township: 17, village: 343 });
  });

  it('keeps a transaction to itself: a rolled-back insert is not seen', async () => {
    const { db } = await getTestDatabase();
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('places')
          .values({ code: '410122999', name: '临时', level: 'township', parentCode: '410122' })
          .execute();
        throw new Error('roll back');
      }),
    );
    const found = await db.selectFrom('places').where('code', '=', '410122999').selectAll().execute();
    assert.equal(found.length, 0);
  });

  it('returns calendar dates as ISO strings', async () => {
    const { db } = await getTestDatabase();
    const { rows } = await sql<{ d: string }>`select date '2024-02-29' as d`.execute(db);
    assert.equal(rows[0]?.d, '2024-02-29');
  });
});

describe('embedded connection lock', () => {
  it('fails fast instead of hanging when a query waits on a transaction of its own flow', async (t) => {
    if (process.env.DATABASE_URL) {
      t.skip('a server pool has more than one connection');
      return;
    }
    const database = await openIsolatedTestDatabase({ connectionWaitMs: 300 });
    const { db } = database;
    try {
      await assert.rejects(
        db.transaction().execute(async () => {
          await sql`select 1`.execute(db); // outside the transaction: must not hang
        }),
        /事务外的 db 句柄/,
      );
      // The connection is usable again afterwards.
      const { rows } = await sql<{ n: number }>`select 2 as n`.execute(db);
      assert.equal(rows[0]?.n, 2);
    } finally {
      await database.close();
    }
  });
});
