import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { getTestDatabase } from '@qiaoti/db/testing';
import { sql } from 'kysely';
import {
  canLoadWithoutRowTriggers,
  findMissingPlaceCodes,
  withoutRowTriggers,
} from './imports.repository.ts';

describe('import loading without per-row foreign-key triggers', () => {
  it('is allowed for the schema as it is: the only insert triggers are the foreign keys the import checks itself', async () => {
    const { db } = await getTestDatabase();
    // If this fails, a migration added a foreign key or an insert trigger to persons, households or
    // household_members: teach checkChunkReferences (imports.service.ts) and IMPORT_FOREIGN_KEYS about it.
    assert.equal(await canLoadWithoutRowTriggers(db), true);
  });

  it('finds place codes that are not registered, and none among registered ones', async () => {
    const { db } = await getTestDatabase();
    const known = await db
      .selectFrom('places')
      .select('code')
      .where('level', '=', 'village')
      .limit(2)
      .execute();
    assert.equal(known.length, 2);
    const codes = known.map((p) => p.code);
    const missing = await db
      .transaction()
      .execute((trx) => findMissingPlaceCodes(trx, [...codes, '410122999999']));
    assert.deepEqual(missing, ['410122999999']);
  });

  it('turns row triggers off only around the load, on the embedded database', async (t) => {
    const database = await getTestDatabase();
    if (database.kind !== 'pglite') {
      t.diagnostic('only used on PGlite; PostgreSQL keeps its per-row checks');
      return;
    }
    const { db } = database;
    const roles = await db.transaction().execute(async (trx) => {
      const inside = await withoutRowTriggers(trx, async () => {
        const r = await sql<{
          role: string;
        }>`select current_setting('session_replication_role') as role`.execute(trx);
        return r.rows[0]?.role;
      });
      const afterwards = await sql<{ role: string }>`
        select current_setting('session_replication_role') as role`.execute(trx);
      return { inside, afterwards: afterwards.rows[0]?.role };
    });
    assert.deepEqual(roles, { inside: 'replica', afterwards: 'origin' });
    // A failure inside rolls the transaction back, the setting with it.
    const stray = randomUUID();
    await assert.rejects(
      db.transaction().execute((trx) =>
        withoutRowTriggers(trx, async () => {
          await sql`insert into household_members (household_id, person_id, relation) values (${stray}, ${stray}, 'head')`.execute(
            trx,
          );
          throw new Error('中止');
        }),
      ),
      /中止/,
    );
    const left = await sql<{ n: number }>`
      select count(*)::int as n from household_members where household_id = ${stray}`.execute(db);
    assert.equal(left.rows[0]?.n, 0);
    const role = await sql<{
      role: string;
    }>`select current_setting('session_replication_role') as role`.execute(db);
    assert.equal(role.rows[0]?.role, 'origin');
  });
});
