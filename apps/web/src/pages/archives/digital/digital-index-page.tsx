import { SearchOutlined } from '@ant-design/icons';
import { digitalTransferStateLabels, type TDigitalTransfer } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Input, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { CertificateRequestQueue } from './certificate-requests.tsx';
import { digitalApi } from './digital.api.ts';
import { FileViewer } from './file-viewer.tsx';

type ArchiveRow = Awaited<ReturnType<typeof digitalApi.archives>>['archives'][number];

/** 档案数字化: find an archive of this agency (by name) and open its catalogue; the digital packages sent and received. */
export function DigitalIndexPage() {
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const [archives, setArchives] = useState<ArchiveRow[] | null>(null);
  const [packages, setPackages] = useState<TDigitalTransfer[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<TDigitalTransfer | null>(null);
  const [openRequests, setOpenRequests] = useState<number | null>(null);

  const search = useCallback((n: string) => {
    digitalApi
      .archives(n || undefined)
      .then((r) => setArchives(r.archives))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  const loadPackages = useCallback(() => {
    digitalApi
      .digitalTransfers()
      .then((r) => setPackages(r.transfers))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    search('');
    loadPackages();
  }, [search, loadPackages]);

  const receive = async (p: TDigitalTransfer) => {
    try {
      const r = await digitalApi.receiveDigital(p.id);
      if (r.state === 'received') message.success(`校验通过，已接收，回执号 ${r.receiptNumber}`);
      else message.error(`校验未通过：${r.rejectReason ?? ''}`);
      loadPackages();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Page title="档案数字化" subTitle="扫描件、原生电子文件、数字档案在线转递">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Tabs
        items={[
          {
            key: 'archives',
            label: '本机构保管的档案',
            children: (
              <Card size="small">
                <Input.Search
                  placeholder="按姓名查找"
                  allowClear
                  enterButton={<SearchOutlined />}
                  style={{ maxWidth: 320, marginBottom: 12 }}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  onSearch={search}
                />
                <Table
                  size="small"
                  rowKey="id"
                  loading={archives === null}
                  dataSource={archives ?? []}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    {
                      title: '档案编号',
                      dataIndex: 'archiveNumber',
                      render: (v: string) => <span className="qt-mono">{v}</span>,
                    },
                    { title: '姓名', dataIndex: 'personName' },
                    {
                      title: '身份证号',
                      dataIndex: 'idNumberMasked',
                      render: (v: string) => <span className="qt-mono">{v}</span>,
                    },
                    { title: '材料件数', dataIndex: 'items', width: 90 },
                    {
                      title: '',
                      width: 110,
                      render: (_, a) => <Link to={`/archives/digital/${a.id}`}>数字化目录</Link>,
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'packages',
            label: `数字档案包（${packages.filter((p) => p.state === 'sent').length} 待处理）`,
            children: (
              <Card size="small">
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={packages}
                  data-testid="digital-packages"
                  pagination={{ pageSize: 20 }}
                  columns={[
                    { title: '姓名', dataIndex: 'personName' },
                    {
                      title: '档案编号',
                      dataIndex: 'archiveNumber',
                      render: (v: string) => <span className="qt-mono">{v}</span>,
                    },
                    { title: '发出机构', render: (_, p) => p.from.name },
                    { title: '接收机构', render: (_, p) => p.to.name },
                    { title: '材料 / 文件', width: 96, render: (_, p) => `${p.itemCount} / ${p.fileCount}` },
                    {
                      title: '清单摘要（SM3）',
                      width: 130,
                      render: (_, p) => (
                        <Tooltip title={p.manifestDigest}>
                          <span className="qt-mono">{p.manifestDigest.slice(0, 12)}…</span>
                        </Tooltip>
                      ),
                    },
                    {
                      title: '发出时间',
                      width: 150,
                      render: (_, p) => new Date(p.sentAt).toLocaleString('zh-CN'),
                    },
                    {
                      title: '状态',
                      width: 170,
                      render: (_, p) => (
                        <span>
                          <Tag
                            color={p.state === 'received' ? 'green' : p.state === 'rejected' ? 'red' : 'blue'}
                          >
                            {digitalTransferStateLabels[p.state]}
                          </Tag>
                          {p.receiptNumber ? (
                            <Typography.Text className="qt-mono">{p.receiptNumber}</Typography.Text>
                          ) : null}
                          {p.rejectReason ? (
                            <Typography.Text type="danger">{p.rejectReason}</Typography.Text>
                          ) : null}
                        </span>
                      ),
                    },
                    {
                      title: '',
                      width: 120,
                      render: (_, p) =>
                        p.state === 'sent' && packages.length > 0 ? (
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => receive(p)}
                            data-testid={`receive-${p.id}`}
                          >
                            校验并接收
                          </Button>
                        ) : (
                          <Space size={4}>
                            {p.state === 'received' ? (
                              <Button size="small" type="link" onClick={() => setReceipt(p)}>
                                回执
                              </Button>
                            ) : null}
                            <Link to={`/archives/digital/${p.archiveId}`}>目录</Link>
                          </Space>
                        ),
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'certificates',
            label: `存档证明申请${openRequests ? `（${openRequests} 待办）` : ''}`,
            children: <CertificateRequestQueue onCounts={setOpenRequests} />,
          },
        ]}
      />
      <FileViewer
        open={receipt !== null}
        url={
          receipt
            ? `/api/archives/digital-transfers/${encodeURIComponent(receipt.id)}/receipt.pdf?inline=1`
            : null
        }
        title={receipt ? `数字档案接收回执 ${receipt.receiptNumber ?? ''}` : ''}
        onClose={() => setReceipt(null)}
      />
    </Page>
  );
}
