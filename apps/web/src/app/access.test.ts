import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminRoles, permissionsOf, type Role, roleNames } from '@qiaoti/contracts';
import { accessOf, type Me } from './access.ts';
import { allowed, homePath, routes } from './routes.tsx';

function meWith(roles: Role[]): Me {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    username: 'u',
    displayName: '测试',
    roles,
    permissions: [...permissionsOf(roles)],
    organisation: null,
    villageCode: null,
    personId: null,
    csrfToken: 't',
  };
}

const menuOf = (roles: Role[]) =>
  routes.filter((r) => r.menu && allowed(r, accessOf(meWith(roles)))).map((r) => r.label);

const employmentMenu = [
  '岗位管理',
  '求职登记',
  '人岗匹配',
  '推荐跟踪',
  '灵工市场',
  '就业指标',
  '就业困难人员认定',
  '援助个案',
  '零就业家庭',
  '补贴申请',
];

describe('routes table filtered by access', () => {
  it('gives each role the menu its permissions allow', () => {
    assert.deepEqual(menuOf(['employment_officer']), [
      '工作台',
      '人员查询',
      '登记人员',
      '家庭户查询',
      '登记家庭户',
      '批量导入',
      '政策库',
      '政策试算',
      '参数影响测算',
      ...employmentMenu,
    ]);
    assert.deepEqual(menuOf(['civil_affairs_officer']), [
      '工作台',
      '人员查询',
      '登记人员',
      '家庭户查询',
      '登记家庭户',
      '批量导入',
      '政策库',
      '政策试算',
      '参数影响测算',
    ]);
    assert.deepEqual(menuOf(['village_worker']), [
      '工作台',
      '人员查询',
      '登记人员',
      '家庭户查询',
      '登记家庭户',
      '政策库',
      '政策试算',
      ...employmentMenu,
    ]);
    assert.deepEqual(menuOf(['archive_officer']), [
      '工作台',
      '人员查询',
      '政策库',
      '政策试算',
      '档案转递工作台',
      '本机构档案',
      '告知承诺',
      '发起转递',
      '档案管理机构',
      '档案数字化',
      '借阅查阅',
      '民生档案查询',
    ]);
    assert.deepEqual(menuOf(['sys_admin']), ['工作台', '账号管理']);
    assert.deepEqual(menuOf(['sec_admin']), ['工作台', '角色授权']);
    assert.deepEqual(menuOf(['audit_admin']), ['工作台', '审计日志']);
    assert.deepEqual(menuOf(['citizen']), ['零工市场', '我的档案', '我的信息', '我的民生档案']);
  });

  it('never shows a registry page to any of the 三员', () => {
    for (const role of adminRoles) {
      const access = accessOf(meWith([role]));
      const registry = routes.filter(
        (r) => r.path.startsWith('/registry') || r.path === '/imports' || r.path === '/me',
      );
      assert.deepEqual(
        registry.filter((r) => allowed(r, access)).map((r) => r.path),
        [],
        role,
      );
    }
  });

  it('sends citizens and employers to the portal, everyone else to the console', () => {
    for (const role of roleNames) {
      const access = accessOf(meWith([role]));
      const portal = role === 'citizen' || role === 'employer';
      assert.equal(access.isPortalOnly, portal, role);
      assert.equal(homePath(access), portal ? '/me' : '/', role);
    }
  });

  it('has one route per path, and every detail page guarded by a permission', () => {
    const paths = routes.map((r) => r.path);
    assert.equal(new Set(paths).size, paths.length);
    for (const r of routes.filter((x) => x.path.includes(':'))) assert.ok(r.permission, r.path);
  });
});
