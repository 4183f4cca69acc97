import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TAccount } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { applyServerIssues } from '../../app/forms.ts';
import { Page } from '../../app/layout.tsx';
import { VillageCascader } from '../registry/village-cascader.tsx';
import { accountColumns } from './account-columns.tsx';
import { type AccountPage, adminApi, type OrganisationOption } from './admin.api.ts';

interface Secret {
  title: string;
  username: string;
  password: string;
  totpSecret?: string;
}

/** 账号管理 (系统管理员): list, create, disable/enable, reset password, unlock. Roles are the security admin's. */
export function AccountsPage() {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AccountPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);

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

  async function update(a: TAccount, body: Parameters<typeof adminApi.updateAccount>[1], done: string) {
    try {
      const r = await adminApi.updateAccount(a.id, body);
      if (r.newPassword) setSecret({ title: '密码已重置', username: a.username, password: r.newPassword });
      else message.success(done);
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Page
      title="账号管理"
      subTitle="创建、停用账号和重置密码。角色由安全管理员授予。"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建账号
        </Button>
      }
    >
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="用户名或姓名"
            allowClear
            onSearch={(v) => {
              setPage(1);
              setQ(v.trim());
            }}
            style={{ width: 260 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            刷新
          </Button>
        </Space>
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
              width: 200,
              render: (_: unknown, a) => (
                <Space size={0} wrap>
                  {a.isDisabled ? (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => update(a, { disabled: false }, '账号已启用')}
                    >
                      启用
                    </Button>
                  ) : (
                    <Popconfirm
                      title={`停用账号 ${a.username}？`}
                      description="停用后该账号立即退出登录，且不能再登录。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => update(a, { disabled: true }, '账号已停用')}
                    >
                      <Button type="link" size="small" danger>
                        停用
                      </Button>
                    </Popconfirm>
                  )}
                  <Popconfirm
                    title={`重置 ${a.username} 的密码？`}
                    description="将生成新密码，只显示一次；动态口令不变。"
                    okText="重置"
                    onConfirm={() => update(a, { resetPassword: true }, '密码已重置')}
                  >
                    <Button type="link" size="small">
                      重置密码
                    </Button>
                  </Popconfirm>
                  {a.isLocked ? (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => update(a, { unlock: true }, '已解除锁定')}
                    >
                      解除锁定
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateAccountModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          setSecret(s);
          void load();
        }}
      />
      <Modal
        open={secret !== null}
        title={secret?.title}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            我已记下
          </Button>
        }
      >
        {secret ? (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="以下信息只显示这一次。请当面或通过安全渠道交给账号本人，并提醒其首次登录后修改密码。"
            />
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="用户名">{secret.username}</Descriptions.Item>
              <Descriptions.Item label="密码">
                <Typography.Text copyable className="qt-mono">
                  {secret.password}
                </Typography.Text>
              </Descriptions.Item>
              {secret.totpSecret ? (
                <Descriptions.Item label="动态口令密钥">
                  <Typography.Text copyable className="qt-mono">
                    {secret.totpSecret}
                  </Typography.Text>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </>
        ) : null}
      </Modal>
    </Page>
  );
}

function CreateAccountModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (s: Secret) => void;
}) {
  const [form] = Form.useForm<{
    username: string;
    displayName: string;
    organisationId?: string;
    villageCode?: string;
  }>();
  const [orgs, setOrgs] = useState<OrganisationOption[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const searchOrgs = useCallback((q?: string) => {
    adminApi
      .organisations(q)
      .then(setOrgs)
      .catch(() => setOrgs([]));
  }, []);
  useEffect(() => {
    if (open) searchOrgs();
  }, [open, searchOrgs]);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await adminApi.createAccount({
        username: v.username.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        organisationId: v.organisationId ?? null,
        villageCode: v.villageCode ?? null,
      });
      form.resetFields();
      onCreated({
        title: '账号已创建',
        username: r.account.username,
        password: r.initialPassword,
        totpSecret: r.totpSecret,
      });
    } catch (e) {
      setError(applyServerIssues(form, e, ['username', 'displayName', 'organisationId', 'villageCode']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="新建账号"
      onCancel={onClose}
      onOk={submit}
      okText="创建"
      confirmLoading={busy}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            { required: true, message: '请填写用户名' },
            {
              pattern: /^[a-z][a-z0-9_.-]{2,31}$/,
              message: '用户名须以小写字母开头，由 3–32 位小写字母、数字、下划线、点或连字符组成',
            },
          ]}
          extra="不要使用身份证号或手机号作为用户名"
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="organisationId" label="所属单位">
          <Select
            showSearch={{ filterOption: false, onSearch: (v) => searchOrgs(v.trim() || undefined) }}
            allowClear
            placeholder="输入单位名称查找"
            options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="villageCode" label="负责的村（社区）" extra="仅村（社区）工作人员填写">
          <VillageCascader />
        </Form.Item>
        <Typography.Text type="secondary">初始密码由系统生成；创建后由安全管理员授予角色。</Typography.Text>
      </Form>
    </Modal>
  );
}
