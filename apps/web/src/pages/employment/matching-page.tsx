import { InfoCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import type {
  TCandidateMatch,
  TMatchIndexStatus,
  TMatchWeights,
  TPosting,
  TPostingMatch,
  TSeeker,
} from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  List,
  Popover,
  Progress,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { employmentApi, wageText } from './employment.api.ts';

const scoreColor = (s: number) => (s >= 75 ? '#389e0d' : s >= 50 ? '#1f4e8c' : '#d48806');

/** A score bar with its number (0–100). */
export function ScoreBar({ score }: { score: number }) {
  return (
    <div style={{ minWidth: 140 }} data-testid="score-bar">
      <Progress
        percent={Math.round(score)}
        size="small"
        strokeColor={scoreColor(score)}
        format={(p) => `${p} 分`}
      />
    </div>
  );
}

export function Reasons({ reasons }: { reasons: string[] }) {
  return (
    <ul
      className="qt-reasons"
      style={{ margin: '4px 0 0', paddingInlineStart: 18 }}
      data-testid="match-reasons"
    >
      {reasons.map((r) => (
        <li key={r}>
          <Typography.Text type="secondary">{r}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

const partNames: Record<TMatchWeights['items'][number]['part'], string> = {
  occupation: '职业相符',
  skills: '技能相符',
  distance: '通勤距离',
  wage: '工资相符',
  hours: '工作时间',
  education: '学历相符',
  priority: '就业援助对象加分',
};

/** The weights in force (dated policy parameters), shown in a popover: part, points, clause, 待确认. */
export function ScoringRules() {
  const [weights, setWeights] = useState<TMatchWeights | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    employmentApi.matchingWeights().then(setWeights, (e: unknown) => setError(errorMessage(e)));
  }, []);
  const content = error ? (
    <Typography.Text type="danger">{error}</Typography.Text>
  ) : !weights ? (
    <Typography.Text type="secondary">正在读取…</Typography.Text>
  ) : (
    <div style={{ maxWidth: 360 }} data-testid="scoring-rules">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        六项合计 100 分，就业援助对象另加分（总分不超过 100）。权重是政策参数，{weights.asOf} 生效的取值：
      </Typography.Paragraph>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {weights.items.map((w) => (
            <tr key={w.part}>
              <td style={{ padding: '2px 8px 2px 0' }}>{partNames[w.part]}</td>
              <td style={{ padding: '2px 8px', textAlign: 'right', whiteSpace: 'nowrap' }}>
                {w.part === 'priority' ? '+' : ''}
                {w.points} 分
              </td>
              <td style={{ padding: '2px 0' }}>
                {w.pending ? <Tag color="orange">待确认</Tag> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {w.cites.join('、')}
                </Typography.Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        参数在“政策库”中按生效日期调整，生效当天起用于匹配。
      </Typography.Paragraph>
    </div>
  );
  return (
    <Popover
      title="评分规则"
      content={content}
      trigger="click"
      placement="bottomRight"
      onOpenChange={(open) => {
        if (open && !weights) load();
      }}
    >
      <Button size="small" icon={<InfoCircleOutlined />} data-testid="scoring-rules-button">
        评分规则
      </Button>
    </Popover>
  );
}

function IndexStatus({ status, onRebuild }: { status: TMatchIndexStatus | null; onRebuild?: () => void }) {
  if (!status) return null;
  const text =
    status.state === 'ready'
      ? `匹配索引已就绪：在招岗位 ${status.openPostings} 个，求职者 ${status.seekers} 人，构建用时 ${status.buildMs ?? 0} 毫秒`
      : status.state === 'building'
        ? '匹配索引构建中……'
        : status.state === 'failed'
          ? `匹配索引构建失败：${status.error ?? ''}`
          : '匹配索引将在首次查询时构建';
  return (
    <Space>
      <Typography.Text type="secondary" data-testid="index-status">
        {text}
      </Typography.Text>
      {onRebuild ? (
        <Button size="small" icon={<ReloadOutlined />} onClick={onRebuild}>
          重建
        </Button>
      ) : null}
    </Space>
  );
}

/** 人岗匹配: a seeker → the best open postings; a posting → the best candidates; each with score bars and reasons. */
export function MatchingPage() {
  const { access } = useSession();
  const { message } = App.useApp();
  const canManage = access.can('employment.manage');
  const [params, setParams] = useSearchParams();
  const seekerId = params.get('seeker');
  const postingId = params.get('posting');
  const [tab, setTab] = useState(postingId ? 'posting' : 'seeker');
  const [status, setStatus] = useState<TMatchIndexStatus | null>(null);
  const [seeker, setSeeker] = useState<TSeeker | null>(null);
  const [postingMatches, setPostingMatches] = useState<TPostingMatch[] | null>(null);
  const [postings, setPostings] = useState<TPosting[]>([]);
  const [candidates, setCandidates] = useState<TCandidateMatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    employmentApi
      .matchingStatus()
      .then(setStatus)
      .catch(() => undefined);
    employmentApi
      .listPostings({ status: 'published', pageSize: 100 })
      .then((r) => setPostings(r.items))
      .catch(() => undefined);
  }, []);

  const loadSeeker = useCallback(async (id: string) => {
    setLoading(true);
    setError(null);
    try {
      const [s, m] = await Promise.all([employmentApi.getSeeker(id), employmentApi.seekerMatches(id, 20)]);
      setSeeker(s);
      setPostingMatches(m.items);
      setStatus(m.index);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  const loadPosting = useCallback(async (id: string) => {
    setLoading(true);
    setError(null);
    try {
      const r = await employmentApi.candidates(id, 30);
      setCandidates(r.items);
      setStatus(r.index);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (seekerId) void loadSeeker(seekerId);
  }, [seekerId, loadSeeker]);
  useEffect(() => {
    if (postingId) void loadPosting(postingId);
  }, [postingId, loadPosting]);

  async function findSeeker(idNumber: string) {
    if (!idNumber.trim()) return;
    try {
      const r = await employmentApi.searchSeekers({ idNumber: idNumber.trim() });
      const s = r.items[0];
      if (!s) {
        message.warning(r.unregisteredPerson ? '此人尚未进行求职登记' : '没有找到该求职者');
        return;
      }
      setParams({ seeker: s.id });
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function refer(seekerIdToRefer: string, postingIdToRefer: string) {
    try {
      await employmentApi.refer({ seekerId: seekerIdToRefer, postingId: postingIdToRefer });
      message.success('已推荐，求职者和用人单位将收到通知');
      if (tab === 'posting' && postingId) void loadPosting(postingId);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function rebuild() {
    try {
      setStatus(await employmentApi.rebuild());
      message.success('匹配索引已重建');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Page
      title="人岗匹配"
      subTitle="综合职业与技能、通勤距离、工资、工作时间、学历和就业援助优先，给出分数和理由"
    >
      <Card size="small">
        <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <IndexStatus status={status} onRebuild={canManage ? rebuild : undefined} />
          <ScoringRules />
        </Space>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'seeker', label: '为求职者找岗位' },
            { key: 'posting', label: '为岗位找人选' },
          ]}
        />
        {tab === 'seeker' ? (
          <Space wrap>
            <Input.Search
              placeholder="求职者身份证号"
              enterButton="查找求职者"
              style={{ width: 360 }}
              onSearch={findSeeker}
              autoComplete="off"
            />
            {seeker ? (
              <Typography.Text>
                当前：<b>{seeker.name}</b>，{seeker.age} 岁，{seeker.placeText}，意向
                {seeker.occupationsWanted.map((o) => o.name).join('、') || '未填'}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="选择在招岗位"
            style={{ width: 480, maxWidth: '100%' }}
            value={postingId ?? undefined}
            onChange={(v: string) => setParams({ posting: v })}
            options={postings.map((p) => ({ value: p.id, label: `${p.title} · ${p.organisationName}` }))}
          />
        )}
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {tab === 'seeker' ? (
        <Card size="small" style={{ marginTop: 12 }} title="推荐岗位" loading={loading && !postingMatches}>
          {!postingMatches ? (
            <Empty description="先查找一位求职者" />
          ) : postingMatches.length === 0 ? (
            <Empty description="暂无在招的合适岗位" />
          ) : (
            <List
              dataSource={postingMatches}
              renderItem={(m) => (
                <List.Item
                  actions={
                    canManage && seeker
                      ? [
                          <Button
                            key="refer"
                            size="small"
                            type="primary"
                            onClick={() => refer(seeker.id, m.posting.id)}
                          >
                            推荐
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>{m.posting.title}</span>
                        <Typography.Text type="secondary">{m.posting.organisationName}</Typography.Text>
                        <Tag>{wageText(m.posting.wageMinFen, m.posting.wageMaxFen)}</Tag>
                        <Tag>{m.posting.workplaceText}</Tag>
                      </Space>
                    }
                    description={<Reasons reasons={m.reasons} />}
                  />
                  <ScoreBar score={m.score} />
                </List.Item>
              )}
            />
          )}
        </Card>
      ) : (
        <Card size="small" style={{ marginTop: 12 }} title="匹配人选" loading={loading && !candidates}>
          {!candidates ? (
            <Empty description="先选择一个在招岗位" />
          ) : candidates.length === 0 ? (
            <Empty description="暂无合适人选" />
          ) : (
            <List
              dataSource={candidates}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    c.referralState ? (
                      <Tag key="state" color="blue">
                        已在推荐流程
                      </Tag>
                    ) : canManage && postingId ? (
                      <Button
                        key="refer"
                        size="small"
                        type="primary"
                        onClick={() => refer(c.seeker.id, postingId)}
                      >
                        推荐
                      </Button>
                    ) : null,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>{c.seeker.name}</span>
                        <Typography.Text type="secondary">
                          {c.seeker.age} 岁 · {c.seeker.placeText}
                        </Typography.Text>
                        {c.seeker.assistancePriority ? <Tag color="gold">就业援助对象</Tag> : null}
                      </Space>
                    }
                    description={<Reasons reasons={c.reasons} />}
                  />
                  <ScoreBar score={c.score} />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </Page>
  );
}
