import { KeyOutlined } from '@ant-design/icons';
import { adminRoles, permissions, type Role, type TAccount } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Checkbox, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { accountColumns } from './account-columns.tsx';
import { type AccountPage, adminApi, type RoleInfo } from './admin.api.ts';

const isAdminRole = (r: string) => (adminRoles as readonly string[]).includes(r);

/**
 * 角色授权 (安全管理员). 三员 are exclusive: an account holds at most one of them and then no business role, so
 * no admin can read citizens' data. The form enforces it; the server enforces it again.
 */
export function RolesPage() {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AccountPage | null>(null);
  const [roleInfo, setRoleInfo] = useState<RoleInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TAccount | null>(null);
  const [chosen, setChosen] = useState<Role[]>([]);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setData(await adminApi.accounts({ q: q || undefined, page, pageSize: 20 }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [q, page]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    adminApi
      .roles()
      .then(setRoleInfo)
      .catch((e) => setError(errorMessage(e)));
  }, []);

  const chosenAdmin = chosen.find(isAdminRole);
  const chosenBusiness = chosen.some((r) => !isAdminRole(r));

  async function save() {
    if (!editing) return;
    setBusy(true);
    setSaveError(null);
    try {
      await adminApi.setRoles(editing.id, { roles: chosen });
      message.success(`已更新 ${editing.username} 的角色`);
      setEditing(null);
      await load();
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="角色授权" subTitle="为账号授予或收回角色；每次变更都记入审计日志。">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="三员分立"
        description="系统管理员、安全管理员、审计管理员（三员）相互独立：一个账号只能担任其中一种，且不能同时持有任何业务角色；三员均不能查看群众个人信息。"
      />
      <Card size="small">
        <Input.Search
          placeholder="用户名或姓名"
          allowClear
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
          style={{ width: 260, marginBottom: 12 }}
        />
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Table<TAccount>
          rowKey="id"
          size="small"
          loading={!data && !error}
          dataSource={data?.items ?? []}
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total ?? 0,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 个账号`,
          }}
          columns={[
            ...accountColumns,
            {
              title: '操作',
              key: 'op',
              width: 100,
              render: (_: unknown, a) => (
                <Button
                  type="link"
                  size="small"
                  icon={<KeyOutlined />}
                  onClick={() => {
                    setEditing(a);
                    setChosen([...a.roles]);
                    setSaveError(null);
                  }}
                >
                  设置角色
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={`设置角色 · ${editing?.displayName ?? ''}（${editing?.username ?? ''}）`}
        onCancel={() => setEditing(null)}
        onOk={save}
        okText="保存"
        confirmLoading={busy}
        width={640}
        destroyOnHidden
      >
        {saveError ? <Alert type="error" showIcon title={saveError} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">
          三员角色互斥，且不能与业务角色同时授予。需要动态口令的角色，账号本人须已绑定验证器。
        </Typography.Paragraph>
        <Checkbox.Group
          value={chosen}
          onChange={(v) => setChosen(v as Role[])}
          style={{ display: 'flex', flexDirection: 'column', gap: 10 }}
        >
          {roleInfo.map((r) => {
            const disabled = isAdminRole(r.role)
              ? (chosenAdmin !== undefined && chosenAdmin !== r.role) || chosenBusiness
              : chosenAdmin !== undefined;
            return (
              <Checkbox key={r.role} value={r.role} disabled={disabled} className="qt-role-option">
                <div>
                  <Space size={6}>
                    <span style={{ fontWeight: 500 }}>{r.label}</span>
                    {r.isAdminRole ? <Tag color="purple">三员</Tag> : null}
                    {r.requiresTotp ? <Tag>需动态口令</Tag> : null}
                  </Space>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.permissions.map((p) => permissions[p] ?? p).join('、')}
                    </Typography.Text>
                  </div>
                </div>
              </Checkbox>
            );
          })}
        </Checkbox.Group>
      </Modal>
    </Page>
  );
}
