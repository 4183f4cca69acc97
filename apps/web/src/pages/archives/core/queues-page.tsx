import {
  queueLabels,
  type TArchiveAgency,
  type TQueueName,
  type TTransfer,
  transferDirectionLabels,
  transferKindLabels,
} from '@qiaoti/contracts';
import { Alert, App, Badge, Button, Card, Empty, Table, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { archivesApi } from './archives.api.ts';
import { TransferActions, TransferStateTag } from './transfer-actions.tsx';

const queues: TQueueName[] = ['to_approve', 'to_send', 'to_receive', 'overdue', 'returned'];

/** 档案转递工作台: the agency's queues — 待开具调档函, 待转出, 待接收, 已超期, 退回补充 — with the step buttons. */
export function ArchiveQueuesPage() {
  const { message } = App.useApp();
  const [active, setActive] = useState<TQueueName>('to_receive');
  const [agency, setAgency] = useState<TArchiveAgency | null>(null);
  const [counts, setCounts] = useState<Record<TQueueName, number> | null>(null);
  const [rows, setRows] = useState<TTransfer[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((q: TQueueName) => {
    archivesApi
      .queueSummary()
      .then((s) => {
        setAgency(s.agency);
        setCounts(s.counts);
      })
      .catch((e) => setError(errorMessage(e)));
    setRows(null);
    archivesApi
      .queue(q)
      .then((r) => setRows(r.transfers))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => load(active), [active, load]);

  const sweep = async () => {
    try {
      const r = await archivesApi.sweep();
      message.info(`逾期未转出 ${r.overdue} 件，本次新提醒 ${r.newlyAlerted} 件`);
      load(active);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Page
      title="档案转递工作台"
      subTitle={
        agency ? `${agency.name} · 转出期限按参数 archives.transfer.send_days（默认 15 日）` : undefined
      }
      extra={
        <>
          <Link to="/archives/held">
            <Button>本机构档案</Button>
          </Link>
          <Link to="/archives/intake">
            <Button type="primary">接收档案</Button>
          </Link>
          <Button onClick={sweep}>超期提醒</Button>
        </>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(k) => setActive(k as TQueueName)}
          items={queues.map((q) => ({
            key: q,
            label: (
              <span data-testid={`queue-${q}`}>
                {queueLabels[q]}{' '}
                <Badge
                  count={counts?.[q] ?? 0}
                  showZero
                  color={q === 'overdue' && (counts?.[q] ?? 0) > 0 ? 'red' : '#8c8c8c'}
                />
              </span>
            ),
          }))}
        />
        <Table<TTransfer>
          size="small"
          rowKey="id"
          loading={rows === null}
          dataSource={rows ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办" /> }}
          columns={[
            {
              title: '档案编号',
              dataIndex: 'archiveNumber',
              render: (v: string, t) => (
                <Link to={`/archives/transfers/${t.id}`} className="qt-mono">
                  {v}
                </Link>
              ),
            },
            { title: '姓名', dataIndex: 'personName' },
            {
              title: '方式',
              render: (_, t) => `${transferKindLabels[t.kind]} · ${transferDirectionLabels[t.direction]}`,
            },
            { title: '转出机构', render: (_, t) => t.from.name },
            { title: '接收机构', render: (_, t) => t.to.name },
            { title: '状态', render: (_, t) => <TransferStateTag t={t} /> },
            {
              title: '转出期限',
              dataIndex: 'dueDate',
              render: (v: string | null, t) =>
                v ? <Typography.Text type={t.overdue ? 'danger' : undefined}>{v}</Typography.Text> : '—',
            },
            {
              title: '操作',
              render: (_, t) =>
                agency ? <TransferActions t={t} agencyId={agency.id} onDone={() => load(active)} /> : null,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
