import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TIntakeResult, TMyArchive, TTransfer } from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { createAgency, intakeBody } from './archives.test-kit.ts';

describe('archives routes', () => {
  let t: TestApp;
  let holder: TestSession;
  let receiver: TestSession;
  let outsider: TestSession;
  let receiverAgencyId: string;
  before(async () => {
    t = await buildTestApp();
    const db = t.ctx.database.db;
    const a = await createAgency(db);
    const b = await createAgency(db);
    const c = await createAgency(db);
    receiverAgencyId = b.id;
    const staff = async (organisationId: string | null) =>
      loginAs(
        t,
        await createTestAccount(t.ctx, {
          roles: ['archive_officer'],
          organisationId: organisationId ?? undefined,
        }),
      );
    holder = await staff(a.organisationId);
    receiver = await staff(b.organisationId);
    outsider = await staff(c.organisationId);
  });
  after(async () => {
    await t.app.close();
  });

  const post = (s: TestSession, url: string, payload: object, key: string | null = randomUUID()) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...s.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload,
    });

  it('refuses a mutating archive request without an Idempotency-Key; a retry with one key has one effect', async () => {
    const person = await createPerson(t.ctx);
    const none = await post(holder, '/api/archives/intakes', intakeBody(person.id), null);
    assert.equal(none.statusCode, 400);
    const key = randomUUID();
    const first = await post(holder, '/api/archives/intakes', intakeBody(person.id), key);
    assert.equal(first.statusCode, 200, first.body);
    const again = await post(holder, '/api/archives/intakes', intakeBody(person.id), key);
    assert.equal(again.statusCode, 200);
    assert.equal((again.json() as TIntakeResult).intakeId, (first.json() as TIntakeResult).intakeId);
    const other = await post(
      holder,
      '/api/archives/intakes',
      { ...intakeBody(person.id), scope: 'other_social' },
      key,
    );
    assert.equal(other.statusCode, 422, 'same key, different body');
  });

  it('a citizen sees only their own archive, applies online, and cannot open staff routes', async () => {
    const person = await createPerson(t.ctx);
    const r = await post(holder, '/api/archives/intakes', intakeBody(person.id));
    const { archiveId } = r.json() as TIntakeResult;
    assert.ok(archiveId);
    const citizen = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id }),
    );
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/me/archive',
      headers: { cookie: citizen.cookie },
    });
    assert.equal(mine.statusCode, 200);
    assert.equal((mine.json() as TMyArchive).archive?.id, archiveId);
    const staffPage = await t.app.inject({
      method: 'GET',
      url: `/api/archives/${archiveId}`,
      headers: { cookie: citizen.cookie },
    });
    assert.equal(staffPage.statusCode, 403);
    const applied = await post(citizen, '/api/me/archive/transfer', {
      toAgencyId: receiverAgencyId,
      reason: '就业',
    });
    assert.equal(applied.statusCode, 200, applied.body);
    const transfer = applied.json() as TTransfer;
    // the outsider agency sees neither the archive nor the transfer; the receiver sees it in its queue
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/archives/${archiveId}`,
      headers: { cookie: outsider.cookie },
    });
    assert.equal(hidden.statusCode, 404);
    const hiddenT = await t.app.inject({
      method: 'GET',
      url: `/api/archives/transfers/${transfer.id}`,
      headers: { cookie: outsider.cookie },
    });
    assert.equal(hiddenT.statusCode, 404);
    const queue = await t.app.inject({
      method: 'GET',
      url: '/api/archives/queues/to_approve',
      headers: { cookie: receiver.cookie },
    });
    assert.ok((queue.json() as { transfers: TTransfer[] }).transfers.some((x) => x.id === transfer.id));
    const outsiderQueue = await t.app.inject({
      method: 'GET',
      url: '/api/archives/queues/to_approve',
      headers: { cookie: outsider.cookie },
    });
    assert.ok(
      !(outsiderQueue.json() as { transfers: TTransfer[] }).transfers.some((x) => x.id === transfer.id),
    );
    // another citizen sees nothing of it
    const stranger = await createPerson(t.ctx);
    const other = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: stranger.id }),
    );
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/archives/transfers/${transfer.id}`,
      headers: { cookie: other.cookie },
    });
    assert.equal(theirs.statusCode, 404);
  });
});
