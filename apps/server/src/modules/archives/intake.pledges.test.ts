import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TArchiveAgency, TIntakeResult } from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { shanghaiDay } from './archives.decisions.ts';
import { createAgency, intakeBody } from './archives.test-kit.ts';

interface PledgeOut {
  id: string;
  archiveId: string;
  status: string;
  overdue: boolean;
  missing: string[];
  fulfilledAt: string | null;
}

describe('告知承诺 fulfilment and counterpart agencies (routes)', () => {
  let t: TestApp;
  let holder: TestSession;
  let other: TestSession;
  before(async () => {
    t = await buildTestApp();
    const db = t.ctx.database.db;
    const a = await createAgency(db, 'public_service', '承诺测试中心');
    const b = await createAgency(db, 'public_service', '无关中心');
    const staff = async (organisationId: string | null) =>
      loginAs(
        t,
        await createTestAccount(t.ctx, {
          roles: ['archive_officer'],
          organisationId: organisationId ?? undefined,
        }),
      );
    holder = await staff(a.organisationId);
    other = await staff(b.organisationId);
  });
  after(async () => {
    await t.app.close();
  });

  const send = (s: TestSession, method: 'POST', url: string, payload: object, key = randomUUID()) =>
    t.app.inject({ method, url, headers: { ...s.headers, 'idempotency-key': key }, payload });
  const get = (s: TestSession, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });

  async function pledged(dueDate: string): Promise<{ archiveId: string; pledgeId: string }> {
    const person = await createPerson(t.ctx);
    const r = await send(
      holder,
      'POST',
      '/api/archives/intakes',
      intakeBody(person.id, { missing: ['报到证'], pledgeDueDate: dueDate }),
    );
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as TIntakeResult;
    assert.ok(body.archiveId && body.pledge);
    return { archiveId: body.archiveId, pledgeId: body.pledge.id };
  }

  const fulfil = { materials: [{ class: 4, title: '报到证', pages: 1, materialDate: '2016-07-01' }] };

  it('fulfils a pledge: materials join the catalogue, the pledge closes, audited; a retry and a second try add nothing', async () => {
    const { archiveId, pledgeId } = await pledged('2099-12-31');
    const open = (await get(holder, '/api/archives/pledges')).json() as { pledges: PledgeOut[] };
    assert.ok(open.pledges.some((p) => p.id === pledgeId && p.status === 'open' && !p.overdue));

    const key = randomUUID();
    const first = await send(holder, 'POST', `/api/archives/pledges/${pledgeId}/fulfil`, fulfil, key);
    assert.equal(first.statusCode, 200, first.body);
    const r1 = first.json() as { pledge: PledgeOut; materialIds: string[]; alreadyFulfilled: boolean };
    assert.equal(r1.pledge.status, 'fulfilled');
    assert.ok(r1.pledge.fulfilledAt);
    assert.equal(r1.materialIds.length, 1);
    assert.equal(r1.alreadyFulfilled, false);

    const replay = await send(holder, 'POST', `/api/archives/pledges/${pledgeId}/fulfil`, fulfil, key);
    assert.deepEqual(replay.json(), first.json());
    const again = await send(holder, 'POST', `/api/archives/pledges/${pledgeId}/fulfil`, fulfil);
    assert.equal(again.statusCode, 200);
    assert.equal((again.json() as { alreadyFulfilled: boolean }).alreadyFulfilled, true);

    const db = t.ctx.database.db;
    const materials = await db
      .selectFrom('archiveMaterial')
      .select('id')
      .where('archiveId', '=', archiveId)
      .where('title', '=', '报到证')
      .execute();
    assert.equal(materials.length, 1, 'one material for one fulfilment');
    const audit = await db
      .selectFrom('auditLog')
      .select('seq')
      .where('event', '=', 'archive.pledge')
      .where('objectId', '=', archiveId)
      .execute();
    assert.equal(audit.length, 1);
    const detail = (await get(holder, `/api/archives/${archiveId}`)).json() as {
      pledges: { id: string; status: string }[];
    };
    assert.equal(detail.pledges.find((p) => p.id === pledgeId)?.status, 'fulfilled');
  });

  it('lists overdue pledges in their own queue; another agency can neither see nor fulfil them', async () => {
    const { pledgeId } = await pledged(shanghaiDay(t.clock()));
    // The due date has passed (set back in the data: an intake refuses a due date in the past).
    await t.ctx.database.db
      .updateTable('archivePledge')
      .set({ dueDate: '2026-01-05' })
      .where('id', '=', pledgeId)
      .execute();
    const overdue = (await get(holder, '/api/archives/pledges?filter=overdue')).json() as {
      pledges: PledgeOut[];
    };
    assert.ok(overdue.pledges.some((p) => p.id === pledgeId && p.overdue));
    const theirs = (await get(other, '/api/archives/pledges?filter=all')).json() as { pledges: PledgeOut[] };
    assert.ok(!theirs.pledges.some((p) => p.id === pledgeId));
    const denied = await send(other, 'POST', `/api/archives/pledges/${pledgeId}/fulfil`, fulfil);
    assert.equal(denied.statusCode, 404);
    const empty = await send(holder, 'POST', `/api/archives/pledges/${pledgeId}/fulfil`, { materials: [] });
    assert.equal(empty.statusCode, 400);
  });

  it('records and edits a counterpart agency outside the county; in-county agencies cannot be edited here', async () => {
    const name = `广州市人才服务中心${randomUUID().slice(0, 4)}`;
    const created = await send(holder, 'POST', '/api/archives/agencies', {
      name,
      regionName: '广东省广州市',
      contact: '档案科',
    });
    assert.equal(created.statusCode, 200, created.body);
    const a = created.json() as TArchiveAgency;
    assert.equal(a.kind, 'external');
    assert.equal(a.inCounty, false);
    const dup = await send(holder, 'POST', '/api/archives/agencies', { name, regionName: '广东省广州市' });
    assert.equal(dup.statusCode, 409);
    const edited = await send(holder, 'POST', `/api/archives/agencies/${a.id}`, {
      name,
      regionName: '广东省广州市',
      address: '广州市天河区',
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal((edited.json() as TArchiveAgency).address, '广州市天河区');
    const list = (await get(holder, '/api/archives/agencies')).json() as { agencies: TArchiveAgency[] };
    const inCounty = list.agencies.find((x) => x.inCounty);
    assert.ok(inCounty);
    const refused = await send(holder, 'POST', `/api/archives/agencies/${inCounty.id}`, {
      name: '改名',
      regionName: '中牟县',
    });
    assert.equal(refused.statusCode, 403);
  });
});
