import { PlusOutlined } from '@ant-design/icons';
import type { TGigActivity, TGigSite, TGigTask, TGigTaskList, TPlace } from '@qiaoti/contracts';
import { gigSiteKinds, gigTaskStatuses } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { applyServerIssues } from '../../../app/forms.ts';
import { Page } from '../../../app/layout.tsx';
import { countyCode, registryApi } from '../../registry/registry.api.ts';
import { VillageCascader } from '../../registry/village-cascader.tsx';
import { fenToYuan, gigApi, taskStatusColor } from './gig.api.ts';
import { GigTaskFormModal } from './gig-task-form.tsx';

const PAGE_SIZE = 20;

function TasksTab({ townships, reloadKey }: { townships: TPlace[]; reloadKey: number }) {
  const [status, setStatus] = useState<string | undefined>('open');
  const [township, setTownship] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<TGigTaskList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the parent's "a task was posted" signal
  useEffect(() => {
    let live = true;
    setLoading(true);
    gigApi
      .tasks({ status, townshipCode: township, page, pageSize: PAGE_SIZE })
      .then((r) => {
        if (live) {
          setData(r);
          setError(null);
        }
      })
      .catch((e) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [status, township, page, reloadKey]);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="全部乡镇（街道）"
          style={{ width: 200 }}
          value={township}
          onChange={(v) => {
            setTownship(v);
            setPage(1);
          }}
          options={townships.map((t) => ({ value: t.code, label: t.name }))}
        />
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={Object.entries(gigTaskStatuses).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Table<TGigTask>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        data-testid="gig-task-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          onChange: setPage,
          size: 'small',
        }}
        columns={[
          {
            title: '任务',
            dataIndex: 'title',
            render: (v: string, t) => <Link to={`/employment/gig/tasks/${t.id}`}>{v}</Link>,
          },
          { title: '乡镇（街道）', dataIndex: 'townshipName' },
          { title: '站点', dataIndex: 'siteName' },
          { title: '发布方', dataIndex: 'posterLabel' },
          { title: '用工日期', dataIndex: 'workDate' },
          { title: '报酬', dataIndex: 'payText' },
          { title: '人数', render: (_, t) => `${t.claimedCount}/${t.headcount}` },
          {
            title: '状态',
            dataIndex: 'statusLabel',
            render: (v: string, t) => <Tag color={taskStatusColor[t.status]}>{v}</Tag>,
          },
        ]}
      />
    </>
  );
}

interface SiteForm {
  name: string;
  kind: 'gig_station' | 'labour_market';
  placeCode: string;
  address: string;
  openingHours: string;
}

function SitesTab({ canCreate }: { canCreate: boolean }) {
  const { message } = App.useApp();
  const [sites, setSites] = useState<TGigSite[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<SiteForm>();

  const load = useCallback(() => {
    gigApi
      .sites()
      .then((r) => setSites(r.sites))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await gigApi.createSite(v);
      message.success('站点已设立');
      setOpen(false);
      form.resetFields();
      load();
    } catch (e) {
      const rest = applyServerIssues(form, e, ['name', 'kind', 'placeCode', 'address', 'openingHours']);
      if (rest) message.error(rest);
    }
  };

  return (
    <>
      {canCreate ? (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
          设立站点
        </Button>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Table<TGigSite>
        rowKey="id"
        size="small"
        dataSource={sites}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: '站点', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kindLabel' },
          {
            title: '位置',
            render: (_, s) => [s.townshipName, s.villageName].filter(Boolean).join(' · '),
          },
          { title: '地址', dataIndex: 'address' },
          { title: '开放时间', dataIndex: 'openingHours' },
          { title: '联系单位', dataIndex: 'contactOrganisationName', render: (v: string | null) => v ?? '—' },
          {
            title: '状态',
            render: (_, s) => (
              <Space size={8}>
                {s.isActive ? <Tag color="green">开放</Tag> : <Tag>已停用</Tag>}
                {canCreate ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={async () => {
                      try {
                        await gigApi.setSiteActive(s.id, !s.isActive);
                        message.success(s.isActive ? '站点已停用' : '站点已启用');
                        load();
                      } catch (e) {
                        message.error(errorMessage(e));
                      }
                    }}
                  >
                    {s.isActive ? '停用' : '启用'}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title="设立零工站点"
        okText="设立"
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<SiteForm> form={form} layout="vertical" initialValues={{ kind: 'gig_station' }}>
          <Form.Item
            name="name"
            label="站点名称"
            rules={[{ required: true, min: 2, message: '请填写站点名称' }]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select options={Object.entries(gigSiteKinds).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item
            name="placeCode"
            label="所在村（社区）"
            rules={[{ required: true, message: '请选择位置' }]}
          >
            <VillageCascader />
          </Form.Item>
          <Form.Item name="address" label="地址" rules={[{ required: true, min: 2, message: '请填写地址' }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item
            name="openingHours"
            label="开放时间"
            rules={[{ required: true, min: 2, message: '请填写开放时间' }]}
          >
            <Input maxLength={60} placeholder="如：每天 6:00–11:00" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ActivityTab() {
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [data, setData] = useState<TGigActivity | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    gigApi
      .activity(month.format('YYYY-MM'))
      .then((r) => {
        setData(r);
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
  }, [month]);
  const rows = data?.rows ?? [];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} />
        <Typography.Text type="secondary">按用工日期统计；乡镇（街道）只看到本辖区站点。</Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Table
        rowKey="siteId"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="gig-activity"
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                合计
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{rows.reduce((s, r) => s + r.tasks, 0)}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{rows.reduce((s, r) => s + r.headcount, 0)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>{rows.reduce((s, r) => s + r.claims, 0)}</Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{rows.reduce((s, r) => s + r.completed, 0)}</Table.Summary.Cell>
              <Table.Summary.Cell index={6}>
                {fenToYuan(rows.reduce((s, r) => s + r.paidFen, 0))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7}>
                {rows.reduce((s, r) => s + r.confirmedPayments, 0)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
        columns={[
          { title: '乡镇（街道）', dataIndex: 'townshipName' },
          { title: '站点', dataIndex: 'siteName' },
          { title: '任务数', dataIndex: 'tasks' },
          { title: '招工人数', dataIndex: 'headcount' },
          { title: '接单人次', dataIndex: 'claims' },
          { title: '完工人次', dataIndex: 'completed' },
          { title: '已付报酬（元）', dataIndex: 'paidFen', render: (v: number) => fenToYuan(v) },
          { title: '已确认收款', dataIndex: 'confirmedPayments' },
        ]}
      />
    </>
  );
}

/** 灵工市场 (console): tasks in the caller's scope, sites, and each site's month. */
export function GigConsolePage() {
  const [townships, setTownships] = useState<TPlace[]>([]);
  const [posting, setPosting] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  useEffect(() => {
    registryApi
      .places(countyCode)
      .then((r) => setTownships(r.places))
      .catch(() => setTownships([]));
  }, []);
  return (
    <Page
      title="灵工市场"
      subTitle="零工驿站、劳务市场的短期和日结用工"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setPosting(true)}
          data-testid="gig-new-task"
        >
          发布任务
        </Button>
      }
    >
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'tasks',
              label: '任务',
              children: <TasksTab townships={townships} reloadKey={reloadKey} />,
            },
            { key: 'sites', label: '站点', children: <SitesTab canCreate /> },
            { key: 'activity', label: '月度活动', children: <ActivityTab /> },
          ]}
        />
      </Card>
      <GigTaskFormModal
        open={posting}
        mode="staff"
        onClose={() => setPosting(false)}
        onCreated={() => {
          setPosting(false);
          setReloadKey((k) => k + 1);
        }}
      />
    </Page>
  );
}
