import { EnvironmentOutlined } from '@ant-design/icons';
import type { TPosting, TPostingMatch, TSeeker } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Drawer, Empty, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { SubmissionKey } from '../../app/submission-key.ts';
import { employmentApi, wageText } from '../employment/employment.api.ts';
import { Reasons, ScoreBar } from '../employment/matching-page.tsx';
import { PostingDetails } from '../employment/postings-page.tsx';
import { PortalNav } from './portal-nav.tsx';

function JobCard({ p, onOpen, extra }: { p: TPosting; onOpen: () => void; extra?: React.ReactNode }) {
  return (
    <Card size="small" hoverable onClick={onOpen} style={{ marginBottom: 8 }} data-testid="job-card">
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text strong>{p.title}</Typography.Text>
          <Typography.Text style={{ color: '#cf1322' }}>
            {wageText(p.wageMinFen, p.wageMaxFen)}
          </Typography.Text>
        </Space>
        <Typography.Text type="secondary">{p.organisationName}</Typography.Text>
        <Space size={4} wrap>
          <Tag icon={<EnvironmentOutlined />}>{p.workplaceText}</Tag>
          <Tag>{p.occupationName}</Tag>
          <Tag>招 {p.headcount} 人</Tag>
        </Space>
        {extra}
      </Space>
    </Card>
  );
}

/** 找工作 (citizen portal): keyword search, "为我推荐" with the reasons, posting detail and 申请. */
export function JobsPage() {
  const { message } = App.useApp();
  const [seeker, setSeeker] = useState<TSeeker | null | undefined>(undefined);
  const [recs, setRecs] = useState<TPostingMatch[] | null>(null);
  const [hits, setHits] = useState<TPosting[] | null>(null);
  const [keyword, setKeyword] = useState('');
  const [open, setOpen] = useState<{ posting: TPosting; match: TPostingMatch | null } | null>(null);
  const [applied, setApplied] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    employmentApi
      .mySeeker()
      .then((r) => {
        setSeeker(r.seeker);
        if (r.seeker)
          employmentApi
            .recommendations(20)
            .then((m) => setRecs(m.items))
            .catch((e) => setError(errorMessage(e)));
      })
      .catch((e) => setError(errorMessage(e)));
    employmentApi
      .listReferrals({ pageSize: 100 })
      .then((r) =>
        setApplied(
          new Set(
            r.items.filter((x) => x.state !== 'withdrawn' && x.state !== 'rejected').map((x) => x.posting.id),
          ),
        ),
      )
      .catch(() => undefined);
  }, []);

  async function search(q: string) {
    setKeyword(q);
    setBusy(true);
    setError(null);
    try {
      const r = await employmentApi.searchJobs({ q: q.trim(), limit: 30 });
      setHits(r.items.map((i) => i.posting));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  // One Idempotency-Key per application (per posting), kept across retries of that tap.
  const applyKeys = useRef(new Map<string, SubmissionKey>());
  const [applying, setApplying] = useState(false);

  async function apply(p: TPosting) {
    let submission = applyKeys.current.get(p.id);
    if (!submission) {
      submission = new SubmissionKey();
      applyKeys.current.set(p.id, submission);
    }
    setApplying(true);
    try {
      await submission.run((key) => employmentApi.apply(p.id, key));
      setApplied((s) => new Set([...s, p.id]));
      message.success('已申请，就业服务机构将为您推荐并通知用人单位');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setApplying(false);
    }
  }

  const matchOf = (id: string) => recs?.find((m) => m.posting.id === id) ?? null;

  return (
    <div className="qt-portal" data-testid="jobs-page">
      <PortalNav />
      <Input.Search
        size="large"
        placeholder="搜索岗位，如：仓库 叉车、厨师、快递"
        enterButton="搜索"
        loading={busy}
        onSearch={search}
        allowClear
        data-testid="job-search"
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {hits ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">
            {keyword ? `“${keyword}”` : '在招岗位'}：{hits.length} 个
          </Typography.Text>
          {hits.length === 0 ? <Empty description="没有找到，换个关键词试试" /> : null}
          {hits.map((p) => (
            <JobCard key={p.id} p={p} onOpen={() => setOpen({ posting: p, match: matchOf(p.id) })} />
          ))}
        </div>
      ) : null}

      <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>
        为我推荐
      </Typography.Title>
      {seeker === undefined ? (
        <Skeleton active />
      ) : seeker === null ? (
        <Alert
          type="info"
          showIcon
          title="完成求职登记后，系统会根据您的意向职业、技能、住址和期望工资推荐岗位。"
          action={
            <Link to="/portal/seeker">
              <Button size="small" type="primary">
                去登记
              </Button>
            </Link>
          }
        />
      ) : !recs ? (
        <Skeleton active />
      ) : recs.length === 0 ? (
        <Empty description="暂时没有合适的岗位，可以先搜索看看" />
      ) : (
        <div data-testid="recommendations">
          {recs.map((m) => (
            <JobCard
              key={m.posting.id}
              p={m.posting}
              onOpen={() => setOpen({ posting: m.posting, match: m })}
              extra={
                <div>
                  <ScoreBar score={m.score} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.reasons.slice(0, 2).join('；')}
                  </Typography.Text>
                </div>
              }
            />
          ))}
        </div>
      )}

      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        placement="bottom"
        size="85%"
        title={open?.posting.title}
        extra={
          open ? (
            applied.has(open.posting.id) ? (
              <Tag color="green">已申请</Tag>
            ) : seeker ? (
              <Button
                type="primary"
                loading={applying}
                onClick={() => apply(open.posting)}
                data-testid="apply"
              >
                申请这个岗位
              </Button>
            ) : null
          ) : null
        }
      >
        {open ? (
          <>
            {open.match ? (
              <Card
                size="small"
                title="为什么推荐给您"
                style={{ marginBottom: 12 }}
                data-testid="why-recommended"
              >
                <ScoreBar score={open.match.score} />
                <Reasons reasons={open.match.reasons} />
              </Card>
            ) : null}
            <PostingDetails p={open.posting} />
            {!seeker ? (
              <Alert type="info" showIcon style={{ marginTop: 12 }} title="申请岗位前请先完成求职登记。" />
            ) : null}
          </>
        ) : null}
      </Drawer>
    </div>
  );
}
