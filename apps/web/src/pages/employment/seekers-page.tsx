import { SearchOutlined } from '@ant-design/icons';
import { checkIdNumber, seekerStatuses, type TSeeker, type TSeekerSearchResponse } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { VillageCascader } from '../registry/village-cascader.tsx';
import { employmentApi, today } from './employment.api.ts';
import { SeekerDetails, SeekerForm, seekerStatusColor } from './seeker-form.tsx';

type Mode = 'idNumber' | 'name' | 'status';

/** 求职登记: search first (ID number in the body, or name in a village, or by status), then register or open. */
export function SeekersPage() {
  const { access } = useSession();
  const { message } = App.useApp();
  const canManage = access.can('employment.manage');
  const [mode, setMode] = useState<Mode>('idNumber');
  const [result, setResult] = useState<TSeekerSearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [registering, setRegistering] = useState<{ personId: string; name: string } | null>(null);
  const [open, setOpen] = useState<TSeeker | null>(null);
  const [editing, setEditing] = useState(false);
  const [statusForm] = Form.useForm<{ status: TSeeker['status']; since: string }>();
  const [form] = Form.useForm();

  async function search(body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      setResult(await employmentApi.searchSeekers(body));
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function changeStatus(v: { status: TSeeker['status']; since: string }) {
    if (!open) return;
    try {
      const s = await employmentApi.changeStatus(open.id, v);
      setOpen(s);
      setResult((r) => (r ? { ...r, items: r.items.map((x) => (x.id === s.id ? s : x)) } : r));
      message.success('状态已变更，已记入流动事件');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const forms: Record<Mode, React.ReactNode> = {
    idNumber: (
      <Form
        form={form}
        layout="inline"
        onFinish={(v: { idNumber: string }) => search({ idNumber: v.idNumber })}
      >
        <Form.Item
          name="idNumber"
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
            style={{ width: 260 }}
            autoComplete="off"
            data-testid="seeker-id-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          查询
        </Button>
      </Form>
    ),
    name: (
      <Form layout="inline" onFinish={(v: { name: string; villageCode: string }) => search(v)}>
        <Form.Item name="name" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input placeholder="姓名" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="villageCode" rules={[{ required: true, message: '请选择村（社区）' }]}>
          <VillageCascader style={{ width: 280 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          查询
        </Button>
      </Form>
    ),
    status: (
      <Form
        layout="inline"
        onFinish={(v: { status?: string }) => search(v.status ? { status: v.status } : {})}
      >
        <Form.Item name="status">
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 160 }}
            options={Object.entries(seekerStatuses).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          列出
        </Button>
      </Form>
    ),
  };

  return (
    <Page title="求职登记" subTitle="先查询，再登记：一人一份求职登记，状态变化记入流动事件">
      <Card size="small">
        <Tabs
          activeKey={mode}
          onChange={(k) => setMode(k as Mode)}
          items={[
            { key: 'idNumber', label: '按身份证号' },
            { key: 'name', label: '按村内姓名' },
            { key: 'status', label: '按状态' },
          ]}
        />
        {forms[mode]}
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <Card size="small" style={{ marginTop: 12 }} title={`查询结果（${result.total}）`}>
          {result.unregisteredPerson ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${result.unregisteredPerson.name}（${result.unregisteredPerson.idNumberMasked}）尚未进行求职登记`}
              action={
                canManage ? (
                  <Button
                    type="primary"
                    size="small"
                    onClick={() =>
                      setRegistering({
                        personId: result.unregisteredPerson?.personId ?? '',
                        name: result.unregisteredPerson?.name ?? '',
                      })
                    }
                  >
                    求职登记
                  </Button>
                ) : null
              }
            />
          ) : null}
          {result.items.length === 0 && !result.unregisteredPerson ? (
            <Empty description="没有找到。身份证号查不到时，请先在“人员查询”中登记人员。" />
          ) : (
            <Table<TSeeker>
              rowKey="id"
              size="middle"
              dataSource={result.items}
              pagination={false}
              onRow={(s) => ({ onClick: () => setOpen(s), style: { cursor: 'pointer' } })}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                {
                  title: '身份证号',
                  dataIndex: 'idNumberMasked',
                  render: (v: string) => <span className="qt-mono">{v}</span>,
                },
                { title: '年龄', dataIndex: 'age', width: 64 },
                { title: '居住地', dataIndex: 'placeText', ellipsis: true },
                { title: '意向职业', render: (_, s) => s.occupationsWanted.map((o) => o.name).join('、') },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (st: TSeeker['status']) => (
                    <Tag color={seekerStatusColor[st]}>{seekerStatuses[st]}</Tag>
                  ),
                },
              ]}
            />
          )}
        </Card>
      ) : null}

      <Drawer
        open={registering !== null}
        onClose={() => setRegistering(null)}
        title={`求职登记：${registering?.name ?? ''}`}
        size={Math.min(520, typeof window === 'undefined' ? 520 : window.innerWidth)}
        destroyOnHidden
      >
        {registering ? (
          <SeekerForm
            seeker={null}
            personId={registering.personId}
            staff
            onSaved={(s) => {
              setRegistering(null);
              setResult({ items: [s], total: 1, unregisteredPerson: null });
              setOpen(s);
              message.success('求职登记已完成');
            }}
          />
        ) : null}
      </Drawer>

      <Drawer
        open={open !== null}
        onClose={() => {
          setOpen(null);
          setEditing(false);
        }}
        title={open ? `求职者：${open.name}` : ''}
        size={Math.min(520, typeof window === 'undefined' ? 520 : window.innerWidth)}
        extra={
          open ? (
            <Space>
              <Link to={`/employment/matching?seeker=${open.id}`}>
                <Button type="primary">匹配岗位</Button>
              </Link>
              {canManage ? (
                <Button onClick={() => setEditing((e) => !e)}>{editing ? '取消修改' : '修改'}</Button>
              ) : null}
            </Space>
          ) : null
        }
      >
        {open && editing ? (
          <SeekerForm
            seeker={open}
            staff
            onSaved={(s) => {
              setOpen(s);
              setEditing(false);
              message.success('已保存');
            }}
          />
        ) : open ? (
          <>
            <SeekerDetails s={open} />
            {canManage ? (
              <Card size="small" title="变更就业状态" style={{ marginTop: 12 }}>
                <Form
                  form={statusForm}
                  layout="inline"
                  initialValues={{ since: today() }}
                  onFinish={changeStatus}
                >
                  <Form.Item name="status" rules={[{ required: true, message: '请选择' }]}>
                    <Select
                      style={{ width: 140 }}
                      placeholder="新状态"
                      options={Object.entries(seekerStatuses)
                        .filter(([k]) => k !== open.status)
                        .map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <Form.Item name="since" rules={[{ required: true, message: '请填写日期' }]}>
                    <Input type="date" style={{ width: 150 }} />
                  </Form.Item>
                  <Button htmlType="submit">变更</Button>
                </Form>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  录用请在“推荐跟踪”中办理，系统将同时登记就业和回访计划。
                </Typography.Text>
              </Card>
            ) : null}
          </>
        ) : null}
      </Drawer>
    </Page>
  );
}
