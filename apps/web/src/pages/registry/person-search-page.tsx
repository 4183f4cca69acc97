import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  checkIdNumber,
  checkPhone,
  type TPersonSearchRequest,
  type TPersonSearchResponse,
} from '@qiaoti/contracts';
import { Alert, Button, Card, Empty, Form, Input, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { personColumns } from './person-columns.tsx';
import { registryApi } from './registry.api.ts';
import { VillageCascader } from './village-cascader.tsx';

type Mode = 'idNumber' | 'phone' | 'name';

/**
 * Search-first registry (DESIGN §4.4): by ID number, by phone, or by name within a village — there is no list of
 * everyone. The query goes in a POST body; nothing personal lands in the URL or the browser history.
 */
export function PersonSearchPage() {
  const { access } = useSession();
  const [mode, setMode] = useState<Mode>('idNumber');
  const [result, setResult] = useState<TPersonSearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  async function search(q: TPersonSearchRequest) {
    setBusy(true);
    setError(null);
    try {
      const r = await registryApi.searchPersons(q);
      setResult(r);
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const idRule = {
    validator: (_: unknown, v: string | undefined) => {
      if (!v?.trim()) return Promise.reject(new Error('请输入身份证号'));
      const r = checkIdNumber(v);
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
    },
  };
  const phoneRule = {
    validator: (_: unknown, v: string | undefined) => {
      if (!v?.trim()) return Promise.reject(new Error('请输入手机号'));
      const r = checkPhone(v);
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
    },
  };

  const forms: Record<Mode, React.ReactNode> = {
    idNumber: (
      <Form
        form={form}
        layout="inline"
        onFinish={(v: { idNumber: string }) => search({ idNumber: v.idNumber.trim() })}
      >
        <Form.Item name="idNumber" label="身份证号" rules={[idRule]} validateTrigger="onSubmit">
          <Input
            placeholder="18 位身份证号"
            maxLength={24}
            style={{ width: 260 }}
            autoComplete="off"
            allowClear
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          查询
        </Button>
      </Form>
    ),
    phone: (
      <Form
        form={form}
        layout="inline"
        onFinish={(v: { phone: string }) => search({ phone: v.phone.trim() })}
      >
        <Form.Item name="phone" label="手机号" rules={[phoneRule]} validateTrigger="onSubmit">
          <Input
            placeholder="11 位手机号"
            maxLength={20}
            style={{ width: 220 }}
            autoComplete="off"
            allowClear
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          查询
        </Button>
      </Form>
    ),
    name: (
      <Form
        form={form}
        layout="inline"
        onFinish={(v: { name: string; villageCode: string }) =>
          search({ name: v.name.trim(), villageCode: v.villageCode })
        }
      >
        <Form.Item
          name="villageCode"
          label="村（社区）"
          rules={[{ required: true, message: '请选择村（社区）' }]}
        >
          <VillageCascader style={{ width: 300 }} />
        </Form.Item>
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input placeholder="完整姓名" maxLength={50} style={{ width: 160 }} allowClear />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          查询
        </Button>
      </Form>
    ),
  };

  return (
    <Page
      title="人员查询"
      subTitle="按身份证号、手机号或姓名加村（社区）查找；系统不提供全量人员列表。"
      extra={
        access.can('registry.person.write') ? (
          <Link to="/registry/persons/new">
            <Button icon={<PlusOutlined />}>登记人员</Button>
          </Link>
        ) : null
      }
    >
      <Card size="small">
        <Tabs
          activeKey={mode}
          onChange={(k) => {
            setMode(k as Mode);
            setResult(null);
            setError(null);
            form.resetFields();
          }}
          items={[
            { key: 'idNumber', label: '按身份证号' },
            { key: 'phone', label: '按手机号' },
            { key: 'name', label: '按姓名+村' },
          ]}
        />
        {forms[mode]}
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <Card size="small" title={`查询结果（${result.persons.length} 人）`} style={{ marginTop: 12 }}>
          {result.truncated ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title="符合条件的人员较多，只显示前一部分。请换用身份证号或手机号精确查找。"
            />
          ) : null}
          <Table
            rowKey="id"
            size="small"
            columns={personColumns([
              {
                title: '操作',
                key: 'op',
                width: 80,
                render: (_: unknown, p) => <Link to={`/registry/persons/${p.id}`}>查看</Link>,
              },
            ])}
            dataSource={result.persons}
            pagination={false}
            locale={{
              emptyText: (
                <Empty description="未找到符合条件的人员">
                  {access.can('registry.person.write') ? (
                    <Space orientation="vertical">
                      <Typography.Text type="secondary">如确认此人未登记，可新登记。</Typography.Text>
                      <Link to="/registry/persons/new">
                        <Button type="primary" icon={<PlusOutlined />}>
                          登记新人员
                        </Button>
                      </Link>
                    </Space>
                  ) : null}
                </Empty>
              ),
            }}
          />
        </Card>
      ) : null}
    </Page>
  );
}
