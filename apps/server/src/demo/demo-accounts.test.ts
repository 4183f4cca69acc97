import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { totpCode } from '../modules/identity/identity-totp.ts';
import { buildTestApp, type TestApp } from '../test/harness.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from './demo-accounts.ts';

describe('demo accounts', () => {
  let database: Database;
  let t: TestApp;
  before(async () => {
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  it('creates one account per kind of user, idempotently, and every one logs in (with TOTP where required)', async () => {
    const db = database.db;
    const employer = await db
      .insertInto('organisations')
      .values({ kind: 'employer', name: '演示企业', duties: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await db
      .insertInto('persons')
      .values({
        idNumberCipher: t.ctx.pii.encrypt('410122199001010000'),
        idNumberIndex: 'demo-test-index',
        idNumberMasked: '4****************0',
        name: '演示群众',
        gender: 'F',
        birthDate: '1990-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const population = {
      villageCode: '410122001201',
      citizenPersonId: person.id,
      employerOrganisationId: employer.id,
    };
    const lines = await seedDemoAccounts(t.ctx, population);
    const again = await seedDemoAccounts(t.ctx, population);
    assert.deepEqual(again, lines);
    assert.deepEqual(
      lines.map((l) => l.username),
      [
        'employment',
        'archive',
        'civil',
        'village',
        'employer',
        'citizen',
        'sysadmin',
        'secadmin',
        'auditadmin',
      ],
    );
    const count = await db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 9);
    for (const line of lines) {
      assert.equal(line.password, DEMO_PASSWORD);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: `10.1.2.${lines.indexOf(line) + 1}`,
        payload: {
          username: line.username,
          password: line.password,
          ...(line.totpSecret ? { totp: await totpCode(line.totpSecret, t.clock()) } : {}),
        },
      });
      assert.equal(res.statusCode, 200, `${line.username}: ${res.body}`);
      const me = res.json() as {
        roles: string[];
        villageCode: string | null;
        organisation: { kind: string } | null;
      };
      assert.deepEqual(me.roles, [line.role]);
      if (line.username === 'village') {
        assert.equal(me.villageCode, '410122001201');
        assert.equal(me.organisation?.kind, 'township_government');
      }
    }
    // The README's table (and its TOTP table) says exactly what the seed creates.
    const readme = readFileSync(resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
    for (const line of lines) {
      assert.ok(
        readme.includes(`| ${line.username} | ${line.password} | ${line.role} `),
        `README row for ${line.username}`,
      );
      if (line.totpSecret)
        assert.ok(
          readme.includes(`| ${line.username} | \`${line.totpSecret}\` |`),
          `README TOTP for ${line.username}`,
        );
    }
    const needTotp = lines.filter((l) => l.totpSecret).map((l) => l.username);
    assert.deepEqual(needTotp, ['employment', 'archive', 'civil', 'sysadmin', 'secadmin', 'auditadmin']);
  });
});
