import { UserAddOutlined } from '@ant-design/icons';
import {
  checkIdNumber,
  genders,
  householdRelations,
  type THouseholdDetail,
  type THouseholdMember,
} from '@qiaoti/contracts';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Skeleton, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { registryApi } from './registry.api.ts';

const memberRelations = Object.entries(householdRelations)
  .filter(([k]) => k !== 'head')
  .map(([value, label]) => ({ value, label }));

/** 家庭户信息: where it is, its members (linking to their pages) and, for editors, adding a member. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const [household, setHousehold] = useState<THouseholdDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setHousehold(await registryApi.getHousehold(id));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error)
    return (
      <Page title="家庭户信息">
        <Alert type="error" showIcon title={error} />
      </Page>
    );
  if (!household)
    return (
      <Page title="家庭户信息">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  return (
    <Page
      title={`家庭户${household.householdNumber ? ` · 户号 ${household.householdNumber}` : ''}`}
      extra={
        <Link to="/registry/households">
          <Button>返回查询</Button>
        </Link>
      }
    >
      <Card size="small" title="基本信息">
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="户号">{household.householdNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="户主">
            {household.headPersonId ? (
              <Link to={`/registry/persons/${household.headPersonId}`}>{household.headName}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="人数">{household.memberCount}</Descriptions.Item>
          <Descriptions.Item label="所在地">
            {household.townshipName} / {household.villageName}
          </Descriptions.Item>
          <Descriptions.Item label="地址" span={2}>
            {household.address ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="家庭成员" style={{ marginTop: 12 }}>
        <Table<THouseholdMember>
          rowKey={(m) => m.person.id}
          size="small"
          pagination={false}
          dataSource={household.members}
          columns={[
            {
              title: '姓名',
              key: 'name',
              render: (_: unknown, m) => <Link to={`/registry/persons/${m.person.id}`}>{m.person.name}</Link>,
            },
            { title: '与户主关系', dataIndex: 'relationLabel' },
            { title: '性别', key: 'g', render: (_: unknown, m) => genders[m.person.gender] },
            { title: '出生日期', key: 'b', render: (_: unknown, m) => m.person.birthDate },
            {
              title: '身份证号',
              key: 'id',
              render: (_: unknown, m) => <span className="qt-mono">{m.person.idNumberMasked}</span>,
            },
            { title: '入户日期', dataIndex: 'fromDate' },
          ]}
        />
        {household.can.edit ? <AddMember householdId={household.id} onAdded={setHousehold} /> : null}
      </Card>
    </Page>
  );
}

function AddMember({
  householdId,
  onAdded,
}: {
  householdId: string;
  onAdded: (h: THouseholdDetail) => void;
}) {
  const [form] = Form.useForm<{ idNumber: string; relation: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add(v: { idNumber: string; relation: string }) {
    setBusy(true);
    setError(null);
    try {
      const found = await registryApi.searchPersons({ idNumber: v.idNumber.trim() });
      const person = found.persons[0];
      if (!person) {
        form.setFields([{ name: 'idNumber', errors: ['该身份证号尚未登记，请先登记人员'] }]);
        return;
      }
      onAdded(await registryApi.addMember(householdId, { personId: person.id, relation: v.relation }));
      form.resetFields();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ marginTop: 16, paddingTop: 12, borderTop: '1px dashed #e5e8ed' }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      <Form form={form} layout="inline" onFinish={add} disabled={busy}>
        <Form.Item
          name="idNumber"
          label="添加成员"
          validateTrigger="onSubmit"
          rules={[
            {
              validator: (_: unknown, v: string | undefined) => {
                if (!v?.trim()) return Promise.reject(new Error('请输入成员身份证号'));
                const r = checkIdNumber(v);
                return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
              },
            },
          ]}
        >
          <Input placeholder="成员身份证号" maxLength={24} style={{ width: 240 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="relation" rules={[{ required: true, message: '请选择与户主关系' }]}>
          <Select placeholder="与户主关系" options={memberRelations} style={{ width: 160 }} />
        </Form.Item>
        <Button htmlType="submit" icon={<UserAddOutlined />} loading={busy}>
          添加
        </Button>
      </Form>
    </div>
  );
}
