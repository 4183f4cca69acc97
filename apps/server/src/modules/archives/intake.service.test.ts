import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { createAgency, intakeBody, newKey, type TestAgency } from './archives.test-kit.ts';
import { intakeArchive, intakeMaterials } from './intake.service.ts';

describe('archives intake (archives.intake.decision, archives.material.required)', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let agency: TestAgency;
  const now = new Date('2026-11-28T02:00:00Z');
  before(async () => {
    t = await buildTestApp();
    db = t.ctx.database.db;
    agency = await createAgency(db);
  });
  after(async () => {
    await t.app.close();
  });

  it('accepts a conforming archive, with custody from intake, volumes, materials and a stored decision', async () => {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(db, agency.staff, newKey(), intakeBody(person.id), now);
    assert.equal(r.outcome, 'accept');
    assert.equal(r.pledge, null);
    assert.ok(r.archiveId);
    assert.ok(
      r.cites.some((c) => c.id === 'RSBF-2021-112#4'),
      'the decision cites 第四条',
    );
    const archive = await db
      .selectFrom('archive')
      .selectAll()
      .where('id', '=', r.archiveId)
      .executeTakeFirstOrThrow();
    assert.equal(archive.custodianAgencyId, agency.id);
    const custody = await db
      .selectFrom('archiveCustody')
      .selectAll()
      .where('archiveId', '=', r.archiveId)
      .execute();
    assert.equal(custody.length, 1);
    assert.equal(custody[0]?.reason, 'intake');
    const decision = await db
      .selectFrom('decisions')
      .selectAll()
      .where('id', '=', r.decisionId)
      .executeTakeFirstOrThrow();
    assert.equal(decision.ruleId, 'archives.intake.decision');
    assert.equal(decision.subjectId, person.id);
    const materials = await db
      .selectFrom('archiveMaterial')
      .select('class')
      .where('archiveId', '=', r.archiveId)
      .execute();
    assert.equal(materials.length, 3);
    const audit = await db
      .selectFrom('auditLog')
      .select('event')
      .where('objectId', '=', r.archiveId)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.event),
      ['archive.intake'],
    );
  });

  it('missing materials give a recorded 告知承诺 with its due date, never a refusal (RSTF-2016-75#告知承诺)', async () => {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(
      db,
      agency.staff,
      newKey(),
      intakeBody(person.id, {
        scope: 'unemployed_graduate',
        missing: ['报到证'],
        pledgeDueDate: '2026-12-28',
      }),
      now,
    );
    assert.equal(r.outcome, 'accept_with_pledge');
    assert.ok(r.archiveId, 'accepted');
    assert.deepEqual(r.pledge?.missing, ['报到证']);
    assert.equal(r.pledge?.dueDate, '2026-12-28');
    assert.ok(r.cites.some((c) => c.id === 'RSTF-2016-75#告知承诺'));
    const pledge = await db
      .selectFrom('archivePledge')
      .selectAll()
      .where('archiveId', '=', r.archiveId)
      .executeTakeFirstOrThrow();
    assert.equal(pledge.status, 'open');
  });

  it('never asks for 行政（工资）介绍信, 转正定级表 or 调整改派手续: listed as missing they do not make a pledge', async () => {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(
      db,
      agency.staff,
      newKey(),
      intakeBody(person.id, { missing: ['行政（工资）介绍信', '转正定级表', '调整改派手续'] }),
      now,
    );
    assert.equal(r.outcome, 'accept');
    assert.equal(r.pledge, null);
    const list = await intakeMaterials(db, agency.staff, '2026-11-28');
    assert.deepEqual(list.required.map((m) => m.material).sort(), ['调档函', '身份证'].sort());
    assert.deepEqual(
      list.neverRequired.map((m) => m.material).sort(),
      ['行政（工资）介绍信', '转正定级表', '调整改派手续'].sort(),
    );
    for (const m of list.neverRequired) assert.ok(m.cites.includes('RSTF-2016-75#取消材料'), m.material);
  });

  it('refuses a self-carried archive with the reason and clause, records the decision and creates no archive', async () => {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(
      db,
      agency.staff,
      newKey(),
      intakeBody(person.id, { channel: 'self_carried' }),
      now,
    );
    assert.equal(r.outcome, 'refuse_self_carried');
    assert.equal(r.archiveId, null);
    assert.match(r.outcomeText, /机要通信或专人送取/);
    assert.ok(r.cites.some((c) => c.id === 'RSBF-2021-112#转递'));
    const intake = await db
      .selectFrom('archiveIntake')
      .selectAll()
      .where('id', '=', r.intakeId)
      .executeTakeFirstOrThrow();
    assert.equal(intake.outcome, 'refuse_self_carried');
    assert.equal(
      await db.selectFrom('archive').select('id').where('personId', '=', person.id).executeTakeFirst(),
      undefined,
    );
    const audit = await db
      .selectFrom('auditLog')
      .select('event')
      .where('objectId', '=', r.intakeId)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.event),
      ['archive.refuse'],
    );
  });

  it('a person outside the seven categories, or not of this county, is not taken in here (RSBF-2021-112#4, #5)', async () => {
    const person = await createPerson(t.ctx);
    const none = await intakeArchive(
      db,
      agency.staff,
      newKey(),
      intakeBody(person.id, { scope: 'none' }),
      now,
    );
    assert.equal(none.outcome, 'not_in_scope');
    assert.equal(none.archiveId, null);
    assert.ok(none.cites.some((c) => c.id === 'RSBF-2021-112#4'));
    const away = await intakeArchive(
      db,
      agency.staff,
      newKey(),
      intakeBody(person.id, { locatedHere: false }),
      now,
    );
    assert.equal(away.outcome, 'not_in_scope');
    assert.ok(away.cites.some((c) => c.id === 'RSBF-2021-112#5'));
  });

  it('a retried intake with the same idempotency key has one effect', async () => {
    const person = await createPerson(t.ctx);
    const key = newKey();
    const a = await intakeArchive(db, agency.staff, key, intakeBody(person.id), now);
    const b = await intakeArchive(db, agency.staff, key, intakeBody(person.id), now);
    assert.deepEqual(b, a);
    const intakes = await db
      .selectFrom('archiveIntake')
      .select('id')
      .where('personId', '=', person.id)
      .execute();
    assert.equal(intakes.length, 1);
  });

  it('a second intake of a person who already has an archive is refused with CONFLICT (transfer instead)', async () => {
    const person = await createPerson(t.ctx);
    await intakeArchive(db, agency.staff, newKey(), intakeBody(person.id), now);
    await assert.rejects(
      intakeArchive(db, agency.staff, newKey(), intakeBody(person.id), now),
      (e) => e instanceof AppError && e.code === 'CONFLICT',
    );
  });

  it('staff of an organisation that is no archive agency cannot take in archives', async () => {
    const person = await createPerson(t.ctx);
    const outsider = { ...agency.staff, organisationId: null };
    await assert.rejects(
      intakeArchive(db, outsider, newKey(), intakeBody(person.id), now),
      (e) => e instanceof AppError && e.code === 'FORBIDDEN',
    );
  });
});
