import { followupWays, stepKinds, type TAssistanceCase } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { assistanceApi, categoryColors } from './assistance.api.ts';

interface StepForm {
  kind: keyof typeof stepKinds;
  title: string;
  ownerName: string;
  dueOn: Dayjs;
}
interface FollowupForm {
  followedOn: Dayjs;
  way: keyof typeof followupWays;
  content: string;
  nextStep?: string;
  stepId?: string;
}

const eventTitle: Record<string, string> = {
  created: '开立',
  transition: '状态变更',
  follow_up: '跟进',
  assigned: '指派',
  due_changed: '调整期限',
  escalated: '逾期提醒',
};

/** A line of the 办理记录: plan-step events carry their own text; case events are named by kind or new state. */
function eventText(e: TAssistanceCase['events'][number]): string {
  if (e.stepId && e.note) return e.note;
  const title =
    e.kind === 'transition' && e.toState === 'closed'
      ? '结案'
      : e.kind === 'created'
        ? '开立个案'
        : (eventTitle[e.kind] ?? e.kind);
  return e.note ? `${title}：${e.note}` : title;
}

/** 援助个案: the plan (steps with owners, due dates, overdue), every follow-up, and closure by the rule. */
export function AssistanceCasePage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const { access } = useSession();
  const canManage = access.can('employment.manage');
  const [c, setCase] = useState<TAssistanceCase | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [closeError, setCloseError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [stepForm] = Form.useForm<StepForm>();
  const [fuForm] = Form.useForm<FollowupForm>();

  const load = useCallback(async () => {
    try {
      setCase(await assistanceApi.getCase(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function run(action: () => Promise<TAssistanceCase>, done: string) {
    setBusy(true);
    try {
      setCase(await action());
      message.success(done);
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function close() {
    setClosing(true);
    setCloseError(null);
    try {
      setCase(await assistanceApi.close(id));
      message.success('已结案');
    } catch (e) {
      setCloseError(errorMessage(e));
    } finally {
      setClosing(false);
    }
  }

  if (error)
    return (
      <Page title="援助个案">
        <Alert type="error" showIcon message={error} />
      </Page>
    );
  if (!c)
    return (
      <Page title="援助个案">
        <Skeleton active />
      </Page>
    );
  const open = c.status === 'open' && canManage;
  const followups = c.events.filter((e) => e.kind === 'follow_up').reverse();
  const history = c.events.filter((e) => e.kind !== 'follow_up').reverse();

  return (
    <Page
      title={`援助个案：${c.personName}`}
      subTitle={c.villageName ?? undefined}
      extra={
        open ? (
          <Popconfirm
            title="结案"
            description={`须已稳定就业满 ${c.closureMonths} 个月；系统将按规则判断并保存决定记录。`}
            onConfirm={close}
            okText="结案"
          >
            <Button type="primary" loading={closing}>
              结案
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      {closeError ? (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setCloseError(null)}
          message="不能结案"
          description={closeError}
          style={{ marginBottom: 16 }}
          data-testid="close-refused"
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="身份证号">{c.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="认定类别">
            <Space>
              <Tag color={categoryColors[c.category] ?? 'blue'}>{c.categoryLabel}</Tag>
              <Link to={`/policy/decisions/${c.identificationDecisionId}`}>认定依据</Link>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            {c.status === 'open' ? <Tag color="processing">帮扶中</Tag> : <Tag>已结案 {c.closedOn}</Tag>}
            {c.closureDecisionId ? (
              <Link to={`/policy/decisions/${c.closureDecisionId}`}>结案依据</Link>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label="开立日期">{c.openedOn}</Descriptions.Item>
          <Descriptions.Item label="就业情况">
            {c.employment.employed
              ? `已就业（${c.employment.since} 起，${c.employment.months} 个月）`
              : '尚未就业'}
          </Descriptions.Item>
          <Descriptions.Item label="结案条件">稳定就业满 {c.closureMonths} 个月</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card
            title={
              <Space>
                帮扶计划
                {c.overdueSteps > 0 ? <Tag color="error">逾期 {c.overdueSteps} 项</Tag> : null}
              </Space>
            }
            size="small"
            style={{ marginBottom: 16 }}
          >
            {c.planSteps.length === 0 ? <Empty description="尚无帮扶措施" /> : null}
            <Timeline
              items={c.planSteps.map((s) => ({
                key: s.id,
                color:
                  s.state === 'done'
                    ? 'green'
                    : s.state === 'cancelled'
                      ? 'gray'
                      : s.overdue
                        ? 'red'
                        : 'blue',
                content: (
                  <div data-testid="plan-step">
                    <Space wrap size={4}>
                      <Tag>{s.kindLabel}</Tag>
                      <Typography.Text strong delete={s.state === 'cancelled'}>
                        {s.title}
                      </Typography.Text>
                      {s.overdue ? <Tag color="error">已逾期</Tag> : null}
                      {s.state !== 'open' ? (
                        <Tag color={s.state === 'done' ? 'success' : 'default'}>{s.stateLabel}</Tag>
                      ) : null}
                    </Space>
                    <div>
                      <Typography.Text type="secondary">
                        责任人 {s.ownerName ?? '—'} · 期限 {s.dueOn ?? '—'}
                      </Typography.Text>
                    </div>
                    {open && s.state === 'open' ? (
                      <Space size={4}>
                        <Button
                          size="small"
                          type="link"
                          onClick={() => run(() => assistanceApi.setStep(c.id, s.id, 'done'), '已完成')}
                        >
                          完成
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={() => run(() => assistanceApi.setStep(c.id, s.id, 'cancelled'), '已取消')}
                        >
                          取消
                        </Button>
                      </Space>
                    ) : null}
                  </div>
                ),
              }))}
            />
            {open ? (
              <Form
                form={stepForm}
                layout="inline"
                initialValues={{ kind: 'job_referral', dueOn: dayjs().add(14, 'day') }}
                onFinish={async (v) => {
                  const ok = await run(
                    () => assistanceApi.addStep(c.id, { ...v, dueOn: v.dueOn.format('YYYY-MM-DD') }),
                    '已增加措施',
                  );
                  if (ok) stepForm.resetFields(['title', 'ownerName']);
                }}
              >
                <Form.Item name="kind">
                  <Select
                    style={{ width: 130 }}
                    options={Object.entries(stepKinds).map(([value, label]) => ({ value, label }))}
                    aria-label="措施类别"
                  />
                </Form.Item>
                <Form.Item name="title" rules={[{ required: true, message: '请填写措施内容' }]}>
                  <Input placeholder="措施内容" style={{ width: 180 }} aria-label="措施内容" />
                </Form.Item>
                <Form.Item name="ownerName" rules={[{ required: true, message: '请填写责任人' }]}>
                  <Input placeholder="责任人" style={{ width: 110 }} aria-label="责任人" />
                </Form.Item>
                <Form.Item name="dueOn" rules={[{ required: true, message: '请选择期限' }]}>
                  <DatePicker placeholder="期限" aria-label="完成期限" />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  增加措施
                </Button>
              </Form>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="跟进记录" size="small" style={{ marginBottom: 16 }}>
            {open ? (
              <Form
                form={fuForm}
                layout="vertical"
                initialValues={{ followedOn: dayjs(), way: 'phone' }}
                onFinish={async (v) => {
                  const ok = await run(
                    () =>
                      assistanceApi.followup(c.id, {
                        followedOn: v.followedOn.format('YYYY-MM-DD'),
                        way: v.way,
                        content: v.content,
                        nextStep: v.nextStep ?? '',
                        ...(v.stepId ? { stepId: v.stepId } : {}),
                      }),
                    '已记录跟进',
                  );
                  if (ok) fuForm.resetFields(['content', 'nextStep', 'stepId']);
                }}
              >
                <Space wrap>
                  <Form.Item name="followedOn" label="日期" rules={[{ required: true }]}>
                    <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                  </Form.Item>
                  <Form.Item name="way" label="方式">
                    <Select
                      style={{ width: 120 }}
                      options={Object.entries(followupWays).map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <Form.Item name="stepId" label="对应措施">
                    <Select
                      allowClear
                      style={{ width: 200 }}
                      options={c.planSteps.map((s) => ({ value: s.id, label: s.title }))}
                    />
                  </Form.Item>
                </Space>
                <Form.Item
                  name="content"
                  label="跟进内容"
                  rules={[{ required: true, message: '请填写跟进内容' }]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Form.Item name="nextStep" label="下一步">
                  <Input />
                </Form.Item>
                <Button htmlType="submit" type="primary" loading={busy}>
                  记录跟进
                </Button>
              </Form>
            ) : null}
            <Timeline
              style={{ marginTop: 16 }}
              items={followups.map((e) => ({
                key: e.id,
                content: (
                  <div data-testid="followup">
                    <Typography.Text strong>
                      {e.occurredOn} · {e.wayLabel}
                    </Typography.Text>
                    <div>{e.note}</div>
                    {e.nextStep ? (
                      <Typography.Text type="secondary">下一步：{e.nextStep}</Typography.Text>
                    ) : null}
                  </div>
                ),
              }))}
            />
            {followups.length === 0 ? <Empty description="尚无跟进记录" /> : null}
          </Card>
          <Card title="办理记录" size="small">
            <Timeline
              items={history.map((e) => ({
                key: e.id,
                color: 'gray',
                content: (
                  <Typography.Text type="secondary">
                    {dayjs(e.at).format('YYYY-MM-DD HH:mm')} {eventText(e)}{' '}
                    {e.actorUsername ? `（${e.actorUsername}）` : ''}
                  </Typography.Text>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
