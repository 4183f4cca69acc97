import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DB } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import { type Kysely, sql } from 'kysely';
import { isAppError } from '../errors.ts';
import { testActor } from '../test/factories.ts';
import { runIdempotent } from './idempotency.ts';

describe('idempotency keys: one effect per key', () => {
  let db: Kysely<DB>;
  const actor = testActor({ roles: ['archive_officer'] });
  const effects = async (note: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from idem_test_effects where note = ${note}`.execute(db))
        .rows[0]?.n,
    );
  const act = (key: string | null, note: string, body: unknown = { note }) =>
    runIdempotent(db, actor, key, { route: 'test', body }, async (trx) => {
      const row = await sql<{
        id: number;
      }>`insert into idem_test_effects (note) values (${note}) returning id`.execute(trx);
      return { id: row.rows[0]?.id, note };
    });

  before(async () => {
    db = (await getTestDatabase()).db;
    await sql`create table if not exists idem_test_effects (id serial primary key, note text not null)`.execute(
      db,
    );
  });

  it('a retry with the same key gets the first answer and has no second effect', async () => {
    const first = await act('key-retry-0001', 'retry');
    const again = await act('key-retry-0001', 'retry');
    assert.equal(first.replayed, false);
    assert.equal(again.replayed, true);
    assert.deepEqual(again.result, first.result);
    assert.equal(await effects('retry'), 1);
  });

  it('without a key every request is its own', async () => {
    await act(null, 'nokey');
    await act(null, 'nokey');
    assert.equal(await effects('nokey'), 2);
  });

  it('the same key with another body is refused', async () => {
    await act('key-mismatch-01', 'mismatch');
    await assert.rejects(act('key-mismatch-01', 'mismatch', { note: 'other' }), (e) =>
      isAppError(e) ? e.code === 'IDEMPOTENCY_MISMATCH' : false,
    );
    assert.equal(await effects('mismatch'), 1);
  });

  it('work that fails leaves neither effect nor key, so the retry runs once', async () => {
    const failing = runIdempotent(db, actor, 'key-fails-0001', { route: 'test', body: 'f' }, async (trx) => {
      await sql`insert into idem_test_effects (note) values ('fails')`.execute(trx);
      throw new Error('crash before commit');
    });
    await assert.rejects(failing, /crash before commit/);
    assert.equal(await effects('fails'), 0);
    const retry = await runIdempotent(
      db,
      actor,
      'key-fails-0001',
      { route: 'test', body: 'f' },
      async (trx) => {
        await sql`insert into idem_test_effects (note) values ('fails')`.execute(trx);
        return 'ok';
      },
    );
    assert.deepEqual(retry, { result: 'ok', replayed: false });
    assert.equal(await effects('fails'), 1);
  });

  it('concurrent requests with one key have one effect', async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, () => act('key-concurrent-1', 'concurrent')));
    assert.equal(runs.filter((r) => !r.replayed).length, 1);
    assert.equal(await effects('concurrent'), 1);
    assert.ok(runs.every((r) => JSON.stringify(r.result) === JSON.stringify(runs[0]?.result)));
  });

  it('keys are per account', async () => {
    const other = testActor({ roles: ['archive_officer'] });
    await act('key-per-account', 'per-account');
    await runIdempotent(
      db,
      other,
      'key-per-account',
      { route: 'test', body: { note: 'per-account' } },
      async (trx) => {
        await sql`insert into idem_test_effects (note) values ('per-account')`.execute(trx);
      },
    );
    assert.equal(await effects('per-account'), 2);
  });
});
