import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database, DB } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import { type Kysely, sql } from 'kysely';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

/** The custody invariants hold in the schema itself, not only in the services. */

async function agency(db: Kysely<DB>, inCounty = true): Promise<string> {
  const row = await db
    .insertInto('archiveAgency')
    .values({
      code: `t-${randomUUID()}`,
      name: '测试档案机构',
      kind: inCounty ? 'public_service' : 'external',
      inCounty,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('archives schema: custody constraints', () => {
  let t: TestApp;
  let database: Database;
  before(async () => {
    t = await buildTestApp();
    database = await getTestDatabase();
  });
  after(async () => {
    await t.app.close();
  });

  async function newArchive(custodian: string): Promise<string> {
    const person = await createPerson(t.ctx);
    return database.db.transaction().execute(async (trx) => {
      const a = await trx
        .insertInto('archive')
        .values({
          personId: person.id,
          archiveNumber: `T${randomUUID()}`,
          custodianAgencyId: custodian,
          custodySeq: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('archiveCustody')
        .values({ archiveId: a.id, seq: 1, toAgencyId: custodian, reason: 'intake', at: new Date() })
        .execute();
      return a.id;
    });
  }

  it('has no fee, charge or price column in any archive table (第八条: all services free)', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name like 'archive%'`.execute(database.db);
    assert.ok(rows.length > 30, 'archive tables exist');
    const bad = rows.filter((r) => /fee|charge|price|cost|amount|费/i.test(r.column_name));
    assert.deepEqual(bad, []);
  });

  it('refuses an archive without a custody row naming its custodian (deferred foreign key)', async () => {
    const a = await agency(database.db);
    const person = await createPerson(t.ctx);
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('archive')
          .values({
            personId: person.id,
            archiveNumber: `T${randomUUID()}`,
            custodianAgencyId: a,
            custodySeq: 1,
          })
          .execute();
      }),
      /archive_current_custody_fk/,
    );
  });

  it('refuses moving the custodian without a history row ending at the new custodian', async () => {
    const a = await agency(database.db);
    const b = await agency(database.db);
    const id = await newArchive(a);
    await assert.rejects(
      database.db.updateTable('archive').set({ custodianAgencyId: b }).where('id', '=', id).execute(),
      /archive_current_custody_fk/,
    );
    // a history row that starts somewhere other than where the last one ended is refused too
    const c = await agency(database.db);
    await assert.rejects(
      database.db
        .insertInto('archiveCustody')
        .values({
          archiveId: id,
          seq: 2,
          prevSeq: 1,
          fromAgencyId: c,
          toAgencyId: b,
          reason: 'transfer',
          at: new Date(),
        })
        .execute(),
      /archive_custody_prev_fk/,
    );
    // the proper move: a chained row and the archive pointing at it, in one transaction
    await database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('archiveCustody')
        .values({
          archiveId: id,
          seq: 2,
          prevSeq: 1,
          fromAgencyId: a,
          toAgencyId: b,
          reason: 'transfer',
          at: new Date(),
        })
        .execute();
      await trx
        .updateTable('archive')
        .set({ custodianAgencyId: b, custodySeq: 2 })
        .where('id', '=', id)
        .execute();
    });
    const row = await database.db
      .selectFrom('archive')
      .select('custodianAgencyId')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.custodianAgencyId, b);
  });

  it('keeps the chain linear: two rows after the same row are refused', async () => {
    const a = await agency(database.db);
    const b = await agency(database.db);
    const id = await newArchive(a);
    const row = {
      archiveId: id,
      prevSeq: 1,
      fromAgencyId: a,
      toAgencyId: b,
      reason: 'transfer' as const,
      at: new Date(),
    };
    await database.db
      .insertInto('archiveCustody')
      .values({ ...row, seq: 2 })
      .execute();
    await assert.rejects(
      database.db
        .insertInto('archiveCustody')
        .values({ ...row, seq: 3 })
        .execute(),
    );
  });

  it('allows one open transfer per archive', async () => {
    const a = await agency(database.db);
    const b = await agency(database.db);
    const id = await newArchive(a);
    const values = {
      archiveId: id,
      kind: 'online_application' as const,
      direction: 'internal' as const,
      fromAgencyId: a,
      toAgencyId: b,
      state: 'requested' as const,
      requestedAt: new Date(),
    };
    await database.db.insertInto('archiveTransfer').values(values).execute();
    await assert.rejects(
      database.db.insertInto('archiveTransfer').values(values).execute(),
      /archive_transfer_open_idx/,
    );
  });
});
