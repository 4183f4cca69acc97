import { PlusOutlined } from '@ant-design/icons';
import {
  postingStatuses,
  referralStates,
  type TCandidateMatch,
  type TPosting,
  type TReferral,
} from '@qiaoti/contracts';
import { Alert, App, Button, Card, Drawer, Empty, List, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { employmentApi, wageText } from '../employment/employment.api.ts';
import { Reasons, ScoreBar } from '../employment/matching-page.tsx';
import { CheckResult, PostingFormDrawer, usePublish } from '../employment/posting-form.tsx';
import { PostingDetails, statusColor } from '../employment/postings-page.tsx';
import { referralColor, useReferralMove } from '../employment/referrals-page.tsx';
import { PortalNav } from './portal-nav.tsx';

/**
 * 我的岗位 (employer portal): the organisation's own postings, a new posting with the discrimination check on
 * publish, and per posting the matched candidates (masked) and the referrals to move along (面试, 录用, 未录用).
 */
export function EmployerPage() {
  const { message } = App.useApp();
  const [postings, setPostings] = useState<TPosting[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<TPosting | null>(null);
  const [open, setOpen] = useState<TPosting | null>(null);
  const [candidates, setCandidates] = useState<TCandidateMatch[] | null>(null);
  const [referrals, setReferrals] = useState<TReferral[] | null>(null);

  const load = useCallback(() => {
    employmentApi
      .listPostings({ pageSize: 100 })
      .then((r) => setPostings(r.items))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  const openPosting = useCallback(
    async (p: TPosting) => {
      setOpen(p);
      setCandidates(null);
      setReferrals(null);
      try {
        const [full, refs] = await Promise.all([
          employmentApi.getPosting(p.id),
          employmentApi.listReferrals({ postingId: p.id, pageSize: 100 }),
        ]);
        setOpen(full);
        setReferrals(refs.items);
        if (full.status === 'published') setCandidates((await employmentApi.candidates(p.id, 20)).items);
      } catch (e) {
        message.error(errorMessage(e));
      }
    },
    [message],
  );

  const onChanged = (p: TPosting) => {
    setPostings((list) => (list ? list.map((x) => (x.id === p.id ? p : x)) : list));
    setOpen((o) => (o?.id === p.id ? p : o));
  };
  const publish = usePublish(onChanged);
  const move = useReferralMove(() => {
    if (open) void openPosting(open);
  });

  async function close(p: TPosting) {
    try {
      onChanged(await employmentApi.close(p.id));
      message.success('岗位已关闭');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <div className="qt-portal" data-testid="employer-page">
      <PortalNav />
      <Button
        type="primary"
        block
        icon={<PlusOutlined />}
        style={{ marginBottom: 12 }}
        onClick={() => {
          setEditing(null);
          setFormOpen(true);
        }}
        data-testid="new-posting"
      >
        发布新岗位
      </Button>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {!postings ? (
        <Skeleton active />
      ) : postings.length === 0 ? (
        <Empty description="还没有岗位" />
      ) : (
        postings.map((p) => {
          const c = p.referralCounts ?? {};
          return (
            <Card
              key={p.id}
              size="small"
              hoverable
              style={{ marginBottom: 8 }}
              onClick={() => openPosting(p)}
              data-testid="my-posting"
            >
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{p.title}</Typography.Text>
                  <Tag color={statusColor[p.status]}>{postingStatuses[p.status]}</Tag>
                </Space>
                <Typography.Text type="secondary">
                  {wageText(p.wageMinFen, p.wageMaxFen)} · {p.workplaceText}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  推荐 {Object.values(c).reduce((a, b) => a + b, 0)} 人，录用 {c.hired ?? 0} / {p.headcount}{' '}
                  人
                </Typography.Text>
              </Space>
            </Card>
          );
        })
      )}

      <PostingFormDrawer
        open={formOpen}
        posting={editing}
        staff={false}
        onClose={() => setFormOpen(false)}
        onSaved={(p) => {
          setFormOpen(false);
          load();
          void openPosting(p);
          message.success('已保存为草稿，请点“审核并发布”');
        }}
      />

      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        placement="bottom"
        size="90%"
        title={open?.title}
        extra={open ? <Tag color={statusColor[open.status]}>{postingStatuses[open.status]}</Tag> : null}
      >
        {open ? (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              {open.status !== 'published' ? (
                <Button type="primary" onClick={() => publish(open)} data-testid="publish">
                  {open.status === 'closed' ? '重新开放' : '审核并发布'}
                </Button>
              ) : (
                <Button danger onClick={() => close(open)}>
                  关闭岗位
                </Button>
              )}
              <Button
                onClick={() => {
                  setEditing(open);
                  setFormOpen(true);
                }}
                data-testid="edit-posting"
              >
                修改
              </Button>
            </Space>
            {open.check ? (
              <Card size="small" title="就业歧视审核" style={{ marginBottom: 12 }}>
                <CheckResult check={open.check} />
              </Card>
            ) : null}
            <Tabs
              items={[
                {
                  key: 'referrals',
                  label: `推荐人选（${referrals?.length ?? 0}）`,
                  children: !referrals ? (
                    <Skeleton active />
                  ) : referrals.length === 0 ? (
                    <Empty description="暂无推荐" />
                  ) : (
                    <List
                      dataSource={referrals}
                      renderItem={(r) => (
                        <List.Item data-testid="referral-item">
                          <Space direction="vertical" size={2} style={{ width: '100%' }}>
                            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                              <span>
                                {r.seeker.name}，{r.seeker.age} 岁，{r.seeker.placeText}
                              </span>
                              <Tag color={referralColor[r.state]}>{referralStates[r.state]}</Tag>
                            </Space>
                            {r.reasons.length ? (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {r.reasons.join('；')}
                              </Typography.Text>
                            ) : null}
                            <Space wrap>
                              {(['interview', 'hired', 'rejected'] as const)
                                .filter((to) => move.moves[r.state].includes(to))
                                .map((to) => (
                                  <Button
                                    key={to}
                                    size="small"
                                    type={to === 'hired' ? 'primary' : 'default'}
                                    danger={to === 'rejected'}
                                    onClick={() => move.open(r, to)}
                                  >
                                    {to === 'interview' ? '安排面试' : to === 'hired' ? '录用' : '未录用'}
                                  </Button>
                                ))}
                            </Space>
                          </Space>
                        </List.Item>
                      )}
                    />
                  ),
                },
                {
                  key: 'candidates',
                  label: '匹配人选',
                  children:
                    open.status !== 'published' ? (
                      <Empty description="岗位发布后可查看匹配人选" />
                    ) : !candidates ? (
                      <Skeleton active />
                    ) : candidates.length === 0 ? (
                      <Empty description="暂无合适人选" />
                    ) : (
                      <List
                        dataSource={candidates}
                        renderItem={(c) => (
                          <List.Item>
                            <Space direction="vertical" size={2} style={{ width: '100%' }}>
                              <span>
                                {c.seeker.name}，{c.seeker.age} 岁，{c.seeker.placeText}
                                {c.referralState ? <Tag style={{ marginLeft: 8 }}>已在推荐流程</Tag> : null}
                              </span>
                              <ScoreBar score={c.score} />
                              <Reasons reasons={c.reasons} />
                            </Space>
                          </List.Item>
                        )}
                      />
                    ),
                },
                { key: 'detail', label: '岗位信息', children: <PostingDetails p={open} /> },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
              为保护个人信息，候选人仅显示姓氏、年龄和所在乡镇；如需联系，请通过县人社局就业服务窗口。
            </Typography.Paragraph>
          </>
        ) : null}
      </Drawer>
      {move.dialog}
    </div>
  );
}
