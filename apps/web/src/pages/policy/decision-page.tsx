import { FileSearchOutlined, HistoryOutlined } from '@ant-design/icons';
import type { TDecision, TExplanation, TPolicyLibrary, TReplayResult } from '@qiaoti/contracts';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { ExplanationCard } from './explanation-card.tsx';
import { entityLabels, formatOutcome, policyApi, shortVersion } from './policy.api.ts';

type Scalar = TDecision['input'][string];

/** An input value as the officer entered it: amounts back in 元, yes/no, enum labels. */
function inputValue(library: TPolicyLibrary | null, ruleId: string, name: string, value: Scalar): string {
  const spec = library?.rules.find((r) => r.id === ruleId)?.inputs.find((i) => i.name === name);
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (spec?.type === 'fen' && typeof value === 'number') return `${(value / 100).toFixed(2)} 元`;
  if (spec?.type === 'enum') return spec.options?.find((o) => o.value === value)?.label ?? String(value);
  return spec?.unit ? `${value} ${spec.unit}` : String(value);
}

/** 决定记录: what was decided, on which versions and input; replay to check it, and its explanation. */
export function DecisionPage() {
  const { id = '' } = useParams();
  const [decision, setDecision] = useState<TDecision | null>(null);
  const [library, setLibrary] = useState<TPolicyLibrary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replay, setReplay] = useState<TReplayResult | null>(null);
  const [replaying, setReplaying] = useState(false);
  const [explanation, setExplanation] = useState<TExplanation | null>(null);
  const [explaining, setExplaining] = useState(false);
  const [showExplanation, setShowExplanation] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      setDecision(await policyApi.decision(id));
    } catch (e) {
      setError(errorMessage(e));
    }
    // The library gives labels and the explanation the outcome in words; the page works without either.
    policyApi.library().then(setLibrary, () => setLibrary(null));
    policyApi.explain(id).then(setExplanation, () => setExplanation(null));
  }, [id]);
  useEffect(() => {
    setDecision(null);
    setReplay(null);
    setExplanation(null);
    setShowExplanation(false);
    void load();
  }, [load]);

  async function runReplay() {
    setReplaying(true);
    try {
      setReplay(await policyApi.replay(id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setReplaying(false);
    }
  }
  async function runExplain() {
    setShowExplanation(true);
    if (explanation) return;
    setExplaining(true);
    try {
      setExplanation(await policyApi.explain(id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setExplaining(false);
    }
  }

  if (error && !decision)
    return (
      <Page title="决定记录">
        <Alert type="error" showIcon title={error} />
      </Page>
    );
  if (!decision)
    return (
      <Page title="决定记录">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  const rule = library?.rules.find((r) => r.id === decision.ruleId);
  const reasonSubject = (code: string) => rule?.reasons.find((r) => r.code === code)?.subject;
  const inputRows = Object.entries(decision.input).map(([name, value]) => ({
    name,
    label: rule?.inputs.find((i) => i.name === name)?.label ?? name,
    value: inputValue(library, decision.ruleId, name, value),
  }));

  return (
    <Page
      title="决定记录"
      subTitle={rule?.label ?? decision.ruleId}
      extra={
        <>
          <Link to={`/policy/trial?rule=${encodeURIComponent(decision.ruleId)}`}>
            <Button>按此规则试算</Button>
          </Link>
          <Button icon={<HistoryOutlined />} loading={replaying} onClick={() => void runReplay()}>
            重放核对
          </Button>
          <Button
            type="primary"
            icon={<FileSearchOutlined />}
            loading={explaining}
            onClick={() => void runExplain()}
          >
            查看解释
          </Button>
        </>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {replay ? (
        <ReplayAlert replay={replay} ruleId={decision.ruleId} outcomeText={explanation?.outcomeText} />
      ) : null}
      <Card size="small" title="决定">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, xl: 3 }}
          data-testid="decision"
          styles={{ label: { width: 110 } }}
        >
          <Descriptions.Item label="记录编号">
            <span className="qt-mono" data-testid="decision-id">
              {decision.id}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="计算日期">{decision.asOf}</Descriptions.Item>
          <Descriptions.Item label="结论">
            <Typography.Text
              strong
              data-testid="decision-outcome"
              type={decision.outcome === false ? 'danger' : decision.outcome === true ? 'success' : undefined}
            >
              {explanation?.outcomeText ?? formatOutcome(decision.ruleId, decision.outcome)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="规则" span={2}>
            {rule?.label ?? decision.ruleId}{' '}
            <Typography.Text type="secondary" className="qt-mono" style={{ fontSize: 12 }}>
              {decision.ruleId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="对象">
            {entityLabels[decision.subjectType as keyof typeof entityLabels] ?? decision.subjectType}
            {decision.subjectId && decision.subjectType === 'person' ? (
              <Link to={`/registry/persons/${decision.subjectId}`}> 查看登记人员</Link>
            ) : decision.subjectId && decision.subjectType === 'household' ? (
              <Link to={`/registry/households/${decision.subjectId}`}> 查看登记家庭户</Link>
            ) : decision.subjectId ? (
              ` ${decision.subjectId}`
            ) : (
              '（试算情形，未关联登记对象）'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="规则集版本">
            <span className="qt-mono">{shortVersion(decision.rulesetVersion)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="参数版本">
            <span className="qt-mono">{shortVersion(decision.parameterVersion)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="作出时间">
            {dayjs(decision.decidedAt).format('YYYY-MM-DD HH:mm:ss')}
          </Descriptions.Item>
          <Descriptions.Item label="经办账号">
            <span className="qt-mono">{decision.decidedBy ? shortVersion(decision.decidedBy) : '—'}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title="输入情况（保存时的快照）">
            <Table
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={inputRows}
              columns={[
                { title: '项目', dataIndex: 'label' },
                { title: '内容', dataIndex: 'value', width: 200 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="理由（保存时记录）">
            {decision.reasons.length === 0 ? (
              <Typography.Text type="secondary">无</Typography.Text>
            ) : (
              <ol
                style={{ margin: 0, paddingInlineStart: 22, lineHeight: 1.9 }}
                data-testid="decision-reasons"
              >
                {decision.reasons.map((reason) => (
                  <li key={reason}>
                    {/^[a-z_]+$/.test(reason) ? (
                      <>
                        <Tag className="qt-mono">{reason}</Tag>
                        {reasonSubject(reason) ?? ''}
                      </>
                    ) : (
                      reason
                    )}
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </Col>
      </Row>
      {explanation && showExplanation ? (
        <div style={{ marginTop: 12 }}>
          <ExplanationCard explanation={explanation} title="决定的解释" />
        </div>
      ) : null}
    </Page>
  );
}

function ReplayAlert({
  replay,
  ruleId,
  outcomeText,
}: {
  replay: TReplayResult;
  ruleId: string;
  outcomeText: string | undefined;
}) {
  return (
    <Alert
      data-testid="replay-result"
      style={{ marginBottom: 12 }}
      showIcon
      type={replay.identical ? 'success' : 'error'}
      title={
        replay.identical
          ? `重放结果一致 ✔：结论仍为“${outcomeText ?? formatOutcome(ruleId, replay.replayedOutcome)}”。`
          : `重放结果不一致：保存时为“${formatOutcome(ruleId, replay.storedOutcome)}”，重放为“${formatOutcome(ruleId, replay.replayedOutcome)}”。`
      }
      description={
        <>
          {replay.differences.length ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {replay.differences.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
          {replay.rulesetChanged ? (
            <div>规则集自作出决定以来已有修改；重放仍使用该决定当时读取的参数值。</div>
          ) : (
            <div>规则集未变；重放使用该决定当时读取的参数值。</div>
          )}
        </>
      }
    />
  );
}
