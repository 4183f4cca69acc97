import { CalculatorOutlined, LinkOutlined } from '@ant-design/icons';
import type { TParameterSummary, TPolicyLibrary, TRuleSummary } from '@qiaoti/contracts';
import {
  Alert,
  Card,
  Collapse,
  Empty,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Page } from '../../app/layout.tsx';
import {
  type ClauseRef,
  clauseIndex,
  domainLabels,
  domainOf,
  entityLabels,
  levelLabels,
  levelOrder,
  shortVersion,
  upcomingChange,
  usePolicyLibrary,
} from './policy.api.ts';

/** A clause id as a tag; hovering shows the clause's document, label and text. */
export function ClauseTag({ id, clauses }: { id: string; clauses: Map<string, ClauseRef> }) {
  const c = clauses.get(id);
  return (
    <Tooltip
      title={
        c ? (
          <div>
            <div style={{ fontWeight: 600 }}>{c.citation}</div>
            <div>{c.text}</div>
          </div>
        ) : (
          '条款未登记'
        )
      }
    >
      <Tag className="qt-mono" style={{ cursor: 'help', marginBottom: 4 }}>
        {id}
      </Tag>
    </Tooltip>
  );
}

/** 政策库: the documents and their clauses, the dated parameters (待确认 marked), the rules and what they cite. */
export function PolicyLibraryPage() {
  const { library, error } = usePolicyLibrary();
  const clauses = useMemo(() => (library ? clauseIndex(library) : new Map<string, ClauseRef>()), [library]);

  if (error)
    return (
      <Page title="政策库">
        <Alert type="error" showIcon title={error} />
      </Page>
    );
  if (!library)
    return (
      <Page title="政策库">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  return (
    <Page
      title="政策库"
      subTitle="系统作出的每项结论所依据的政策文件、条款、参数和规则。"
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="versions">
          规则集版本 <span className="qt-mono">{shortVersion(library.rulesetVersion)}</span> · 参数版本{' '}
          <span className="qt-mono">{shortVersion(library.parameterVersion)}</span>
        </Typography.Text>
      }
    >
      <Card size="small">
        <Tabs
          defaultActiveKey="parameters"
          items={[
            {
              key: 'documents',
              label: `文件与条款（${library.documents.length}）`,
              children: <DocumentsTab library={library} />,
            },
            {
              key: 'parameters',
              label: `参数（${library.parameters.length}）`,
              children: <ParametersTab library={library} clauses={clauses} />,
            },
            {
              key: 'rules',
              label: `规则（${library.rules.length}）`,
              children: <RulesTab library={library} clauses={clauses} />,
            },
          ]}
        />
      </Card>
    </Page>
  );
}

function DocumentsTab({ library }: { library: TPolicyLibrary }) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {levelOrder.map((level) => {
        const docs = library.documents.filter((d) => d.level === level);
        if (docs.length === 0) return null;
        return (
          <div key={level}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {levelLabels[level]}级文件（{docs.length}）
            </Typography.Title>
            <Collapse
              size="small"
              defaultActiveKey={level === 'county' ? docs.map((d) => d.id) : []}
              items={docs.map((d) => ({
                key: d.id,
                label: (
                  <Space size={8} wrap>
                    <Typography.Text strong>{d.title}</Typography.Text>
                    {d.docNo ? <Tag>{d.docNo}</Tag> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.issuer}
                      {d.issuedOn ? ` · ${d.issuedOn}` : ''} · {d.clauses.length} 条
                    </Typography.Text>
                  </Space>
                ),
                extra: d.url ? (
                  <a href={d.url} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
                    <LinkOutlined /> 原文
                  </a>
                ) : null,
                children: (
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    showHeader={false}
                    dataSource={d.clauses}
                    columns={[
                      {
                        key: 'id',
                        width: 210,
                        render: (_: unknown, c) => (
                          <Space orientation="vertical" size={0}>
                            <Typography.Text strong>{c.label}</Typography.Text>
                            <Typography.Text type="secondary" className="qt-mono" style={{ fontSize: 12 }}>
                              {c.id}
                            </Typography.Text>
                          </Space>
                        ),
                      },
                      { key: 'text', dataIndex: 'text' },
                    ]}
                  />
                ),
              }))}
            />
          </div>
        );
      })}
    </Space>
  );
}

function ParametersTab({ library, clauses }: { library: TPolicyLibrary; clauses: Map<string, ClauseRef> }) {
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Table<TParameterSummary>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={library.parameters}
      data-testid="parameters"
      expandable={{
        expandedRowRender: (p) => (
          <Timeline
            style={{ marginTop: 8 }}
            items={[...p.history].reverse().map((h) => ({
              key: h.since,
              color: h.since > today ? 'blue' : h.since === p.current?.since ? 'green' : 'gray',
              content: (
                <div>
                  <Space size={8} wrap>
                    <Typography.Text strong>{h.since} 起</Typography.Text>
                    <span>{h.value === null ? '（终止）' : h.display}</span>
                    {h.pending ? <Tag color="orange">待确认</Tag> : null}
                    {h.since === p.current?.since ? <Tag color="green">现行</Tag> : null}
                    {h.source === 'scheduled' ? <Tag color="blue">系统内排定</Tag> : <Tag>规则库</Tag>}
                  </Space>
                  <div style={{ marginTop: 4 }}>
                    {h.cites.map((id) => (
                      <div key={id} style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                        依据：{clauses.get(id)?.citation ?? id}
                      </div>
                    ))}
                  </div>
                </div>
              ),
            }))}
          />
        ),
      }}
      columns={[
        {
          title: '参数',
          key: 'label',
          render: (_: unknown, p) => (
            <Space orientation="vertical" size={0}>
              <span>{p.label}</span>
              <Typography.Text type="secondary" className="qt-mono" style={{ fontSize: 12 }}>
                {p.id}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: '现行值',
          key: 'current',
          width: 130,
          render: (_: unknown, p) => <Typography.Text strong>{p.current?.display ?? '—'}</Typography.Text>,
        },
        {
          title: '生效日期',
          key: 'since',
          width: 110,
          render: (_: unknown, p) => p.current?.since ?? '—',
        },
        {
          title: '状态',
          key: 'status',
          width: 190,
          render: (_: unknown, p) => {
            const next = upcomingChange(p, today);
            return (
              <Space size={4} wrap>
                {p.current?.pending ? <Tag color="orange">待确认</Tag> : <Tag color="green">已确认</Tag>}
                {next ? (
                  <Tooltip title={`${next.since} 起调整为 ${next.display}`}>
                    <Tag color="blue">已排定调整</Tag>
                  </Tooltip>
                ) : null}
              </Space>
            );
          },
        },
        {
          title: '依据',
          key: 'cites',
          width: 230,
          render: (_: unknown, p) =>
            (p.current?.cites ?? []).map((id) => <ClauseTag key={id} id={id} clauses={clauses} />),
        },
      ]}
    />
  );
}

function RulesTab({ library, clauses }: { library: TPolicyLibrary; clauses: Map<string, ClauseRef> }) {
  if (library.rules.length === 0) return <Empty description="暂无规则" />;
  const order = Object.keys(domainLabels);
  const rank = (id: string) => (order.indexOf(domainOf(id)) + order.length + 1) % (order.length + 1);
  const rules = [...library.rules].sort((a, b) => rank(a.id) - rank(b.id));
  return (
    <Table<TRuleSummary>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rules}
      columns={[
        {
          title: '规则',
          key: 'label',
          width: 310,
          render: (_: unknown, r) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{r.label}</Typography.Text>
              <Typography.Text type="secondary" className="qt-mono" style={{ fontSize: 12 }}>
                {r.id}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {domainLabels[domainOf(r.id)] ?? domainOf(r.id)} · 适用对象：{entityLabels[r.entity]} · 自{' '}
                {r.formulaDates.join('、')} 起
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: '实施条款',
          key: 'cites',
          width: 190,
          render: (_: unknown, r) => r.cites.map((id) => <ClauseTag key={id} id={id} clauses={clauses} />),
        },
        {
          title: '例外情形',
          key: 'exceptions',
          width: 200,
          render: (_: unknown, r) =>
            r.exceptions.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              r.exceptions.map((x) => (
                <div key={x.label}>
                  {x.label}{' '}
                  {x.cites.map((id) => (
                    <ClauseTag key={id} id={id} clauses={clauses} />
                  ))}
                </div>
              ))
            ),
        },
        {
          title: '理由代码',
          key: 'reasons',
          render: (_: unknown, r) =>
            r.reasons.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              r.reasons.map((x) => (
                <div key={x.code} style={{ fontSize: 12 }}>
                  <span className="qt-mono">{x.code}</span>：{x.subject}
                </div>
              ))
            ),
        },
        {
          title: '操作',
          key: 'actions',
          width: 80,
          render: (_: unknown, r) => (
            <Link to={`/policy/trial?rule=${encodeURIComponent(r.id)}`}>
              <CalculatorOutlined /> 试算
            </Link>
          ),
        },
      ]}
    />
  );
}
