import { borrowKindLabels, borrowQueueLabels, borrowStateLabels, type TBorrow } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { type BorrowQueue, digitalApi } from './digital.api.ts';

const queues: BorrowQueue[] = ['requested', 'out', 'overdue', 'done'];

/** 借阅查阅: the agency's queue (to approve, out, overdue, done) and a unit's request form. Free of charge. */
export function BorrowsPage() {
  const { message } = App.useApp();
  const { access } = useSession();
  const canManage = access.can('archives.manage');
  const [queue, setQueue] = useState<BorrowQueue>('requested');
  const [data, setData] = useState<{ borrows: TBorrow[]; counts: Record<BorrowQueue, number> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [requestOpen, setRequestOpen] = useState(false);
  const [decision, setDecision] = useState<TBorrow | null>(null);
  const [archives, setArchives] = useState<{ value: string; label: string }[]>([]);
  const [requestForm] = Form.useForm<{
    archiveId: string;
    kind: 'borrow' | 'inspect';
    borrowerUnit?: string;
    purpose: string;
    days: number;
  }>();
  const [decisionForm] = Form.useForm<{ approve: boolean; days?: number; note?: string }>();

  const load = useCallback(() => {
    digitalApi
      .borrows(queue)
      .then(setData)
      .catch((e) => setError(errorMessage(e)));
  }, [queue]);
  useEffect(load, [load]);

  const searchArchives = (name: string) => {
    digitalApi
      .archives(name || undefined)
      .then((r) =>
        setArchives(r.archives.map((a) => ({ value: a.id, label: `${a.personName}（${a.archiveNumber}）` }))),
      )
      .catch(() => setArchives([]));
  };

  const returnOne = async (b: TBorrow) => {
    try {
      await digitalApi.returnBorrow(b.id);
      message.success('已登记归还');
      load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Page
      title="档案借阅、查阅"
      subTitle="经授权单位申请，档案保管机构审批并限定期限；一律免费"
      extra={[
        <Button
          key="new"
          type="primary"
          onClick={() => {
            setRequestOpen(true);
            searchArchives('');
          }}
        >
          登记借阅申请
        </Button>,
      ]}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Tabs
          activeKey={queue}
          onChange={(k) => setQueue(k as BorrowQueue)}
          items={queues.map((q) => ({
            key: q,
            label: `${borrowQueueLabels[q]}（${data?.counts[q] ?? 0}）`,
          }))}
        />
        <Table
          size="small"
          rowKey="id"
          loading={data === null}
          dataSource={data?.borrows ?? []}
          data-testid="borrow-table"
          columns={[
            { title: '档案', render: (_, b) => `${b.personName}（${b.archiveNumber}）` },
            { title: '方式', width: 64, render: (_, b) => borrowKindLabels[b.kind] },
            { title: '申请单位', dataIndex: 'borrowerUnit' },
            { title: '用途', dataIndex: 'purpose' },
            { title: '申请天数', dataIndex: 'daysRequested', width: 80 },
            {
              title: '申请时间',
              width: 150,
              render: (_, b) => new Date(b.requestedAt).toLocaleString('zh-CN'),
            },
            {
              title: '期限',
              width: 190,
              render: (_, b) =>
                b.dueDate ? (
                  <Space size={4}>
                    {b.dueDate}
                    {b.overdue ? <Tag color="red">超期 {b.daysOverdue} 天</Tag> : null}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '状态',
              width: 80,
              render: (_, b) => (
                <Tag
                  color={
                    b.state === 'approved'
                      ? 'blue'
                      : b.state === 'rejected'
                        ? 'red'
                        : b.state === 'returned'
                          ? 'green'
                          : 'gold'
                  }
                >
                  {borrowStateLabels[b.state]}
                </Tag>
              ),
            },
            ...(canManage
              ? [
                  {
                    title: '',
                    width: 110,
                    render: (_: unknown, b: TBorrow) =>
                      b.state === 'requested' ? (
                        <Button
                          size="small"
                          type="primary"
                          onClick={() => {
                            decisionForm.setFieldsValue({ approve: true, days: b.daysRequested, note: '' });
                            setDecision(b);
                          }}
                        >
                          审批
                        </Button>
                      ) : b.state === 'approved' ? (
                        <Button size="small" onClick={() => returnOne(b)}>
                          登记归还
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Modal
        open={requestOpen}
        title="借阅、查阅申请"
        okText="提交"
        onCancel={() => setRequestOpen(false)}
        onOk={async () => {
          const v = await requestForm.validateFields();
          try {
            await digitalApi.requestBorrow({ ...v, borrowerUnit: v.borrowerUnit || undefined });
            message.success('已登记申请');
            setRequestOpen(false);
            requestForm.resetFields();
            load();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form form={requestForm} layout="vertical" initialValues={{ kind: 'inspect', days: 7 }}>
          <Form.Item name="archiveId" label="档案" rules={[{ required: true, message: '请选择档案' }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={searchArchives}
              options={archives}
              placeholder="按姓名查找"
            />
          </Form.Item>
          <Form.Item name="kind" label="方式">
            <Radio.Group
              options={[
                { value: 'inspect', label: '查阅' },
                { value: 'borrow', label: '借阅' },
              ]}
            />
          </Form.Item>
          <Form.Item name="borrowerUnit" label="申请单位（本机构代为登记时填写）">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="purpose"
            label="用途"
            rules={[{ required: true, min: 4, message: '请说明用途（至少 4 个字）' }]}
          >
            <Input.TextArea rows={2} maxLength={300} placeholder="如：政审、招录考察" />
          </Form.Item>
          <Form.Item name="days" label="期限（天）">
            <InputNumber min={1} max={90} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={decision !== null}
        title={
          decision
            ? `审批：${decision.borrowerUnit} ${borrowKindLabels[decision.kind]} ${decision.personName} 的档案`
            : ''
        }
        okText="确定"
        onCancel={() => setDecision(null)}
        onOk={async () => {
          if (!decision) return;
          const v = await decisionForm.validateFields();
          try {
            await digitalApi.decideBorrow(decision.id, {
              approve: v.approve,
              ...(v.days ? { days: v.days } : {}),
              ...(v.note ? { note: v.note } : {}),
            });
            message.success(v.approve ? '已批准' : '已不予批准');
            setDecision(null);
            load();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form form={decisionForm} layout="vertical">
          <Form.Item name="approve" label="结论">
            <Radio.Group
              options={[
                { value: true, label: '批准' },
                { value: false, label: '不予批准' },
              ]}
            />
          </Form.Item>
          <Form.Item name="days" label="批准期限（天）">
            <InputNumber min={1} max={90} />
          </Form.Item>
          <Form.Item name="note" label="意见">
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
