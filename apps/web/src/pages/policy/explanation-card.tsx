import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import type { TExplanation } from '@qiaoti/contracts';
import { Card, Divider, Space, Tag, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

const listStyle: CSSProperties = { margin: 0, paddingInlineStart: 22, lineHeight: 1.9 };

/** The outcome of a rule, big, green or red when it is a yes/no answer. */
function Outcome({ explanation }: { explanation: TExplanation }) {
  const { outcome } = explanation;
  const color = outcome === true ? '#389e0d' : outcome === false ? '#cf1322' : '#1f4e8c';
  const icon =
    outcome === true ? (
      <CheckCircleFilled />
    ) : outcome === false ? (
      <CloseCircleFilled />
    ) : (
      <InfoCircleFilled />
    );
  return (
    <div data-testid="outcome" style={{ color, fontSize: 22, fontWeight: 600, lineHeight: 1.5 }}>
      <Space size={8} align="start">
        {icon}
        <span>{explanation.outcomeText}</span>
      </Space>
    </div>
  );
}

/**
 * 计算结果 / 决定解释: the outcome, the plain-Chinese reasons in order, the parameters read (待确认 where the
 * amount is not yet confirmed) and the clauses cited, each with its full citation.
 */
export function ExplanationCard({
  explanation,
  title = '计算结果',
  extra,
  children,
}: {
  explanation: TExplanation;
  title?: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra} data-testid="explanation">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {explanation.ruleLabel}（<span className="qt-mono">{explanation.ruleId}</span>）· 计算日期{' '}
        {explanation.asOf}
      </Typography.Text>
      <Outcome explanation={explanation} />
      {explanation.parameters.some((p) => p.pending) ? (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          所用参数中有尚待确认的数值，结论仅供参考。
        </Typography.Text>
      ) : null}

      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        理由
      </Divider>
      <ol style={listStyle} data-testid="sentences">
        {explanation.sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>

      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        所用参数
      </Divider>
      {explanation.parameters.length === 0 ? (
        <Typography.Text type="secondary">本项结论未使用可调整的参数。</Typography.Text>
      ) : (
        <ul style={listStyle}>
          {explanation.parameters.map((p) => (
            <li key={p.id}>
              {p.text.replace('〔待确认〕', '')} {p.pending ? <Tag color="orange">待确认</Tag> : null}
            </li>
          ))}
        </ul>
      )}

      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        政策依据
      </Divider>
      <ul style={listStyle} data-testid="cites">
        {explanation.cites.map((c) => (
          <li key={c.id}>
            <Tag className="qt-mono">{c.id}</Tag>
            {c.citation}
          </li>
        ))}
      </ul>
      {children}
    </Card>
  );
}
