import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TMyWorkItemList } from '@qiaoti/contracts';
import type { Database } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import type { Actor } from '../../actor.ts';
import { createTestAccount, loginAs, type TestAccount, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { createWorkItem } from './workitems.service.ts';
import { defineWorkItemLinks, defineWorkItemType } from './workitems.types.ts';

const reviewType = defineWorkItemType({
  type: 'test.mine_review',
  label: '测试审核',
  initial: 'open',
  states: { open: '待审核', done: '已审核' },
  transitions: { open: ['done'] },
  closedStates: ['done'],
});
defineWorkItemLinks(
  reviewType.type,
  async (_db, items) => new Map(items.map((i) => [i.id, `/test/${i.subjectId}`])),
);

describe('我的待办 (GET /api/workitems/mine)', () => {
  let t: TestApp;
  let me: TestAccount;
  let colleague: TestAccount;
  let other: TestAccount;
  let citizen: TestAccount;
  let myOrg: string;
  let otherOrg: string;
  const sessions: Record<string, TestSession> = {};

  let database: Database;

  before(async () => {
    // Its own database: other test files leave open work items owned by the same departments.
    database = await openIsolatedTestDatabase();
    t = await buildTestApp({ database });
    me = await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' });
    colleague = await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' });
    other = await createTestAccount(t.ctx, { roles: ['civil_affairs_officer'], organisationCode: 'civil' });
    const person = await createPerson(t.ctx);
    citizen = await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id });
    for (const a of [me, colleague, other, citizen]) sessions[a.id] = await loginAs(t, a);
    const { db } = t.ctx.database;
    const orgOf = async (id: string) =>
      (
        await db
          .selectFrom('accounts')
          .select('organisationId')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).organisationId ?? '';
    myOrg = await orgOf(me.id);
    otherOrg = await orgOf(other.id);
    assert.notEqual(myOrg, otherOrg);
  });
  after(async () => {
    await t.app.close();
    await database.close();
  });

  const mine = async (a: TestAccount) => {
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/workitems/mine',
      headers: { cookie: sessions[a.id]?.cookie ?? '' },
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as TMyWorkItemList;
  };

  it('lists my items and my organisation’s unassigned ones, overdue first, with links; never another’s', async () => {
    const { db } = t.ctx.database;
    const actor = { accountId: me.id, username: me.username } as Actor;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.ctx.clock());
    const subject = () => ({ type: 'test', id: randomUUID() });
    const make = (title: string, owner: { org?: string; account?: string }, dueOn: string | null) =>
      db.transaction().execute((trx) =>
        createWorkItem(trx, actor, {
          type: reviewType,
          subject: subject(),
          title,
          ownerOrganisationId: owner.org ?? null,
          ownerAccountId: owner.account ?? null,
          dueOn,
        }),
      );
    const mineLate = await make('我的逾期事项', { org: myOrg, account: me.id }, '2020-01-01');
    const mineLater = await make('我的下月事项', { org: myOrg, account: me.id }, '2999-01-01');
    const orgs = await make('本单位待认领事项', { org: myOrg }, null);
    await make('同事的事项', { org: myOrg, account: colleague.id }, '2020-01-02');
    await make('其他单位的事项', { org: otherOrg }, '2020-01-01');

    const list = await mine(me);
    const titles = list.items.map((i) => i.title);
    assert.deepEqual(titles, ['我的逾期事项', '我的下月事项', '本单位待认领事项']);
    assert.equal(list.overdue, 1);
    assert.equal(list.truncated, false);
    const late = list.items[0];
    assert.equal(late?.id, mineLate.id);
    assert.equal(late?.overdue, true);
    assert.equal(late?.assignedTo, 'me');
    assert.equal(late?.typeLabel, '测试审核');
    assert.equal(late?.stateLabel, '待审核');
    assert.equal(late?.link, `/test/${mineLate.subjectId}`);
    assert.equal(list.items[1]?.id, mineLater.id);
    assert.equal(list.items[1]?.overdue, false);
    assert.ok(late && today > '2020-01-01');
    assert.equal(list.items[2]?.id, orgs.id);
    assert.equal(list.items[2]?.assignedTo, 'organisation');

    const theirs = await mine(colleague);
    assert.deepEqual(
      theirs.items.map((i) => i.title),
      ['同事的事项', '本单位待认领事项'],
    );
    assert.deepEqual(
      (await mine(other)).items.map((i) => i.title),
      ['其他单位的事项'],
    );
    assert.deepEqual((await mine(citizen)).items, []);
  });

  it('asks for a signed-in account', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/workitems/mine' });
    assert.equal(r.statusCode, 401);
  });
});
