/**
 * Roles and permissions: one table the server enforces (function level) and the web app uses to filter menus.
 * Data-level scope (which records) is decided by the server from the account's organisation, village or person.
 */
export const roles = {
  employment_officer: { label: '就业服务专员（县人社局）' },
  archive_officer: { label: '人事档案管理员（县人社局）' },
  civil_affairs_officer: { label: '社会救助专员（县民政局）' },
  village_worker: { label: '村（社区）工作人员' },
  employer: { label: '用人单位' },
  citizen: { label: '群众' },
  sys_admin: { label: '系统管理员' },
  sec_admin: { label: '安全管理员' },
  audit_admin: { label: '审计管理员' },
} as const;

export type Role = keyof typeof roles;
export const roleNames = Object.keys(roles) as Role[];

/** 三员: separate, never combined, never reading citizens' data. */
export const adminRoles = ['sys_admin', 'sec_admin', 'audit_admin'] as const satisfies readonly Role[];

export const permissions = {
  'registry.person.read': '查询人员信息',
  'registry.person.write': '登记、修改人员信息',
  'registry.person.reveal': '查看完整身份证号、手机号（须说明用途）',
  'registry.household.read': '查询家庭户信息',
  'registry.household.write': '登记、修改家庭户信息',
  'registry.import': '批量导入人员和家庭户',
  'registry.organisation.read': '查询单位信息',
  'registry.organisation.write': '登记、修改单位信息',
  'identity.account.manage': '管理账号（创建、停用、重置密码）',
  'identity.role.grant': '授予和收回角色',
  'audit.read': '查看审计日志',
  'self.read': '查看本人信息',
  'policy.read': '查阅政策库、试算',
  'policy.decide': '记录政策决定',
  'policy.manage': '调整政策参数、测算影响',
  'employment.read': '查询岗位、求职者、推荐和就业援助',
  'employment.manage': '办理就业服务（岗位代发、推荐、援助个案、零工市场）',
  'employment.subsidy.review': '审核、批准和发放就业补贴',
  'employment.employer': '发布本单位岗位、查看候选人、申请补贴',
  'employment.gig': '在零工市场发布和管理零工任务',
  'archives.read': '查询人事档案及其转递',
  'archives.manage': '办理档案接收、转递、数字化和借阅',
  'archives.livelihood.query': '查询民生档案（须说明用途）',
} as const;

export type Permission = keyof typeof permissions;

export const rolePermissions: Record<Role, readonly Permission[]> = {
  employment_officer: [
    'registry.person.read',
    'registry.person.write',
    'registry.person.reveal',
    'registry.household.read',
    'registry.household.write',
    'registry.import',
    'registry.organisation.read',
    'registry.organisation.write',
    'policy.read',
    'policy.decide',
    'policy.manage',
    'employment.read',
    'employment.manage',
    'employment.subsidy.review',
    'employment.gig',
  ],
  archive_officer: [
    'registry.person.read',
    'registry.person.reveal',
    'registry.organisation.read',
    'policy.read',
    'policy.decide',
    'archives.read',
    'archives.manage',
    'archives.livelihood.query',
  ],
  civil_affairs_officer: [
    'registry.person.read',
    'registry.person.write',
    'registry.person.reveal',
    'registry.household.read',
    'registry.household.write',
    'registry.import',
    'policy.read',
    'policy.decide',
    'policy.manage',
  ],
  village_worker: [
    'registry.person.read',
    'registry.person.write',
    'registry.household.read',
    'registry.household.write',
    'policy.read',
    'employment.read',
    'employment.gig',
  ],
  employer: ['registry.organisation.read', 'self.read', 'employment.employer', 'employment.gig'],
  citizen: ['self.read'],
  sys_admin: ['identity.account.manage'],
  sec_admin: ['identity.role.grant'],
  audit_admin: ['audit.read'],
};

export function permissionsOf(held: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of held) for (const p of rolePermissions[r as Role] ?? []) out.add(p);
  return out;
}

/** Roles whose holders must use a second factor: the 三员 and every role that may reveal personal data. */
export function requiresTotp(held: readonly string[]): boolean {
  return held.some(
    (r) =>
      (adminRoles as readonly string[]).includes(r) ||
      (rolePermissions[r as Role] ?? []).includes('registry.person.reveal'),
  );
}
