import type { TAssistanceCaseSummary } from '@qiaoti/contracts';
import { Alert, Segmented, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { assistanceApi, categoryColors } from './assistance.api.ts';

/** 援助个案: open (default), closed or all; overdue plan steps flagged, and a filter for them. */
export function AssistanceCasesPage() {
  const [params] = useSearchParams();
  const initial = params.get('status');
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>(
    initial === 'closed' || initial === 'all' ? initial : 'open',
  );
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [cases, setCases] = useState<TAssistanceCaseSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setCases((await assistanceApi.cases({ status, overdueOnly })).cases);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [status, overdueOnly]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page
      title="援助个案"
      subTitle="就业困难人员的个性化帮扶计划、跟进记录和结案"
      extra={
        <>
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: 'open', label: '帮扶中' },
              { value: 'closed', label: '已结案' },
              { value: 'all', label: '全部' },
            ]}
          />
          <Space>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label="只看有逾期措施" />
            <span>只看有逾期措施</span>
          </Space>
        </>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Table<TAssistanceCaseSummary>
        rowKey="id"
        loading={loading}
        dataSource={cases}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无个案。可在“就业困难人员认定”中为已认定人员开立个案。' }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'personName',
            render: (name: string, c) => <Link to={`/employment/assistance/cases/${c.id}`}>{name}</Link>,
          },
          { title: '身份证号', dataIndex: 'idNumberMasked' },
          { title: '村（社区）', dataIndex: 'villageName', ellipsis: true },
          {
            title: '认定类别',
            dataIndex: 'categoryLabel',
            render: (label: string, c) => <Tag color={categoryColors[c.category] ?? 'blue'}>{label}</Tag>,
          },
          { title: '开立日期', dataIndex: 'openedOn', width: 110 },
          {
            title: '帮扶措施',
            width: 150,
            render: (_, c) => (
              <Space size={4}>
                <span>{c.steps} 项</span>
                {c.overdueSteps > 0 ? <Tag color="error">逾期 {c.overdueSteps}</Tag> : null}
              </Space>
            ),
          },
          {
            title: '状态',
            width: 120,
            render: (_, c) =>
              c.status === 'open' ? <Tag color="processing">帮扶中</Tag> : <Tag>已结案 {c.closedOn}</Tag>,
          },
        ]}
      />
    </Page>
  );
}
