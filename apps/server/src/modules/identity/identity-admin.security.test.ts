import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { adminRoles, type Role, roleNames, rolePermissions } from '@qiaoti/contracts';
import { createTestAccount, loginAs, type TestAccount, type TestSession } from '../../test/accounts.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*/g, 'x');

describe('三员 and the vertical access matrix (SECURITY 11)', () => {
  let t: TestApp;
  const sessions = new Map<Role, TestSession>();
  const accounts = new Map<Role, TestAccount>();

  before(async () => {
    t = await buildTestApp();
    const db = t.ctx.database.db;
    // Scope holders for the roles that need one: a person for the citizen, an employer for the employer.
    const person = await db
      .insertInto('persons')
      .values({
        idNumberCipher: t.ctx.pii.encrypt('410122199001010000'),
        idNumberIndex: `test-${randomBytes(16).toString('hex')}`,
        idNumberMasked: '4****************0',
        name: '矩阵测试',
        gender: 'M',
        birthDate: '1990-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const employer = await db
      .insertInto('organisations')
      .values({ kind: 'employer', name: `矩阵测试企业${randomBytes(3).toString('hex')}`, duties: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const scope: Record<Role, Parameters<typeof createTestAccount>[1]> = {
      employment_officer: { roles: ['employment_officer'], organisationCode: 'hrss' },
      archive_officer: { roles: ['archive_officer'], organisationCode: 'hrss' },
      civil_affairs_officer: { roles: ['civil_affairs_officer'], organisationCode: 'civil' },
      village_worker: {
        roles: ['village_worker'],
        organisationCode: 'town-410122001',
        villageCode: '410122001201',
      },
      employer: { roles: ['employer'], organisationId: employer.id },
      citizen: { roles: ['citizen'], personId: person.id },
      sys_admin: { roles: ['sys_admin'], organisationCode: 'data' },
      sec_admin: { roles: ['sec_admin'], organisationCode: 'data' },
      audit_admin: { roles: ['audit_admin'], organisationCode: 'data' },
    };
    for (const role of roleNames) {
      const account = await createTestAccount(t.ctx, scope[role]);
      accounts.set(role, account);
      sessions.set(role, await loginAs(t, account));
    }
  });
  after(async () => {
    await t.app.close();
  });

  const as = (role: Role) => {
    const s = sessions.get(role);
    if (!s) throw new Error(role);
    return s;
  };

  it('SECURITY-11: every permission-guarded route × every role matches the policy table; each denial is 403 and audited', async () => {
    const guarded = t.app.routeTable.filter((r) => r.permission.length > 0 && r.method !== 'HEAD');
    for (const url of [
      '/api/admin/accounts',
      '/api/admin/accounts/:id/roles',
      '/api/audit',
      '/api/audit/verify',
    ])
      assert.ok(
        guarded.some((r) => r.url === url),
        url,
      );
    const deviations: string[] = [];
    let cells = 0;
    for (const route of guarded) {
      for (const role of roleNames) {
        const s = as(role);
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers:
            route.method === 'GET'
              ? { cookie: s.cookie }
              : { ...s.headers, 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { payload: '{}' }),
        });
        cells++;
        const requestId = String(res.headers['x-request-id']);
        // Function-level denials are the access plugin's: 403 FORBIDDEN and an access.denied record on the route.
        // (A permitted role may still get a data-level 403/404 from the service; that is not this test's matrix.)
        const denial = await t.ctx.database.db
          .selectFrom('auditLog')
          .select(['event', 'actorUsername', 'outcome'])
          .where('requestId', '=', requestId)
          .where('event', '=', 'access.denied')
          .where('objectType', '=', 'route')
          .executeTakeFirst();
        const expected = route.permission.some((p) => rolePermissions[role].includes(p));
        const forbidden =
          res.statusCode === 403 && (res.json() as { error: { code: string } }).error.code === 'FORBIDDEN';
        if (expected && denial) deviations.push(`${role} ${route.method} ${route.url}: denied but permitted`);
        if (!expected && !(denial && forbidden))
          deviations.push(`${role} ${route.method} ${route.url}: ${res.statusCode}, not denied`);
        if (denial && denial.actorUsername !== accounts.get(role)?.username)
          deviations.push(`${role}: audit actor`);
      }
    }
    assert.ok(cells >= 9 * 6);
    assert.deepEqual(deviations, []);
  });

  it('SECURITY-11: the three admins hold no registry permission, and none has a second admin role', () => {
    for (const r of adminRoles) {
      assert.deepEqual(
        rolePermissions[r].filter((p) => p.startsWith('registry.') || p === 'self.read'),
        [],
      );
    }
    assert.deepEqual(rolePermissions.audit_admin, ['audit.read']);
  });

  it('SECURITY-11: sys_admin creates and disables but cannot grant; sec_admin grants but cannot create; audit admin only reads', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      headers: as('sys_admin').headers,
      payload: { username: `new_${randomBytes(4).toString('hex')}`, displayName: '新同事' },
    });
    assert.equal(created.statusCode, 200, created.body);
    const made = created.json() as {
      account: { id: string; roles: string[] };
      initialPassword: string;
      totpSecret: string;
    };
    assert.deepEqual(made.account.roles, []);
    assert.ok(made.initialPassword.length >= 12 && /^[A-Z2-7]{16,}$/.test(made.totpSecret));

    const grantBySys = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/accounts/${made.account.id}/roles`,
      headers: as('sys_admin').headers,
      payload: { roles: ['sys_admin'] },
    });
    assert.equal(grantBySys.statusCode, 403);
    const createBySec = await t.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      headers: as('sec_admin').headers,
      payload: { username: `nope_${randomBytes(4).toString('hex')}`, displayName: 'x' },
    });
    assert.equal(createBySec.statusCode, 403);
    const editByAudit = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/accounts/${made.account.id}`,
      headers: as('audit_admin').headers,
      payload: { disabled: true },
    });
    assert.equal(editByAudit.statusCode, 403);

    const grant = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/accounts/${made.account.id}/roles`,
      headers: as('sec_admin').headers,
      payload: { roles: ['sec_admin'] },
    });
    assert.equal(grant.statusCode, 200, grant.body);
    for (const roles of [
      ['sys_admin', 'audit_admin'],
      ['sec_admin', 'employment_officer'],
    ]) {
      const two = await t.app.inject({
        method: 'PUT',
        url: `/api/admin/accounts/${made.account.id}/roles`,
        headers: as('sec_admin').headers,
        payload: { roles },
      });
      assert.equal(two.statusCode, 400, two.body);
      assert.match((two.json() as { error: { message: string } }).error.message, /三员|不能由同一账号兼任/);
    }
    const self = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/accounts/${accounts.get('sec_admin')?.id}/roles`,
      headers: as('sec_admin').headers,
      payload: { roles: ['sec_admin', 'audit_admin'] },
    });
    assert.equal(self.statusCode, 400);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: { cookie: as('audit_admin').cookie },
    });
    assert.equal(audit.statusCode, 200);
  });

  it('SECURITY-11: the database itself refuses an account holding two 三员 roles', async () => {
    const account = await createTestAccount(t.ctx, { roles: [] });
    for (const roles of [
      ['sys_admin', 'sec_admin'],
      ['sec_admin', 'audit_admin'],
      ['sys_admin', 'audit_admin'],
    ]) {
      await assert.rejects(
        t.ctx.database.db.updateTable('accounts').set({ roles }).where('id', '=', account.id).execute(),
        /accounts_one_admin_role/,
      );
    }
  });
});
