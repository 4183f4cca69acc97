import { roles, type TAccount } from '@qiaoti/contracts';
import { Space, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';

export function roleLabel(r: string): string {
  return (roles as Record<string, { label: string }>)[r]?.label ?? r;
}

export function AccountStatus({ account }: { account: TAccount }) {
  if (account.isDisabled) return <Tag color="default">已停用</Tag>;
  if (account.isLocked) return <Tag color="red">已锁定</Tag>;
  return <Tag color="green">正常</Tag>;
}

/** Columns both admin pages show. */
export const accountColumns: TableColumnsType<TAccount> = [
  { title: '用户名', dataIndex: 'username', width: 130 },
  { title: '姓名', dataIndex: 'displayName', width: 110 },
  {
    title: '所属单位',
    key: 'org',
    ellipsis: true,
    render: (_: unknown, a) => a.organisation?.name ?? '—',
  },
  {
    title: '角色',
    dataIndex: 'roles',
    render: (rs: string[]) =>
      rs.length ? (
        <Space size={[4, 4]} wrap>
          {rs.map((r) => (
            <Tag key={r} color={['sys_admin', 'sec_admin', 'audit_admin'].includes(r) ? 'purple' : 'blue'}>
              {roleLabel(r)}
            </Tag>
          ))}
        </Space>
      ) : (
        <span style={{ color: '#8c8c8c' }}>未授予</span>
      ),
  },
  { title: '状态', key: 'status', width: 80, render: (_: unknown, a) => <AccountStatus account={a} /> },
  {
    title: '动态口令',
    dataIndex: 'requiresTotp',
    width: 80,
    render: (v: boolean) => (v ? '需要' : '—'),
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 140,
    render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm'),
  },
];
