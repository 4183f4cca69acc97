import { z } from 'zod';

/**
 * Audit events (安全审计). Modules record through `recordAudit` (apps/server/src/modules/audit/audit.service.ts);
 * a new kind of event is added here so the viewer can name it.
 */
export const auditEvents = {
  'login.success': '登录成功',
  'login.failure': '登录失败',
  'login.locked': '账号因多次登录失败被锁定',
  logout: '退出登录',
  'session.expired': '会话超时',
  'password.change': '修改密码',
  'account.create': '创建账号',
  'account.update': '修改账号',
  'account.disable': '停用账号',
  'account.enable': '启用账号',
  'account.password_reset': '重置密码',
  'account.unlock': '解除锁定',
  'role.grant': '授予角色',
  'role.revoke': '收回角色',
  'access.denied': '越权访问被拒绝',
  'csrf.rejected': '跨站请求被拒绝',
  'audit.verify': '校验审计日志',
  'person.view': '查看人员信息',
  'person.reveal': '查看完整身份证号或手机号',
  'person.create': '登记人员',
  'person.update': '修改人员信息',
  'person.delete': '删除人员',
  'household.create': '登记家庭户',
  'household.update': '修改家庭户',
  'household.delete': '删除家庭户',
  'organisation.create': '登记单位',
  'organisation.update': '修改单位',
  export: '导出数据',
  import: '导入数据',
  'config.change': '修改配置',
  'decision.record': '记录政策决定',
  'parameter.schedule': '排定政策参数调整',
  'parameter.withdraw': '撤回政策参数调整',
  'policy.impact': '测算参数调整影响',
  // employment (issue 4)
  'posting.create': '登记岗位',
  'posting.update': '修改岗位',
  'posting.publish': '发布岗位',
  'posting.blocked': '岗位因歧视性条件被拦截',
  'posting.close': '关闭岗位',
  'seeker.register': '求职登记',
  'seeker.update': '修改求职登记',
  'seeker.status': '变更就业状态',
  'referral.create': '推荐就业',
  'referral.update': '更新推荐进展',
  'placement.followup': '就业回访',
  'assistance.open': '开立就业援助个案',
  'assistance.update': '更新就业援助个案',
  'assistance.close': '结案就业援助个案',
  'subsidy.apply': '申请就业补贴',
  'subsidy.review': '审核就业补贴',
  'subsidy.pay': '发放就业补贴',
  'gig.task': '零工任务变更',
  'indicator.entry': '录入就业指标',
  // archives (issue 5)
  'archive.intake': '接收人事档案',
  'archive.refuse': '不予接收人事档案',
  'archive.transfer': '人事档案转递',
  'archive.receipt': '人事档案转递回执',
  'archive.material': '档案材料变更',
  'archive.scan': '上传档案数字化材料',
  'archive.borrow': '档案借阅、查阅',
  'archive.certificate': '出具存档证明',
  'archive.view': '查看人事档案',
  'archive.pledge': '告知承诺补交材料',
  'archive.agency': '维护县外档案机构记录',
  'livelihood.query': '查询民生档案',
} as const;

export type AuditEvent = keyof typeof auditEvents;
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcomeName = (typeof auditOutcomes)[number];

export const ZAuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().trim().max(64).optional(),
  event: z.string().trim().max(64).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditRecord = z.object({
  seq: z.number().int(),
  /** UTC, ISO 8601. */
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRoles: z.array(z.string()),
  organisationId: z.string().nullable(),
  ip: z.string().nullable(),
  event: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type TAuditRecord = z.infer<typeof ZAuditRecord>;

export const ZAuditPage = z.object({
  items: z.array(ZAuditRecord),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ZAuditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
});
export type TAuditVerifyResponse = z.infer<typeof ZAuditVerifyResponse>;
