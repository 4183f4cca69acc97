import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import type { TGigTask, TMyGigClaim } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Empty, Segmented, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { useMe } from '../../../app/session.tsx';
import { useSubmissionKeys } from '../../../app/submission-key.ts';
import { claimStatusColor, fenToYuan, gigApi, taskStatusColor } from './gig.api.ts';
import { GigTaskFormModal } from './gig-task-form.tsx';

function TaskCard({
  task,
  children,
}: {
  task: TGigTask | Omit<TGigTask, 'myClaim'>;
  children?: React.ReactNode;
}) {
  return (
    <Card size="small" style={{ marginBottom: 10 }} data-testid="gig-card">
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
          <Typography.Text strong style={{ fontSize: 15 }}>
            {task.title}
          </Typography.Text>
          <Typography.Text style={{ color: '#c0392b', fontWeight: 600, whiteSpace: 'nowrap' }}>
            {task.payText}
          </Typography.Text>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          <EnvironmentOutlined /> {task.townshipName} · {task.siteName}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 13 }}>
          {task.workDate}
          {task.days > 1 ? ` 起 ${task.days} 天` : ''} ·{' '}
          {task.remaining ? `还差 ${task.remaining} 人` : '已招满'} · {task.posterLabel}
        </Typography.Text>
        {task.description ? (
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2 }}>
            {task.description}
          </Typography.Paragraph>
        ) : null}
        {children}
      </Space>
    </Card>
  );
}

/** Citizens: open tasks near home, claim, check in, report done, confirm pay; post for one's household. */
function WorkerView() {
  const { message } = App.useApp();
  const [tab, setTab] = useState<'near' | 'mine'>('near');
  const [tasks, setTasks] = useState<TGigTask[] | null>(null);
  const [mine, setMine] = useState<TMyGigClaim[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const keys = useSubmissionKeys();

  const load = useCallback(async () => {
    try {
      const [near, my] = await Promise.all([gigApi.nearby(), gigApi.myClaims()]);
      setTasks(near.items);
      setMine(my.items);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
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

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Segmented
          value={tab}
          onChange={(v) => setTab(v === 'mine' ? 'mine' : 'near')}
          options={[
            { label: '附近任务', value: 'near' },
            { label: `我的零工${mine?.length ? `（${mine.length}）` : ''}`, value: 'mine' },
          ]}
        />
        <Button icon={<PlusOutlined />} onClick={() => setPosting(true)} data-testid="gig-household-post">
          我家要用工
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {tab === 'near' ? (
        tasks && tasks.length === 0 ? (
          <Empty description="附近暂时没有可接的任务" />
        ) : (
          (tasks ?? []).map((t) => (
            <TaskCard key={t.id} task={t}>
              {t.canManage ? (
                <Link to={`/employment/gig/tasks/${t.id}`}>管理我家发布的任务</Link>
              ) : t.myClaim ? (
                <Tag color={claimStatusColor[t.myClaim.status]}>{t.myClaim.statusLabel}</Tag>
              ) : (
                <Button
                  type="primary"
                  block
                  onClick={() =>
                    act(async () => {
                      await gigApi.claim(t.id, keys.get(t.id));
                      keys.done(t.id);
                    }, '接单成功，请按时到站点签到')
                  }
                  data-testid="gig-claim"
                >
                  接单
                </Button>
              )}
            </TaskCard>
          ))
        )
      ) : mine && mine.length === 0 ? (
        <Empty description="还没有接过任务" />
      ) : (
        (mine ?? []).map((c) => (
          <TaskCard key={c.id} task={c.task}>
            <Space wrap>
              <Tag color={claimStatusColor[c.status]} data-testid="my-claim-status">
                {c.statusLabel}
              </Tag>
              {c.task.status !== 'open' ? (
                <Tag color={taskStatusColor[c.task.status]}>{c.task.statusLabel}</Tag>
              ) : null}
              {c.status === 'claimed' ? (
                <>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => act(() => gigApi.checkIn(c.id), '已签到')}
                    data-testid="gig-check-in"
                  >
                    到场签到
                  </Button>
                  <Button size="small" onClick={() => act(() => gigApi.withdraw(c.id), '已退出')}>
                    不去了
                  </Button>
                </>
              ) : null}
              {c.status === 'checked_in' ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => act(() => gigApi.complete(c.id), '已报完工')}
                  data-testid="gig-complete"
                >
                  报完工
                </Button>
              ) : null}
              {c.payment ? (
                <Typography.Text>
                  报酬 {fenToYuan(c.payment.amountFen)} 元（{c.payment.methodLabel}）
                </Typography.Text>
              ) : null}
              {c.payment && !c.payment.isConfirmed ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => act(() => gigApi.confirmPayment(c.id), '已确认收款')}
                  data-testid="gig-confirm-pay"
                >
                  确认收到
                </Button>
              ) : null}
              {c.payment?.isConfirmed ? <Tag color="green">已确认收款</Tag> : null}
            </Space>
          </TaskCard>
        ))
      )}
      <GigTaskFormModal
        open={posting}
        mode="citizen"
        onClose={() => setPosting(false)}
        onCreated={() => {
          setPosting(false);
          void load();
        }}
      />
    </>
  );
}

/** Employers: their own tasks and a post button; the task page records check-in, completion and pay. */
function EmployerView() {
  const [tasks, setTasks] = useState<TGigTask[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const load = useCallback(() => {
    gigApi
      .tasks({ pageSize: 50 })
      .then((r) => setTasks(r.items))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        block
        style={{ marginBottom: 12 }}
        onClick={() => setPosting(true)}
        data-testid="gig-new-task"
      >
        发布零工任务
      </Button>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {tasks && tasks.length === 0 ? <Empty description="还没有发布过任务" /> : null}
      {(tasks ?? []).map((t) => (
        <TaskCard key={t.id} task={t}>
          <Space>
            <Tag color={taskStatusColor[t.status]}>{t.statusLabel}</Tag>
            <Link to={`/employment/gig/tasks/${t.id}`} data-testid="gig-manage">
              查看接单人员
            </Link>
          </Space>
        </TaskCard>
      ))}
      <GigTaskFormModal
        open={posting}
        mode="employer"
        onClose={() => setPosting(false)}
        onCreated={() => {
          setPosting(false);
          load();
        }}
      />
    </>
  );
}

/** 零工 (portal, phone width). */
export function GigPortalPage() {
  const me = useMe();
  const isEmployer = me.organisation?.kind === 'employer' || me.roles.includes('employer');
  return (
    <div className="qt-portal" data-testid="gig-portal">
      <Typography.Title level={4} style={{ margin: '4px 0 12px' }}>
        {isEmployer ? '零工用工' : '零工市场'}
      </Typography.Title>
      {isEmployer ? (
        <EmployerView />
      ) : me.personId ? (
        <WorkerView />
      ) : (
        <Alert type="info" showIcon title="该账号未关联个人登记信息，无法接单。" />
      )}
    </div>
  );
}
