import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkUscc } from '@qiaoti/contracts/standards';
import { getTestDatabase, testPii } from '../testing.ts';
import { generateCounty } from './county.ts';
import type { GenerateOptions } from './model.ts';
import { SyntheticBlockInUseError, writeCounty } from './writer.ts';

// ID block 8 is this file's: no other test writes synthetic persons with it.
const OPTIONS: GenerateOptions = {
  seed: 'writer-test',
  persons: 400,
  idBlock: 8,
  villageCodes: ['410122105201'],
};

describe('synthetic county writer', () => {
  it('writes persons, households, relations and facts that the blind indexes find', async () => {
    const database = await getTestDatabase();
    const db = database.db;
    const progress: number[] = [];
    const result = await writeCounty(database, testPii, { ...OPTIONS, chunkPersons: 150 }, (p) =>
      progress.push(p.persons),
    );
    assert.equal(result.persons, 400);
    assert.equal(progress.at(-1), 400);
    assert.ok(progress.length >= 3, 'progress is reported per chunk');

    const generated = [...generateCounty(OPTIONS)];
    assert.equal(result.households, generated.length);
    const expectedRelations = generated.reduce((n, h) => n + h.relations.length + h.parentLinks.length, 0);
    assert.equal(result.relations, expectedRelations, 'links inside and across households are all written');
    assert.ok(generated.some((h) => h.parentLinks.length > 0));
    const sample = generated.slice(0, 30).flatMap((h) => h.members);
    for (const p of sample) {
      const row = await db
        .selectFrom('persons')
        .selectAll()
        .where('idNumberIndex', '=', testPii.blindIndex('id_number', p.idNumber))
        .executeTakeFirstOrThrow();
      assert.equal(row.name, p.name);
      assert.equal(row.birthDate, p.birthDate);
      assert.equal(row.isSynthetic, true);
      assert.equal(testPii.decrypt(row.idNumberCipher), p.idNumber);
      assert.equal(row.idNumberMasked, `${p.idNumber[0]}${'*'.repeat(16)}${p.idNumber[17]}`);
      assert.ok(!row.idNumberCipher.includes(p.idNumber));
      if (p.phone) {
        const byPhone = await db
          .selectFrom('persons')
          .select('id')
          .where('phoneIndex', '=', testPii.blindIndex('phone', p.phone))
          .execute();
        assert.deepEqual(
          byPhone.map((r) => r.id),
          [row.id],
        );
        assert.equal(row.phoneMasked, `${p.phone.slice(0, 3)}****${p.phone.slice(7)}`);
      }
      const facts = await db
        .selectFrom('personFacts')
        .select(['fact', 'value'])
        .where('personId', '=', row.id)
        .execute();
      if (p.employmentStatus) {
        assert.deepEqual(facts.find((f) => f.fact === 'employment_status')?.value, p.employmentStatus);
      }
      if (p.monthlyIncomeFen !== null) {
        assert.equal(facts.find((f) => f.fact === 'monthly_income_fen')?.value, p.monthlyIncomeFen);
      }
      if (p.employerIndex !== null) {
        const employerId = facts.find((f) => f.fact === 'employer')?.value;
        assert.equal(typeof employerId, 'string');
        const org = await db
          .selectFrom('organisations')
          .select(['kind', 'uscc'])
          .where('id', '=', String(employerId))
          .executeTakeFirstOrThrow();
        assert.equal(org.kind, 'employer');
        assert.ok(checkUscc(org.uscc ?? '').ok);
      }
    }

    const first = generated[0];
    assert.ok(first);
    const household = await db
      .selectFrom('households')
      .selectAll()
      .where('householdNumber', '=', first.householdNumber)
      .executeTakeFirstOrThrow();
    const members = await db
      .selectFrom('householdMembers')
      .select(['personId', 'relation'])
      .where('householdId', '=', household.id)
      .execute();
    assert.equal(members.length, first.members.length);
    assert.ok(members.some((m) => m.personId === household.headPersonId && m.relation === 'head'));
    const ids = members.map((m) => m.personId);
    const relations = await db
      .selectFrom('personRelations')
      .select('kind')
      .where('personId', 'in', ids)
      .where('relatedPersonId', 'in', ids)
      .execute();
    assert.equal(relations.length, first.relations.length);
  });

  it('resumes an interrupted write where it stopped', async () => {
    const database = await getTestDatabase();
    // ID block 4 is this test's.
    const options = {
      seed: 'resume-test',
      persons: 600,
      idBlock: 4,
      villageCodes: ['410122114201'],
      chunkPersons: 200,
    };
    let chunks = 0;
    await assert.rejects(
      writeCounty(database, testPii, options, () => {
        if (++chunks === 1) throw new Error('断电');
      }),
      /断电/,
    );
    const resumed = await writeCounty(database, testPii, { ...options, resume: true });
    assert.equal(resumed.persons, 600);
    const generated = [...generateCounty(options)];
    const numbers = generated.map((h) => h.householdNumber);
    const households = await database.db
      .selectFrom('households')
      .select('householdNumber')
      .where('householdNumber', 'in', numbers)
      .execute();
    assert.equal(households.length, numbers.length);
    const indexes = generated.flatMap((h) =>
      h.members.map((p) => testPii.blindIndex('id_number', p.idNumber)),
    );
    const persons = await database.db
      .selectFrom('persons')
      .select('id')
      .where('idNumberIndex', 'in', indexes)
      .execute();
    assert.equal(persons.length, 600);
  });

  it('refuses to write the same ID block twice into one database', async () => {
    const database = await getTestDatabase();
    await assert.rejects(writeCounty(database, testPii, OPTIONS), SyntheticBlockInUseError);
  });
});
