import {
  followupResults,
  type ReferralState,
  referralStates,
  type TFollowup,
  type TReferral,
  type TRetention,
} from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { employmentApi, today, wageText } from './employment.api.ts';

export const referralColor: Record<ReferralState, string> = {
  requested: 'gold',
  referred: 'blue',
  interview: 'purple',
  hired: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

/** The moves a referral may make from each state (as the server's state machine). */
const moves: Record<ReferralState, ReferralState[]> = {
  requested: ['referred', 'interview', 'rejected', 'withdrawn'],
  referred: ['interview', 'hired', 'rejected', 'withdrawn'],
  interview: ['hired', 'rejected', 'withdrawn'],
  hired: [],
  rejected: [],
  withdrawn: [],
};
const moveLabel: Record<ReferralState, string> = {
  requested: '',
  referred: '推荐',
  interview: '安排面试',
  hired: '录用',
  rejected: '未录用',
  withdrawn: '撤回',
};

interface MoveValues {
  interviewAt?: string;
  startDate?: string;
  wageYuan?: number;
  note?: string;
}

/** A referral's next step in a dialog: interview needs a time; hiring records the start date and wage. */
export function useReferralMove(onDone: (r: TReferral) => void) {
  const { message } = App.useApp();
  const [target, setTarget] = useState<{ r: TReferral; to: ReferralState } | null>(null);
  const [form] = Form.useForm<MoveValues>();
  const [busy, setBusy] = useState(false);

  async function submit(v: MoveValues) {
    if (!target) return;
    setBusy(true);
    try {
      const to = target.to as Exclude<ReferralState, 'requested'>;
      const r = await employmentApi.transition(target.r.id, {
        to,
        ...(v.note ? { note: v.note } : {}),
        ...(to === 'interview' && v.interviewAt
          ? { interviewAt: new Date(v.interviewAt).toISOString() }
          : {}),
        ...(to === 'hired' && v.startDate ? { startDate: v.startDate } : {}),
        ...(to === 'hired' && v.wageYuan ? { wageFen: Math.round(v.wageYuan * 100) } : {}),
      });
      onDone(r);
      setTarget(null);
      message.success(to === 'hired' ? '已录用：已登记就业，并安排 1、3、6 个月回访' : `已${moveLabel[to]}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const open = (r: TReferral, to: ReferralState) => {
    form.resetFields();
    form.setFieldsValue({ startDate: today() });
    setTarget({ r, to });
  };

  const dialog = (
    <Modal
      open={target !== null}
      title={target ? `${moveLabel[target.to]}：${target.r.seeker.name} → ${target.r.posting.title}` : ''}
      onCancel={() => setTarget(null)}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText="确定"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        {target?.to === 'interview' ? (
          <Form.Item
            name="interviewAt"
            label="面试时间"
            rules={[{ required: true, message: '请填写面试时间' }]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        ) : null}
        {target?.to === 'hired' ? (
          <>
            <Form.Item
              name="startDate"
              label="入职日期"
              rules={[{ required: true, message: '请填写入职日期' }]}
            >
              <Input type="date" />
            </Form.Item>
            <Form.Item name="wageYuan" label="约定月工资（元）">
              <InputNumber min={0} step={100} style={{ width: '100%' }} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
  return { open, dialog, moves };
}

/** 推荐跟踪: the referral pipeline, follow-ups due, retention at 1, 3 and 6 months. */
export function ReferralsPage() {
  const { access } = useSession();
  const { message } = App.useApp();
  const canManage = access.can('employment.manage');
  const [state, setState] = useState<ReferralState | 'all'>('all');
  const [items, setItems] = useState<TReferral[]>([]);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [followups, setFollowups] = useState<TFollowup[]>([]);
  const [retention, setRetention] = useState<TRetention | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [recording, setRecording] = useState<TFollowup | null>(null);
  const [fuForm] = Form.useForm<{
    result: TFollowup['result'];
    checkedOn: string;
    endDate?: string;
    note?: string;
  }>();
  const fuResult = Form.useWatch('result', fuForm);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [list, all, fu, ret] = await Promise.all([
        employmentApi.listReferrals({ ...(state !== 'all' ? { state } : {}), pageSize: 100 }),
        employmentApi.listReferrals({ pageSize: 100 }),
        employmentApi.followups('due'),
        employmentApi.retention(),
      ]);
      setItems(list.items);
      const c: Record<string, number> = {};
      for (const r of all.items) c[r.state] = (c[r.state] ?? 0) + 1;
      setCounts(c);
      setFollowups(fu.items);
      setRetention(ret);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [state]);

  useEffect(() => {
    void load();
  }, [load]);

  const move = useReferralMove(() => void load());

  async function recordFollowup(v: {
    result: TFollowup['result'];
    checkedOn: string;
    endDate?: string;
    note?: string;
  }) {
    if (!recording || !v.result) return;
    try {
      await employmentApi.recordFollowup(recording.id, {
        result: v.result,
        checkedOn: v.checkedOn,
        ...(v.endDate ? { endDate: v.endDate } : {}),
        ...(v.note ? { note: v.note } : {}),
      });
      setRecording(null);
      message.success('回访已记录');
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const pipeline: ReferralState[] = ['requested', 'referred', 'interview', 'hired', 'rejected'];

  return (
    <Page title="推荐跟踪" subTitle="申请 → 推荐 → 面试 → 录用，录用后 1、3、6 个月回访">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 12]}>
        {pipeline.map((s) => (
          <Col key={s} xs={12} sm={8} md={4}>
            <Card size="small" hoverable onClick={() => setState(s)} data-testid={`pipeline-${s}`}>
              <Statistic title={referralStates[s]} value={counts[s] ?? 0} suffix="人" />
            </Card>
          </Col>
        ))}
        <Col xs={12} sm={8} md={4}>
          <Card size="small">
            <Statistic
              title="待回访"
              value={followups.length}
              suffix="次"
              styles={{ content: { color: followups.some((f) => f.overdue) ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'referrals',
              label: '推荐记录',
              children: (
                <>
                  <Segmented
                    style={{ marginBottom: 12 }}
                    value={state}
                    onChange={(v) => setState(v as ReferralState | 'all')}
                    options={[
                      { value: 'all', label: '全部' },
                      ...Object.entries(referralStates).map(([value, label]) => ({ value, label })),
                    ]}
                  />
                  <Table<TReferral>
                    rowKey="id"
                    size="middle"
                    loading={loading}
                    dataSource={items}
                    pagination={{ pageSize: 20, showSizeChanger: false }}
                    scroll={{ x: 900 }}
                    columns={[
                      { title: '求职者', render: (_, r) => `${r.seeker.name}（${r.seeker.age} 岁）` },
                      {
                        title: '岗位',
                        render: (_, r) => `${r.posting.title} · ${r.posting.organisationName}`,
                      },
                      {
                        title: '工资',
                        render: (_, r) => wageText(r.posting.wageMinFen, r.posting.wageMaxFen),
                      },
                      {
                        title: '匹配',
                        dataIndex: 'score',
                        width: 70,
                        render: (s: number | null) => (s === null ? '—' : `${s} 分`),
                      },
                      {
                        title: '状态',
                        dataIndex: 'state',
                        width: 96,
                        render: (s: ReferralState) => <Tag color={referralColor[s]}>{referralStates[s]}</Tag>,
                      },
                      {
                        title: '来源',
                        dataIndex: 'source',
                        width: 80,
                        render: (s: string) =>
                          s === 'portal' ? '本人申请' : s === 'staff' ? '窗口推荐' : '单位',
                      },
                      {
                        title: '操作',
                        width: 260,
                        render: (_, r) =>
                          canManage ? (
                            <Space size={4} wrap>
                              {moves[r.state].map((to) => (
                                <Button
                                  key={to}
                                  size="small"
                                  type={to === 'hired' || to === 'referred' ? 'primary' : 'default'}
                                  danger={to === 'rejected'}
                                  onClick={() => move.open(r, to)}
                                >
                                  {moveLabel[to]}
                                </Button>
                              ))}
                            </Space>
                          ) : null,
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'followups',
              label: `就业回访（${followups.length}）`,
              children: (
                <Table<TFollowup>
                  rowKey="id"
                  size="middle"
                  dataSource={followups}
                  pagination={false}
                  locale={{ emptyText: '近 7 天没有到期的回访' }}
                  columns={[
                    { title: '姓名', dataIndex: 'personName' },
                    { title: '单位', dataIndex: 'organisationName' },
                    { title: '入职', dataIndex: 'startDate' },
                    { title: '回访节点', dataIndex: 'dueMonth', render: (m: number) => `${m} 个月` },
                    {
                      title: '应回访日期',
                      dataIndex: 'dueDate',
                      render: (d: string, f) =>
                        f.overdue ? <Typography.Text type="danger">{d}（已逾期）</Typography.Text> : d,
                    },
                    {
                      title: '操作',
                      render: (_, f) =>
                        canManage ? (
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => {
                              fuForm.resetFields();
                              fuForm.setFieldsValue({ checkedOn: today() });
                              setRecording(f);
                            }}
                          >
                            记录回访
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'retention',
              label: '稳岗率',
              children: retention ? (
                <Row gutter={[12, 12]}>
                  <Col xs={24} sm={6}>
                    <Statistic title="经推荐就业" value={retention.placements} suffix="人" />
                  </Col>
                  {retention.marks.map((m) => (
                    <Col key={m.month} xs={8} sm={6}>
                      <Statistic
                        title={`${m.month} 个月仍在岗`}
                        value={m.share === null ? '—' : (m.share * 100).toFixed(1)}
                        suffix={m.share === null ? '' : '%'}
                      />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        已回访 {m.checked} / 应回访 {m.due}，在岗 {m.employed}
                      </Typography.Text>
                    </Col>
                  ))}
                </Row>
              ) : null,
            },
          ]}
        />
      </Card>
      {move.dialog}
      <Modal
        open={recording !== null}
        title={recording ? `回访：${recording.personName}（${recording.dueMonth} 个月）` : ''}
        onCancel={() => setRecording(null)}
        onOk={() => fuForm.submit()}
        okText="保存"
        destroyOnHidden
      >
        <Form form={fuForm} layout="vertical" onFinish={recordFollowup}>
          <Form.Item name="result" label="回访结果" rules={[{ required: true, message: '请选择' }]}>
            <Select options={Object.entries(followupResults).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="checkedOn" label="回访日期" rules={[{ required: true, message: '请填写' }]}>
            <Input type="date" />
          </Form.Item>
          {fuResult === 'left' ? (
            <Form.Item name="endDate" label="离职日期">
              <Input type="date" />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label="备注">
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
