import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent } from '@qiaoti/contracts';
import type { Database, DB } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../actor.ts';
import { createTestAccount, loginAs } from '../../test/accounts.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import {
  AuditPersonalDataError,
  containsRawPersonalData,
  GENESIS_HASH,
  recordAudit,
  verifyAuditChain,
  writeAudit,
} from './audit.service.ts';

const events: AuditEvent[] = [
  'login.success',
  'logout',
  'person.view',
  'person.reveal',
  'export',
  'role.grant',
];

async function appendRandom(db: Kysely<DB>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await writeAudit(db, {
      at: new Date(Date.UTC(2026, 10, 28, 1, 0, i)),
      event: events[i % events.length] ?? 'logout',
      outcome: i % 5 === 0 ? 'failure' : 'success',
      actorId: null,
      actorUsername: `user${i % 7}`,
      actorRoles: ['employment_officer'],
      ip: `10.0.0.${i % 250}`,
      requestId: `req-${i}`,
      objectType: 'person',
      objectId: `obj-${i}`,
      details: { n: i, note: `第${i}条`, nested: { b: 2, a: [1, 'x'] } },
    });
  }
}

class Rollback extends Error {}

describe('audit chain: append-only, tamper-evident (SECURITY 13)', () => {
  let database: Database;
  before(async () => {
    database = await openIsolatedTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('SECURITY-13: UPDATE, DELETE and TRUNCATE of the log are refused (trigger, every role, owner included)', async () => {
    const db = database.db;
    await appendRandom(db, 3);
    await assert.rejects(sql`update audit_log set event = 'x'`.execute(db), /append-only/);
    await assert.rejects(sql`delete from audit_log`.execute(db), /append-only/);
    await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
    await assert.rejects(sql`delete from audit_checkpoints`.execute(db), /append-only/);
    await assert.rejects(sql`truncate audit_checkpoints`.execute(db), /append-only/);
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  it('SECURITY-13: concurrent appends never fork the chain', async () => {
    const db = database.db;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writeAudit(db, { at: new Date(), event: 'person.view', outcome: 'success', requestId: `c-${i}` }),
      ),
    );
    const forks = await sql<{ n: number }>`
      select count(*)::int as n from (select prev_hash from audit_log group by prev_hash having count(*) > 1) x`.execute(
      db,
    );
    assert.equal(forks.rows[0]?.n, 0);
    const first = await db
      .selectFrom('auditLog')
      .select('prevHash')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(first.prevHash, GENESIS_HASH);
    const v = await verifyAuditChain(db);
    assert.deepEqual({ ok: v.ok, broken: v.firstBrokenSeq }, { ok: true, broken: null });
  });

  it('SECURITY-13: 100 random mutations and truncations by the owner with triggers disabled — the verifier names the exact first broken seq 100/100', async () => {
    const db = database.db;
    await appendRandom(db, 40);
    const seqs = (await db.selectFrom('auditLog').select('seq').orderBy('seq').execute()).map((r) =>
      Number(r.seq),
    );
    assert.equal((await verifyAuditChain(db)).ok, true);
    const mutations = [
      { col: 'event', set: sql`'login.success_x'` },
      { col: 'outcome', set: sql`case when outcome = 'success' then 'failure' else 'success' end` },
      { col: 'actor_username', set: sql`'mallory'` },
      { col: 'actor_roles', set: sql`array['sys_admin']` },
      { col: 'ip', set: sql`'203.0.113.1'` },
      { col: 'object_id', set: sql`'obj-forged'` },
      { col: 'request_id', set: sql`'req-forged'` },
      { col: 'details', set: sql`details || '{"n": -1}'::jsonb` },
      { col: 'at', set: sql`at + interval '1 second'` },
      { col: 'prev_hash', set: sql`repeat('a', 64)` },
      { col: 'hash', set: sql`repeat('b', 64)` },
    ] as const;
    let detected = 0;
    for (let round = 0; round < 100; round++) {
      const pick = seqs[randomInt(seqs.length)] ?? 1;
      const kind = round % 4; // 0,1: alter a field; 2: delete a record; 3: cut the tail
      let expected = pick;
      try {
        await db.transaction().execute(async (trx) => {
          await sql`alter table audit_log disable trigger user`.execute(trx);
          if (kind <= 1) {
            const m = mutations[randomInt(mutations.length)] ?? mutations[0];
            await sql`update audit_log set ${sql.ref(m.col)} = ${m.set} where seq = ${pick}`.execute(trx);
          } else if (kind === 2) {
            await sql`delete from audit_log where seq = ${pick}`.execute(trx);
          } else {
            const from = seqs[Math.max(1, randomInt(seqs.length))] ?? pick;
            expected = from;
            await sql`delete from audit_log where seq >= ${from}`.execute(trx);
          }
          const v = await verifyAuditChain(trx);
          if (!v.ok && v.firstBrokenSeq === expected) detected++;
          else assert.fail(`round ${round} kind ${kind}: expected ${expected}, got ${JSON.stringify(v)}`);
          if (kind === 3) assert.equal(v.reason, 'truncated');
          throw new Rollback();
        });
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
      }
    }
    assert.equal(detected, 100);
    assert.equal((await verifyAuditChain(db)).ok, true, 'every mutation was rolled back');
  });

  it('SECURITY-13: a role granted only INSERT and SELECT (as the migration grants qiaoti_app) cannot UPDATE, DELETE or TRUNCATE the log', async () => {
    // Same statements on PGlite and on a PostgreSQL server: a fresh role, the grants the migration gives
    // qiaoti_app, then SET ROLE inside a transaction that is rolled back.
    const role = `qiaoti_app_${randomBytes(4).toString('hex')}`;
    const db = database.db;
    await sql.raw(`create role ${role}`).execute(db);
    try {
      await sql.raw(`grant usage on schema public to ${role}`).execute(db);
      await sql.raw(`grant select, insert on audit_log, audit_checkpoints to ${role}`).execute(db);
      await sql.raw(`grant usage, select on sequence audit_log_seq_seq to ${role}`).execute(db);
      const asApp = async (statement: string) => {
        try {
          await db.transaction().execute(async (trx) => {
            await sql.raw(`set local role ${role}`).execute(trx);
            await sql.raw(statement).execute(trx);
            throw new Rollback();
          });
          return 'allowed';
        } catch (e) {
          if (e instanceof Rollback) return 'allowed';
          return String((e as Error).message);
        }
      };
      assert.equal(await asApp('select count(*) from audit_log'), 'allowed');
      for (const statement of [
        `update audit_log set event = 'x'`,
        'delete from audit_log',
        'truncate audit_log',
        `update audit_checkpoints set hash = 'x'`,
        'delete from audit_checkpoints',
      ])
        assert.match(await asApp(statement), /permission denied/, statement);
    } finally {
      await sql.raw(`revoke all on all tables in schema public from ${role}`).execute(db);
      await sql.raw(`revoke all on all sequences in schema public from ${role}`).execute(db);
      await sql.raw(`revoke all on schema public from ${role}`).execute(db);
      await sql.raw(`drop role ${role}`).execute(db);
    }
  });
});

describe('audit completeness (SECURITY 12)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.app.close();
  });

  it('SECURITY-12: a script of K events leaves exactly one complete record each, with no raw personal data', async () => {
    const db = t.ctx.database.db;
    const sys = await createTestAccount(t.ctx, { roles: ['sys_admin'], organisationCode: 'data' });
    const sec = await createTestAccount(t.ctx, { roles: ['sec_admin'], organisationCode: 'data' });
    const auditor = await createTestAccount(t.ctx, { roles: ['audit_admin'], organisationCode: 'data' });
    const victim = await createTestAccount(t.ctx, { roles: [] });
    const expectations: { event: AuditEvent; requestId: string; outcome: string; actor: string | null }[] =
      [];
    const track = (
      res: { headers: Record<string, unknown> },
      event: AuditEvent,
      outcome: string,
      actor: string | null,
    ) => expectations.push({ event, requestId: String(res.headers['x-request-id']), outcome, actor });
    const ip = '10.77.0.1';
    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        payload: payload as Record<string, unknown>,
        headers,
        remoteAddress: ip,
      });

    // logins: success, failure, lock
    const sysSession = await loginAs(t, sys);
    const secSession = await loginAs(t, sec);
    const audSession = await loginAs(t, auditor);
    const fail = await post('/api/auth/login', { username: victim.username, password: 'Wrong#Pass1' });
    track(fail, 'login.failure', 'failure', victim.username);
    for (let i = 0; i < 3; i++)
      await post('/api/auth/login', { username: victim.username, password: 'Wrong#Pass1' });
    const locking = await post('/api/auth/login', { username: victim.username, password: 'Wrong#Pass1' });
    track(locking, 'login.locked', 'success', victim.username);
    const plain = await createTestAccount(t.ctx, {
      roles: ['village_worker'],
      organisationCode: 'town-410122001',
      villageCode: '410122001201',
    });
    const okLogin = await post('/api/auth/login', { username: plain.username, password: plain.password });
    assert.equal(okLogin.statusCode, 200);
    track(okLogin, 'login.success', 'success', plain.username);
    // account lifecycle by the system admin
    const created = await post(
      '/api/admin/accounts',
      { username: `k_${randomBytes(4).toString('hex')}`, displayName: '审计脚本' },
      sysSession.headers,
    );
    track(created, 'account.create', 'success', sys.username);
    const id = (created.json() as { account: { id: string } }).account.id;
    const patch = (payload: unknown) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/admin/accounts/${id}`,
        headers: sysSession.headers,
        payload: payload as Record<string, unknown>,
        remoteAddress: ip,
      });
    track(await patch({ displayName: '审计脚本2' }), 'account.update', 'success', sys.username);
    track(await patch({ disabled: true }), 'account.disable', 'success', sys.username);
    track(await patch({ disabled: false }), 'account.enable', 'success', sys.username);
    track(await patch({ resetPassword: true }), 'account.password_reset', 'success', sys.username);
    // roles by the security admin
    const roles = (r: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/admin/accounts/${id}/roles`,
        headers: secSession.headers,
        payload: { roles: r },
        remoteAddress: ip,
      });
    track(await roles(['audit_admin']), 'role.grant', 'success', sec.username);
    track(await roles([]), 'role.revoke', 'success', sec.username);
    // a denial
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/admin/accounts',
      headers: { cookie: audSession.cookie },
      remoteAddress: ip,
    });
    assert.equal(denied.statusCode, 403);
    track(denied, 'access.denied', 'denied', auditor.username);
    const verify = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { cookie: audSession.cookie },
      remoteAddress: ip,
    });
    track(verify, 'audit.verify', 'success', auditor.username);
    // person events through the helper other modules use (registry, export, import)
    const actor: Actor = {
      accountId: sys.id, // any account: the helper copies what the actor carries
      username: 'helper_actor',
      roles: ['employment_officer'],
      permissions: new Set(),
      organisationId: null,
      organisationDuties: [],
      organisationKind: null,
      villageCode: null,
      personId: null,
      ip,
      requestId: '',
    };
    for (const event of [
      'person.reveal',
      'person.create',
      'person.update',
      'person.delete',
      'export',
      'import',
    ] as const) {
      const requestId = `helper-${event}-${randomBytes(4).toString('hex')}`;
      await recordAudit(
        db,
        { ...actor, requestId },
        { event, objectType: 'person', objectId: 'p-1', details: { purpose: '核对就业登记' } },
      );
      expectations.push({ event, requestId, outcome: 'success', actor: 'helper_actor' });
    }
    // logout and password change
    const pw = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: sysSession.headers,
      payload: { currentPassword: sys.password, newPassword: 'Next#Pass2027' },
      remoteAddress: ip,
    });
    track(pw, 'password.change', 'success', sys.username);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: sysSession.headers,
      remoteAddress: ip,
    });
    track(out, 'logout', 'success', sys.username);

    const missing: string[] = [];
    for (const e of expectations) {
      const rows = await db
        .selectFrom('auditLog')
        .selectAll()
        .where('requestId', '=', e.requestId)
        .where('event', '=', e.event)
        .execute();
      if (rows.length !== 1) {
        missing.push(`${e.event}: ${rows.length} records`);
        continue;
      }
      const r = rows[0];
      if (!r) continue;
      if (!(r.at instanceof Date) || Number.isNaN(r.at.getTime())) missing.push(`${e.event}: at`);
      if (r.actorUsername !== e.actor) missing.push(`${e.event}: actor ${r.actorUsername}`);
      if (r.ip !== ip) missing.push(`${e.event}: ip ${r.ip}`);
      if (r.outcome !== e.outcome) missing.push(`${e.event}: outcome ${r.outcome}`);
      if (!r.objectType || !r.objectId) missing.push(`${e.event}: object`);
      if (e.event !== 'login.failure' && e.event !== 'login.locked' && r.actorRoles.length === 0)
        missing.push(`${e.event}: roles`);
      if (r.hash?.length !== 64) missing.push(`${e.event}: hash`);
    }
    assert.ok(expectations.length >= 20, `K = ${expectations.length}`);
    assert.deepEqual(missing, []);
    // The viewer shows them, filtered by actor, with UTC times.
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/audit?actor=${sys.username}&pageSize=100`,
      headers: { cookie: audSession.cookie },
    });
    assert.equal(page.statusCode, 200);
    const items = (page.json() as { items: { at: string; event: string }[] }).items;
    assert.ok(items.some((i) => i.event === 'account.create'));
    for (const i of items) assert.match(i.at, /Z$/);
    // No raw personal data anywhere in the log.
    const all = await db.selectFrom('auditLog').selectAll().execute();
    const hits = all.filter((r) => containsRawPersonalData(JSON.stringify({ ...r, hash: '', prevHash: '' })));
    assert.deepEqual(
      hits.map((h) => h.seq),
      [],
    );
  });

  it('SECURITY-12: a record carrying an ID or mobile number is refused, and so is the action (fail closed)', async () => {
    const db = t.ctx.database.db;
    const before = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirstOrThrow();
    for (const details of [
      { id: '41012219900101123X' },
      { note: '电话13812345678' },
      { nested: { x: ['410122199001011234'] } },
    ])
      await assert.rejects(
        writeAudit(db, { at: new Date(), event: 'person.view', outcome: 'success', details }),
        AuditPersonalDataError,
      );
    await assert.rejects(
      writeAudit(db, { at: new Date(), event: 'person.view', outcome: 'success', objectId: '13912345678' }),
      AuditPersonalDataError,
    );
    // Inside a service transaction the refusal rolls the action back.
    const username = `failclosed_${randomBytes(4).toString('hex')}`;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('organisations').values({ kind: 'other', name: username, duties: [] }).execute();
        await writeAudit(trx, {
          at: new Date(),
          event: 'organisation.create',
          outcome: 'success',
          details: { phone: '15912345678' },
        });
      }),
    );
    assert.equal(
      await db.selectFrom('organisations').select('id').where('name', '=', username).executeTakeFirst(),
      undefined,
    );
    const afterMax = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirstOrThrow();
    assert.equal(afterMax.m, before.m);
    // UUIDs and long numeric tokens are not mistaken for personal data.
    assert.equal(containsRawPersonalData('{"jobId":"0d8a1c2e-4b5f-4c3a-9e1d-138123456789"}'), false);
  });
});
