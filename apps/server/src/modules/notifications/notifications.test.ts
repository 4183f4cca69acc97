import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TChannelStatusList, TNotificationList, TUnreadCount } from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestAccount, type TestSession } from '../../test/accounts.ts';
import { createPerson, syntheticIdNumber, syntheticPhone } from '../../test/factories.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { listDeliveries } from './notifications.repository.ts';
import { NotificationPersonalDataError, notify } from './notifications.service.ts';

describe('notifications inbox (DESIGN §4b)', () => {
  let t: TestApp;
  let a: TestAccount;
  let b: TestAccount;
  let sa: TestSession;
  let sb: TestSession;

  before(async () => {
    t = await buildTestApp();
    a = await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' });
    b = await createTestAccount(t.ctx, {
      roles: ['village_worker'],
      organisationCode: 'town-410122001',
      villageCode: '410122001001',
    });
    sa = await loginAs(t, a);
    sb = await loginAs(t, b);
  });
  after(async () => {
    await t.app.close();
  });

  const send = (input: Parameters<typeof notify>[1]) =>
    t.ctx.database.db.transaction().execute((trx) => notify(trx, input));
  const inbox = async (s: TestSession, qs = '') =>
    (
      await t.app.inject({ method: 'GET', url: `/api/notifications${qs}`, headers: { cookie: s.cookie } })
    ).json() as TNotificationList;

  it('one account never sees another account’s notifications; mark-read of another’s id changes nothing', async () => {
    const [idA] = await send({
      accountIds: [a.id],
      kind: 'system.notice',
      title: '给甲的消息',
      body: '正文甲',
      link: '/me',
    });
    assert.ok(idA);
    await send({ accountIds: [b.id], kind: 'system.notice', title: '给乙的消息', body: '正文乙' });

    const listA = await inbox(sa);
    const listB = await inbox(sb);
    assert.ok(
      listA.items.some((n) => n.id === idA && n.title === '给甲的消息' && n.link === '/me' && !n.isRead),
    );
    assert.ok(listA.items.every((n) => n.title !== '给乙的消息'));
    assert.ok(listB.items.every((n) => n.id !== idA));
    assert.equal(listB.items.filter((n) => n.title === '给乙的消息').length, 1);

    const before = (
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/notifications/unread-count',
          headers: { cookie: sa.cookie },
        })
      ).json() as TUnreadCount
    ).unread;
    const stolen = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: sb.headers,
      payload: { ids: [idA] },
    });
    assert.equal(stolen.statusCode, 200);
    assert.equal((stolen.json() as { marked: number }).marked, 0);
    const still = (await inbox(sa)).items.find((n) => n.id === idA);
    assert.equal(still?.isRead, false);

    const mine = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: sa.headers,
      payload: { ids: [idA] },
    });
    assert.deepEqual(mine.json(), { marked: 1, unread: before - 1 });
    assert.equal((await inbox(sa)).items.find((n) => n.id === idA)?.isRead, true);
    assert.ok((await inbox(sa, '?unreadOnly=true')).items.every((n) => n.id !== idA));
  });

  it('mark all read empties only the caller’s unread count', async () => {
    await send({ accountIds: [a.id, b.id], kind: 'system.notice', title: '群发', body: '两人都收到' });
    const all = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: sb.headers,
      payload: { all: true },
    });
    assert.equal((all.json() as { unread: number }).unread, 0);
    assert.ok((await inbox(sa)).unread >= 1);
  });

  it('an organisation’s staff and a person’s accounts are recipients; disabled accounts are not', async () => {
    const employer = await t.ctx.database.db
      .insertInto('organisations')
      .values({ kind: 'employer', name: '通知测试用工单位', uscc: null, placeCode: null, duties: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const e1 = await createTestAccount(t.ctx, { roles: ['employer'], organisationId: employer.id });
    const e2 = await createTestAccount(t.ctx, { roles: ['employer'], organisationId: employer.id });
    await t.ctx.database.db
      .updateTable('accounts')
      .set({ disabledAt: new Date() })
      .where('id', '=', e2.id)
      .execute();
    const person = await createPerson(t.ctx);
    const c = await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id });

    const ids = await send({
      organisationId: employer.id,
      personId: person.id,
      accountIds: [e1.id],
      kind: 'gig.claimed',
      title: '有人接单',
      body: '请查看',
    });
    assert.equal(ids.length, 2); // e1 once (named twice), c once; e2 disabled
    const owners = await t.ctx.database.db
      .selectFrom('notification')
      .select('accountId')
      .where('id', 'in', ids)
      .execute();
    assert.deepEqual(owners.map((o) => o.accountId).sort(), [e1.id, c.id].sort());
  });

  it('refuses a text carrying an ID or phone number, and stores nothing', async () => {
    const marker = `拒绝-${Date.now()}`;
    await assert.rejects(
      send({
        accountIds: [a.id],
        kind: 'system.notice',
        title: marker,
        body: `身份证 ${syntheticIdNumber()}`,
      }),
      NotificationPersonalDataError,
    );
    await assert.rejects(
      send({ accountIds: [a.id], kind: 'system.notice', title: marker, body: `电话${syntheticPhone()}` }),
      NotificationPersonalDataError,
    );
    const stored = await t.ctx.database.db
      .selectFrom('notification')
      .select('id')
      .where('title', '=', marker)
      .execute();
    assert.equal(stored.length, 0);
  });

  it('SMS goes through the log-only adapter, which records honestly that nothing was sent', async () => {
    const [id] = await send({
      accountIds: [a.id],
      kind: 'system.notice',
      title: '短信测试',
      body: '内容',
      channels: ['sms'],
    });
    assert.ok(id);
    const deliveries = await listDeliveries(t.ctx.database.db, id);
    assert.deepEqual(deliveries, [
      { channel: 'sms', adapter: 'log-only', status: 'logged', detail: '短信通道未接入，仅记录' },
    ]);
    const channels = (
      await t.app.inject({
        method: 'GET',
        url: '/api/notifications/channels',
        headers: { cookie: sb.cookie },
      })
    ).json() as TChannelStatusList;
    const sms = channels.channels.find((c) => c.channel === 'sms');
    assert.equal(sms?.isConnected, false);
    assert.equal(sms?.description, '短信通道未接入，仅记录');
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications' });
    assert.equal(res.statusCode, 401);
  });
});
