import { type TArchiveAgency, type TArchiveDetail, transferKindLabels } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Skeleton,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { archivesApi } from './archives.api.ts';
import { TransferStateTag } from './transfer-actions.tsx';

const reasonLabels = { intake: '接收', transfer: '转递', record: '登记（存于县外）' } as const;
const volumeLabels = { original: '正本', copy: '副本' } as const;
const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN');

/** 档案: who holds it (custody timeline), volumes and item counts, catalogue by class, pledges and transfers. */
export function ArchivePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [a, setA] = useState<TArchiveDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outOpen, setOutOpen] = useState(false);
  const [externals, setExternals] = useState<TArchiveAgency[]>([]);
  const [form] = Form.useForm<{ counterpartAgencyId: string; letterNumber: string; reason: string }>();
  const submission = useSubmissionKey();
  const load = useCallback(() => {
    archivesApi
      .archive(id)
      .then(setA)
      .catch((e) => setError(errorMessage(e)));
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    archivesApi
      .agencies()
      .then((r) => setExternals(r.agencies.filter((x) => !x.inCounty)))
      .catch(() => setExternals([]));
  }, []);

  const outbound = async () => {
    const v = await form.validateFields();
    try {
      const t = await archivesApi.start(
        { kind: 'cross_region', direction: 'outbound', archiveId: id, ...v },
        submission.current(),
      );
      submission.reset();
      message.success('已登记跨省转出');
      navigate(`/archives/transfers/${t.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!a)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  const open = a.transfers.find((t) => ['requested', 'approved', 'sent', 'returned'].includes(t.state));
  const totalItems = a.catalogue.reduce((s, c) => s + c.items, 0);
  const totalPages = a.catalogue.reduce((s, c) => s + c.pages, 0);
  return (
    <Page
      title={`人事档案 · ${a.person.name}`}
      subTitle={<span className="qt-mono">{a.archiveNumber}</span>}
      extra={
        <>
          <Link to={`/archives/digital/${a.id}`}>
            <Button>数字化目录</Button>
          </Link>
          <Button disabled={Boolean(open)} onClick={() => setOutOpen(true)}>
            跨省转出
          </Button>
        </>
      }
    >
      <Row gutter={12}>
        <Col xs={24} lg={10}>
          <Card size="small" title="基本情况" style={{ marginBottom: 12 }}>
            <Descriptions column={1} size="small" styles={{ label: { width: 96 } }}>
              <Descriptions.Item label="姓名">{a.person.name}</Descriptions.Item>
              <Descriptions.Item label="身份证号">
                <span className="qt-mono">{a.person.idNumberMasked}</span>
              </Descriptions.Item>
              <Descriptions.Item label="现存档机构">
                <strong data-testid="custodian">{a.custodian.name}</strong>
              </Descriptions.Item>
              <Descriptions.Item label="卷册">
                {a.volumes
                  .map((v) => `${volumeLabels[v.kind]}第${v.volumeNumber}卷（${v.items} 件）`)
                  .join('，') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="材料">
                {totalItems} 件，{totalPages} 页
              </Descriptions.Item>
              {open ? (
                <Descriptions.Item label="正在转递">
                  <Link to={`/archives/transfers/${open.id}`}>
                    {transferKindLabels[open.kind]} → {open.to.name}
                  </Link>{' '}
                  <TransferStateTag t={open} />
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {a.pledges
              .filter((p) => p.status === 'open')
              .map((p) => (
                <Alert
                  key={p.id}
                  type="warning"
                  showIcon
                  style={{ marginTop: 8 }}
                  title={`告知承诺：${p.missing.join('、')}，约定 ${p.dueDate} 前补齐`}
                />
              ))}
          </Card>
          <Card size="small" title="存档台账（保管变更）">
            <Timeline
              data-testid="ledger"
              items={a.ledger.map((c) => ({
                color: c.seq === a.ledger.length ? 'green' : 'gray',
                content: (
                  <>
                    <div>
                      {c.from ? `${c.from} → ` : ''}
                      <strong>{c.to}</strong> <Tag>{reasonLabels[c.reason]}</Tag>
                    </div>
                    <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
                      {day(c.at)}
                      {c.note ? ` · ${c.note}` : ''}
                    </div>
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title="目录（按类别）" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              rowKey="class"
              pagination={false}
              dataSource={a.catalogue}
              columns={[
                { title: '类', dataIndex: 'class', width: 48 },
                { title: '类别', dataIndex: 'label' },
                { title: '件数', dataIndex: 'items', width: 64 },
                { title: '页数', dataIndex: 'pages', width: 64 },
              ]}
            />
          </Card>
          <Card size="small" title="材料明细" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={a.materials}
              columns={[
                { title: '类', dataIndex: 'class', width: 48 },
                { title: '题名', dataIndex: 'title' },
                { title: '页', dataIndex: 'pages', width: 48 },
                {
                  title: '日期',
                  dataIndex: 'materialDate',
                  width: 110,
                  render: (v: string | null) => v ?? '—',
                },
                {
                  title: '卷',
                  dataIndex: 'volume',
                  width: 60,
                  render: (v: 'original' | 'copy' | null, m) => (
                    <>
                      {v ? volumeLabels[v] : '—'}
                      {m.bornDigital ? <Tag style={{ marginLeft: 4 }}>原生电子</Tag> : null}
                    </>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title="转递记录">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={a.transfers}
              columns={[
                {
                  title: '方式',
                  render: (_, t) => (
                    <Link to={`/archives/transfers/${t.id}`}>{transferKindLabels[t.kind]}</Link>
                  ),
                },
                { title: '转出', render: (_, t) => t.from.name },
                { title: '接收', render: (_, t) => t.to.name },
                { title: '状态', render: (_, t) => <TransferStateTag t={t} /> },
                { title: '申请日期', render: (_, t) => day(t.requestedAt) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        title="跨省通办：转出本县"
        open={outOpen}
        okText="登记"
        onOk={outbound}
        onCancel={() => setOutOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ reason: '跨省通办：转出本县' }}>
          <Form.Item
            name="counterpartAgencyId"
            label="接收机构（县外）"
            rules={[{ required: true, message: '请选择接收机构' }]}
          >
            <Select
              options={externals.map((x) => ({ value: x.id, label: `${x.name}（${x.regionName ?? ''}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="letterNumber"
            label="对方调档函编号"
            rules={[{ required: true, message: '请填写对方调档函编号' }]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="reason" label="原因">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
