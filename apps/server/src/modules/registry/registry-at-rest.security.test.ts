import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Database, PiiIntegrityError } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { createTestAccount, loginAs } from '../../test/accounts.ts';
import { buildPerson, registrarActor } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { registerPerson, searchPersons } from './persons.service.ts';
import { registryDeps } from './registry-deps.ts';

/**
 * SECURITY-16 (at rest, GB/T 39786 §8.4 d/e): 1,000 citizens seeded on an isolated database; a raw SQL dump of the
 * personal-data tables holds 0 plaintext ID or phone numbers; the blind index finds every one of them; one flipped
 * ciphertext byte makes decryption fail (PiiIntegrityError) and the API answer an error, never wrong data.
 */

const N = 1000;

function flipByte(sealed: string, position: number): string {
  const raw = Buffer.from(sealed.slice(3), 'base64');
  const at = position % raw.length;
  raw[at] = (raw[at] ?? 0) ^ 0x01;
  return `v1:${raw.toString('base64')}`;
}

describe('SECURITY-16 registry at rest', () => {
  let database: Database;
  let t: TestApp;
  const seeded: { id: string; idNumber: string; phone: string }[] = [];
  before(async () => {
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
    const deps = registryDeps(t.ctx);
    const actor = registrarActor();
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < N; i++) {
        const input = buildPerson();
        const p = await registerPerson(trx, deps, actor, input, { occurredOn: '2026-01-01', source: 'test' });
        seeded.push({ id: p.id, idNumber: input.idNumber, phone: input.phone ?? '' });
      }
    });
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  it('SECURITY-16: a raw dump of 1,000 persons holds 0 plaintext ID or phone numbers', async () => {
    const [persons] = await database.exec('select * from persons');
    assert.equal(persons?.length, N);
    const [others] = await database.exec(
      `select (select coalesce(json_agg(m), '[]') from mobility_events m)::text
           || (select coalesce(json_agg(f), '[]') from person_facts f)::text
           || (select coalesce(json_agg(a), '[]') from audit_log a)::text as dump`,
    );
    const dump = JSON.stringify(persons) + JSON.stringify(others);
    let plaintext = 0;
    for (const s of seeded) {
      if (dump.includes(s.idNumber) || dump.includes(s.idNumber.slice(0, 17)) || dump.includes(s.phone))
        plaintext++;
    }
    assert.equal(plaintext, 0);
    // Each row carries ciphertext, blind index and mask — and the mask shows no birth digits.
    for (const row of persons as Record<string, unknown>[]) {
      assert.match(String(row.id_number_cipher), /^v1:[A-Za-z0-9+/=]+$/);
      assert.match(String(row.id_number_index), /^[0-9a-f]{64}$/);
      assert.match(String(row.id_number_masked), /^\d\*{16}[\dX]$/);
      assert.match(String(row.phone_masked), /^\d{3}\*{4}\d{4}$/);
    }
  });

  it('SECURITY-16: the blind index finds every one of the 1,000', async () => {
    const byIndex = new Map(seeded.map((s) => [t.ctx.pii.blindIndex('id_number', s.idNumber), s.id]));
    const rows = await database.db
      .selectFrom('persons')
      .select(['id', 'idNumberIndex'])
      .where('idNumberIndex', 'in', [...byIndex.keys()])
      .execute();
    assert.equal(rows.length, N);
    for (const r of rows) assert.equal(byIndex.get(r.idNumberIndex), r.id);
    // …and through the service, by ID and by phone.
    const officer = registrarActor();
    const deps = registryDeps(t.ctx);
    for (const s of seeded.slice(0, 20)) {
      const byId = await searchPersons(deps, officer, { idNumber: s.idNumber });
      assert.deepEqual(
        byId.persons.map((p) => p.id),
        [s.id],
      );
      const byPhone = await searchPersons(deps, officer, { phone: s.phone });
      assert.ok(byPhone.persons.some((p) => p.id === s.id));
    }
  });

  it('SECURITY-16: every flipped byte is detected (100/100), and the API answers an error, not data', async () => {
    const rows = await database.db
      .selectFrom('persons')
      .select(['id', 'idNumberCipher'])
      .limit(100)
      .execute();
    let detected = 0;
    for (const [i, r] of rows.entries()) {
      const tampered = flipByte(r.idNumberCipher, i * 7 + 3);
      try {
        t.ctx.pii.decrypt(tampered);
      } catch (e) {
        if (e instanceof PiiIntegrityError) detected++;
      }
    }
    assert.equal(detected, rows.length);

    const victim = seeded[0];
    assert.ok(victim);
    const row = await database.db
      .selectFrom('persons')
      .select('idNumberCipher')
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('persons')
      .set({ idNumberCipher: flipByte(row.idNumberCipher, 20) })
      .where('id', '=', victim.id)
      .execute();
    assert.throws(() => t.ctx.pii.decrypt(flipByte(row.idNumberCipher, 20)), PiiIntegrityError);

    const account = await createTestAccount(t.ctx, {
      roles: ['employment_officer'],
      organisationCode: 'hrss',
    });
    const s = await loginAs(t, account);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/persons/${victim.id}/reveal`,
      headers: s.headers,
      payload: { field: 'idNumber', purpose: '篡改检测测试' },
    });
    assert.equal(res.statusCode, 500);
    const body = res.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'INTERNAL');
    assert.match(body.error.message, /校验失败/);
    assert.ok(!/\d{17}[\dX]/.test(res.body));
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['outcome', 'details'])
      .where('event', '=', 'person.reveal')
      .where('objectId', '=', victim.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.outcome),
      ['failure'],
    );
  });
});
