import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { checkIdNumber, type THouseholdSearchRequest, type THouseholdSummary } from '@qiaoti/contracts';
import { Alert, Button, Card, Empty, Form, Input, Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { registryApi } from './registry.api.ts';

type Mode = 'idNumber' | 'householdNumber';

/** 家庭户查询: by 户号 or by any current member's ID number (POST body). */
export function HouseholdSearchPage() {
  const { access } = useSession();
  const [mode, setMode] = useState<Mode>('idNumber');
  const [items, setItems] = useState<THouseholdSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  async function search(q: THouseholdSearchRequest) {
    setBusy(true);
    setError(null);
    try {
      setItems((await registryApi.searchHouseholds(q)).households);
    } catch (e) {
      setItems(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="家庭户查询"
      subTitle="按户号或任一成员的身份证号查找家庭户。"
      extra={
        access.can('registry.household.write') ? (
          <Link to="/registry/households/new">
            <Button icon={<PlusOutlined />}>登记家庭户</Button>
          </Link>
        ) : null
      }
    >
      <Card size="small">
        <Tabs
          activeKey={mode}
          onChange={(k) => {
            setMode(k as Mode);
            setItems(null);
            setError(null);
            form.resetFields();
          }}
          items={[
            { key: 'idNumber', label: '按成员身份证号' },
            { key: 'householdNumber', label: '按户号' },
          ]}
        />
        {mode === 'idNumber' ? (
          <Form
            form={form}
            layout="inline"
            onFinish={(v: { idNumber: string }) => search({ idNumber: v.idNumber.trim() })}
          >
            <Form.Item
              name="idNumber"
              label="成员身份证号"
              validateTrigger="onSubmit"
              rules={[
                {
                  validator: (_: unknown, v: string | undefined) => {
                    if (!v?.trim()) return Promise.reject(new Error('请输入身份证号'));
                    const r = checkIdNumber(v);
                    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
                  },
                },
              ]}
            >
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
        ) : (
          <Form
            form={form}
            layout="inline"
            onFinish={(v: { householdNumber: string }) =>
              search({ householdNumber: v.householdNumber.trim() })
            }
          >
            <Form.Item
              name="householdNumber"
              label="户号"
              rules={[
                { required: true, whitespace: true, message: '请输入户号' },
                { pattern: /^[0-9A-Za-z-]+$/, message: '户号只能包含数字、字母和连字符' },
              ]}
            >
              <Input placeholder="户号" maxLength={30} style={{ width: 220 }} allowClear />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
              查询
            </Button>
          </Form>
        )}
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {items ? (
        <Card size="small" title={`查询结果（${items.length} 户）`} style={{ marginTop: 12 }}>
          <Table<THouseholdSummary>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={items}
            locale={{ emptyText: <Empty description="未找到符合条件的家庭户" /> }}
            columns={[
              {
                title: '户号',
                dataIndex: 'householdNumber',
                render: (v: string | null, h) => (
                  <Link to={`/registry/households/${h.id}`}>{v ?? '（无户号）'}</Link>
                ),
              },
              { title: '户主', dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
              { title: '人数', dataIndex: 'memberCount', width: 70 },
              { title: '乡镇（街道）', dataIndex: 'townshipName' },
              { title: '村（社区）', dataIndex: 'villageName' },
              { title: '地址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
              {
                title: '操作',
                key: 'op',
                width: 80,
                render: (_: unknown, h) => <Link to={`/registry/households/${h.id}`}>查看</Link>,
              },
            ]}
          />
        </Card>
      ) : null}
    </Page>
  );
}
