import { ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import {
  type AuditOutcomeName,
  auditEvents,
  roles,
  type TAuditRecord,
  type TAuditVerifyResponse,
} from '@qiaoti/contracts';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, query } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';

interface AuditPageBody {
  items: TAuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}
interface Filters {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  event?: string;
  outcome?: AuditOutcomeName;
}

const outcomeTags: Record<AuditOutcomeName, { color: string; label: string }> = {
  success: { color: 'green', label: '成功' },
  failure: { color: 'orange', label: '失败' },
  denied: { color: 'red', label: '拒绝' },
};
const eventLabel = (e: string) => (auditEvents as Record<string, string>)[e] ?? e;
const roleLabel = (r: string) => (roles as Record<string, { label: string }>)[r]?.label ?? r;
const pageSize = 50;
const objectTypes: Record<string, string> = {
  account: '账号',
  person: '人员',
  household: '家庭户',
  organisation: '单位',
  job: '任务',
  audit: '审计日志',
  session: '会话',
};
const objectLabel = (t: string) => objectTypes[t] ?? t;

/** 审计日志 (审计管理员): the hash-chained log, filtered, and a check of the whole chain. */
export function AuditPage() {
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditPageBody | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<TAuditVerifyResponse | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [from, to] = filters.range ?? [];
      setData(
        await api.get<AuditPageBody>(
          `/api/audit${query({
            from: from ? from.startOf('day').toISOString() : undefined,
            to: to ? to.endOf('day').toISOString() : undefined,
            actor: filters.actor?.trim(),
            event: filters.event,
            outcome: filters.outcome,
            page,
            pageSize,
          })}`,
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [filters, page]);
  useEffect(() => {
    void load();
  }, [load]);

  async function runVerify() {
    setVerifying(true);
    try {
      setVerify(await api.get<TAuditVerifyResponse>('/api/audit/verify'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Page
      title="审计日志"
      subTitle="登录、授权、查看敏感信息、导入导出和数据变更的留痕记录。日志只可追加，逐条以 SM3 哈希链接。"
      extra={
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={verifying}
          onClick={runVerify}
          data-testid="verify-chain"
        >
          校验日志链
        </Button>
      }
    >
      {verify ? (
        <Alert
          data-testid="verify-result"
          style={{ marginBottom: 12 }}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          type={verify.ok ? 'success' : 'error'}
          title={
            verify.ok
              ? `日志链完整：已校验 ${verify.checked} 条记录，未发现篡改或缺失。`
              : `日志链校验未通过：第 ${verify.firstBrokenSeq ?? '?'} 号记录起链条断裂。`
          }
          description={
            verify.ok
              ? verify.head
                ? `最新记录 #${verify.head.seq}，哈希 ${verify.head.hash.slice(0, 16)}…`
                : undefined
              : `${verify.reason ?? ''} 请立即报告安全管理员，并保全数据库现场。`
          }
        />
      ) : null}
      <Card size="small">
        <Form<Filters>
          form={form}
          layout="inline"
          onFinish={(v) => {
            setPage(1);
            setFilters(v);
          }}
          style={{ rowGap: 8, marginBottom: 12 }}
        >
          <Form.Item name="range" label="日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
          </Form.Item>
          <Form.Item name="actor" label="操作人">
            <Input placeholder="用户名" allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="event" label="事件">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              style={{ width: 200 }}
              options={Object.entries(auditEvents).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="outcome" label="结果">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 100 }}
              options={Object.entries(outcomeTags).map(([value, t]) => ({ value, label: t.label }))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setPage(1);
                setFilters({});
              }}
            >
              重置
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label="刷新" />
          </Space>
        </Form>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Table<TAuditRecord>
          rowKey="seq"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
          }}
          expandable={{
            expandedRowRender: (r) => (
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label="请求号">{r.requestId ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="对象">
                  {r.objectType ? objectLabel(r.objectType) : '—'} {r.objectId ?? ''}
                </Descriptions.Item>
                <Descriptions.Item label="详情">
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>
                    {JSON.stringify(r.details, null, 2)}
                  </pre>
                </Descriptions.Item>
                <Descriptions.Item label="哈希（SM3）">
                  <Typography.Text className="qt-mono" style={{ fontSize: 12 }}>
                    {r.hash}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            ),
          }}
          columns={[
            { title: '序号', dataIndex: 'seq', width: 70 },
            {
              title: '时间',
              dataIndex: 'at',
              width: 160,
              render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm:ss'),
            },
            {
              title: '操作人',
              dataIndex: 'actorUsername',
              width: 120,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: '角色',
              dataIndex: 'actorRoles',
              width: 200,
              ellipsis: true,
              render: (rs: string[]) => rs.map(roleLabel).join('、') || '—',
            },
            { title: '事件', dataIndex: 'event', width: 200, render: (e: string) => eventLabel(e) },
            {
              title: '对象',
              key: 'object',
              ellipsis: true,
              render: (_: unknown, r) =>
                r.objectType ? `${objectLabel(r.objectType)} ${r.objectId?.slice(0, 8) ?? ''}` : '—',
            },
            {
              title: '结果',
              dataIndex: 'outcome',
              width: 70,
              render: (o: AuditOutcomeName) => (
                <Tag color={outcomeTags[o]?.color}>{outcomeTags[o]?.label ?? o}</Tag>
              ),
            },
            { title: 'IP', dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          时间按本机时区显示（服务器以 UTC 存储）。日志中不含身份证号、手机号等个人信息。
        </Typography.Text>
      </Card>
    </Page>
  );
}
