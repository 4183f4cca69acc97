import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TPosting, TPublishPostingResponse, TReferral } from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson, syntheticUscc } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

const VILLAGE = '410122001001';

describe('posting creation and applying honour Idempotency-Key (a retried submission has one effect)', () => {
  let t: TestApp;
  let employer: TestSession;
  let orgId: string;

  before(async () => {
    t = await buildTestApp();
    orgId = (
      await t.ctx.database.db
        .insertInto('organisations')
        .values({ kind: 'employer', name: '中牟幂等测试有限公司', uscc: syntheticUscc(), placeCode: VILLAGE })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    employer = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employer'], organisationId: orgId }),
    );
  });
  after(async () => {
    await t.app.close();
  });

  const body = (title: string) => ({
    title,
    occupationCode: '4-02-06-01',
    description: '负责出入库作业和库存盘点',
    skills: ['出入库作业'],
    wageMinFen: 400000,
    wageMaxFen: 500000,
    workplace: { kind: 'village', code: VILLAGE },
    hours: 'full_time',
    headcount: 1,
    contractType: 'fixed_term',
  });
  const create = (payload: unknown, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/employment/postings',
      headers: { ...employer.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const countTitled = async (title: string) =>
    (
      await t.ctx.database.db
        .selectFrom('jobPosting')
        .select('id')
        .where('organisationId', '=', orgId)
        .where('title', '=', title)
        .execute()
    ).length;

  it('the same key twice → one posting, the retry answers with it; another key → a second posting', async () => {
    const title = `幂等岗位${Math.random().toString(36).slice(2, 7)}`;
    const key = `posting-${Math.random().toString(36).slice(2, 12)}`;
    const first = await create(body(title), key);
    assert.equal(first.statusCode, 201, first.body);
    const retry = await create(body(title), key);
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal((retry.json() as TPosting).id, (first.json() as TPosting).id);
    assert.equal(await countTitled(title), 1);

    const mismatch = await create(body(`${title}改`), key);
    assert.equal(mismatch.statusCode, 422);

    const other = await create(body(title), `${key}-2`);
    assert.equal(other.statusCode, 201);
    assert.equal(await countTitled(title), 2);
    // Without a key the route still works (older clients).
    assert.equal((await create(body(title))).statusCode, 201);
  });

  it('a citizen applying twice with the same key gets the same referral; without a key the second is a conflict', async () => {
    const person = await createPerson(t.ctx, { residenceVillageCode: VILLAGE });
    const citizen = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id }),
    );
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/employment/seekers',
      headers: citizen.headers,
      payload: { occupationsWanted: ['4-02-06-01'], skills: ['出入库作业'] },
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const created = await create(body(`申请幂等${Math.random().toString(36).slice(2, 7)}`));
    const postingId = (created.json() as TPosting).id;
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/employment/postings/${postingId}/publish`,
      headers: employer.headers,
      payload: {},
    });
    assert.equal((published.json() as TPublishPostingResponse).result, 'published', published.body);

    const apply = (key?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/employment/applications',
        headers: { ...citizen.headers, ...(key ? { 'idempotency-key': key } : {}) },
        payload: { postingId },
      });
    const key = `apply-${Math.random().toString(36).slice(2, 12)}`;
    const first = await apply(key);
    assert.equal(first.statusCode, 201, first.body);
    const retry = await apply(key);
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal((retry.json() as TReferral).id, (first.json() as TReferral).id);
    const rows = await t.ctx.database.db
      .selectFrom('referral')
      .select('id')
      .where('postingId', '=', postingId)
      .execute();
    assert.equal(rows.length, 1);
    const again = await apply();
    assert.equal(again.statusCode, 409);
    const otherKey = await apply(`${key}-2`);
    assert.equal(otherKey.statusCode, 409, 'a new submission is refused: already applied');
  });
});
