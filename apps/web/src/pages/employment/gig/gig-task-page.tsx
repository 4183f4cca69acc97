import type { TGigClaim, TGigTaskDetail, TPersonSummary } from '@qiaoti/contracts';
import { gigPaymentMethods } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { useSubmissionKeys } from '../../../app/submission-key.ts';
import { registryApi } from '../../registry/registry.api.ts';
import { claimStatusColor, fenToYuan, gigApi, taskStatusColor } from './gig.api.ts';

interface PayForm {
  amountYuan: number;
  method: keyof typeof gigPaymentMethods;
  paidOn: Dayjs;
}

/** A task with its claims: the poster or staff check people in, record completion and payment, close or cancel. */
export function GigTaskPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const [task, setTask] = useState<TGigTaskDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState<TGigClaim | null>(null);
  const [payForm] = Form.useForm<PayForm>();
  const keys = useSubmissionKeys();
  const { access } = useSession();
  const [walkIn, setWalkIn] = useState(false);
  const [idNumber, setIdNumber] = useState('');
  const [found, setFound] = useState<TPersonSummary | null>(null);
  const [walkInError, setWalkInError] = useState<string | null>(null);

  // 代为接单: site staff look a walk-in worker up by ID number (a POST, never a URL) and claim for them.
  const findWorker = async () => {
    setFound(null);
    setWalkInError(null);
    try {
      const r = await registryApi.searchPersons({ idNumber: idNumber.trim() });
      const p = r.persons[0];
      if (p) setFound(p);
      else setWalkInError('未找到该人员（或不在本辖区），请先到村（社区）登记');
    } catch (e) {
      setWalkInError(errorMessage(e));
    }
  };

  const load = useCallback(async () => {
    try {
      setTask(await gigApi.task(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const pay = async () => {
    if (!paying) return;
    const v = await payForm.validateFields();
    await act(async () => {
      await gigApi.pay(
        paying.id,
        {
          amountFen: Math.round(v.amountYuan * 100),
          method: v.method,
          paidOn: v.paidOn.format('YYYY-MM-DD'),
        },
        keys.get(`pay:${paying.id}`),
      );
      keys.done(`pay:${paying.id}`);
    }, '报酬已登记，已通知劳动者确认');
    setPaying(null);
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!task)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const live = task.claims.filter((c) => c.status !== 'withdrawn');
  return (
    <Page
      title={task.title}
      subTitle={`${task.townshipName} · ${task.siteName}`}
      extra={
        task.canManage && task.status === 'open' ? (
          <>
            {access.can('registry.person.read') && task.remaining > 0 ? (
              <Button
                onClick={() => {
                  setIdNumber('');
                  setFound(null);
                  setWalkInError(null);
                  setWalkIn(true);
                }}
              >
                代为接单
              </Button>
            ) : null}
            <Popconfirm
              title="结束招工后不再接单，已接单的人员照常干活。"
              onConfirm={() => act(() => gigApi.close(task.id), '已结束招工')}
            >
              <Button>结束招工</Button>
            </Popconfirm>
            <Popconfirm
              title="取消后已接单人员会收到通知。"
              onConfirm={() => act(() => gigApi.cancel(task.id), '任务已取消')}
            >
              <Button danger>取消任务</Button>
            </Popconfirm>
          </>
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="状态">
            <Tag color={taskStatusColor[task.status]} data-testid="gig-task-status">
              {task.statusLabel}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label="发布方">{task.posterLabel}</Descriptions.Item>
          <Descriptions.Item label="报酬">{task.payText}</Descriptions.Item>
          <Descriptions.Item label="用工日期">
            {task.workDate}
            {task.days > 1 ? ` 起 ${task.days} 天` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="人数">
            已接 {task.claimedCount} / {task.headcount} 人
          </Descriptions.Item>
          <Descriptions.Item label="地点">{task.siteAddress}</Descriptions.Item>
          <Descriptions.Item label="说明" span={3}>
            {task.description || '—'}
          </Descriptions.Item>
        </Descriptions>
        {task.warnings.length ? <Alert type="warning" showIcon title={task.warnings.join('；')} /> : null}
      </Card>
      <Card size="small" title={`接单人员（${live.length}）`}>
        <Table<TGigClaim>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={task.claims}
          data-testid="gig-claims"
          columns={[
            {
              title: '姓名',
              dataIndex: 'workerName',
              onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            },
            {
              title: '状态',
              dataIndex: 'statusLabel',
              render: (v: string, c) => (
                <Tooltip title={`接单 ${dayjs(c.claimedAt).format('MM-DD HH:mm')}`}>
                  <Tag color={claimStatusColor[c.status]}>{v}</Tag>
                </Tooltip>
              ),
            },
            {
              title: '报酬',
              render: (_, c) =>
                c.payment ? (
                  <Space size={4} wrap>
                    <span>
                      {fenToYuan(c.payment.amountFen)} 元（{c.payment.methodLabel}，{c.payment.paidOn}）
                    </span>
                    {c.payment.isConfirmed ? <Tag color="green">已确认收款</Tag> : <Tag>待确认</Tag>}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '操作',
              hidden: !task.canManage,
              onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (_, c) =>
                task.canManage ? (
                  <Space size={4}>
                    {c.status === 'claimed' ? (
                      <Button size="small" onClick={() => act(() => gigApi.checkIn(c.id), '已签到')}>
                        签到
                      </Button>
                    ) : null}
                    {c.status === 'checked_in' ? (
                      <Button size="small" onClick={() => act(() => gigApi.complete(c.id), '已记完工')}>
                        完工
                      </Button>
                    ) : null}
                    {c.status === 'completed' && !c.payment ? (
                      <Button
                        size="small"
                        type="primary"
                        data-testid="gig-pay"
                        onClick={() => {
                          payForm.setFieldsValue({
                            amountYuan: (task.payFen * (task.payUnit === 'day' ? task.days : 1)) / 100,
                            method: 'wechat',
                            paidOn: dayjs(),
                          });
                          setPaying(c);
                        }}
                      >
                        登记报酬
                      </Button>
                    ) : null}
                  </Space>
                ) : null,
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          劳动者在“我的零工”中签到、报完工并确认收款；发布方或站点工作人员也可以在这里代为签到、记完工。
        </Typography.Paragraph>
      </Card>
      <Modal
        open={walkIn}
        title="代为接单（现场登记的劳动者）"
        okText="接单"
        cancelText="取消"
        okButtonProps={{ disabled: !found }}
        onOk={async () => {
          if (!found) return;
          await act(async () => {
            await gigApi.claim(task.id, keys.get(`claim:${found.id}`), found.id);
            keys.done(`claim:${found.id}`);
          }, `已为${found.name}接单`);
          setWalkIn(false);
        }}
        onCancel={() => setWalkIn(false)}
        destroyOnHidden
      >
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input
            placeholder="劳动者身份证号"
            value={idNumber}
            maxLength={18}
            onChange={(e) => setIdNumber(e.target.value)}
            onPressEnter={() => void findWorker()}
            autoComplete="off"
          />
          <Button onClick={() => void findWorker()}>查找</Button>
        </Space.Compact>
        {walkInError ? <Alert type="warning" showIcon title={walkInError} /> : null}
        {found ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="姓名">{found.name}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{found.idNumberMasked}</Descriptions.Item>
            <Descriptions.Item label="居住地">
              {[found.townshipName, found.villageName].filter(Boolean).join(' ') || '—'}
            </Descriptions.Item>
          </Descriptions>
        ) : null}
      </Modal>
      <Modal
        open={paying !== null}
        title={`登记报酬：${paying?.workerName ?? ''}`}
        okText="登记"
        cancelText="取消"
        onOk={() => void pay()}
        onCancel={() => setPaying(null)}
        destroyOnHidden
      >
        <Form<PayForm> form={payForm} layout="vertical">
          <Form.Item name="amountYuan" label="金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
            <InputNumber min={0.01} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="method" label="支付方式" rules={[{ required: true }]}>
            <Select options={Object.entries(gigPaymentMethods).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="paidOn" label="支付日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
