import { transferStateLabels } from '@qiaoti/contracts';
import { Alert, Button, Card, Input, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { type ArchiveListItem, archivesApi } from './archives.api.ts';

/** 本机构档案: the archives this agency holds now, by name. */
export function HeldArchivesPage() {
  const [name, setName] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ archives: ArchiveListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback((n: string, p: number) => {
    setData(null);
    archivesApi
      .list({ ...(n ? { name: n } : {}), offset: (p - 1) * 20, limit: 20 })
      .then(setData)
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => load(name, page), [load, name, page]);
  return (
    <Page
      title="本机构档案"
      extra={
        <Link to="/archives/intake">
          <Button type="primary">接收档案</Button>
        </Link>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Input.Search
          placeholder="按姓名查找"
          allowClear
          style={{ maxWidth: 320, marginBottom: 12 }}
          onSearch={(v) => {
            setPage(1);
            setName(v.trim());
          }}
        />
        <Table<ArchiveListItem>
          size="small"
          rowKey="id"
          loading={data === null}
          dataSource={data?.archives ?? []}
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            {
              title: '档案编号',
              dataIndex: 'archiveNumber',
              render: (v: string, r) => (
                <Link to={`/archives/${r.id}`} className="qt-mono">
                  {v}
                </Link>
              ),
            },
            { title: '姓名', dataIndex: 'personName' },
            {
              title: '身份证号',
              dataIndex: 'idNumberMasked',
              render: (v: string) => <span className="qt-mono">{v}</span>,
            },
            { title: '材料件数', dataIndex: 'items' },
            {
              title: '转递',
              dataIndex: 'openTransfer',
              render: (v: ArchiveListItem['openTransfer']) =>
                v ? <Tag color="orange">{transferStateLabels[v]}</Tag> : '—',
            },
          ]}
        />
      </Card>
    </Page>
  );
}
