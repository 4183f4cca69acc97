import { CloudUploadOutlined, EyeOutlined, FileAddOutlined, SendOutlined } from '@ant-design/icons';
import {
  archiveMaterialClasses,
  scanAcceptLabel,
  type TArchiveAgency,
  type TCertificate,
  type TDigitalCatalogue,
  type TDigitalItem,
} from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { bytesText, digitalApi } from './digital.api.ts';
import { FileViewer } from './file-viewer.tsx';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

/** One archive's digitisation: catalogue by class, scan upload per item, viewer, born-digital, online transfer, 存档证明. */
export function DigitalArchivePage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const [cat, setCat] = useState<TDigitalCatalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewer, setViewer] = useState<{ url: string; title: string } | null>(null);
  const [agencies, setAgencies] = useState<TArchiveAgency[]>([]);
  const [sendTo, setSendTo] = useState<string | undefined>();
  const [certificates, setCertificates] = useState<TCertificate[]>([]);
  const [bornOpen, setBornOpen] = useState(false);
  const [certOpen, setCertOpen] = useState(false);
  const [bornForm] = Form.useForm<{ class: number; title: string; pages: number; file?: File }>();
  const [certForm] = Form.useForm<{ purpose: string }>();
  const [bornFile, setBornFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    digitalApi
      .catalogue(id)
      .then(setCat)
      .catch((e) => setError(errorMessage(e)));
    digitalApi
      .certificates(id)
      .then((r) => setCertificates(r.certificates))
      .catch(() => setCertificates([]));
  }, [id]);

  useEffect(() => {
    load();
    digitalApi
      .agencies()
      .then((r) => setAgencies(r.agencies.filter((a) => a.inCounty)))
      .catch(() => setAgencies([]));
  }, [load]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!cat) return <Card loading />;

  const upload = async (item: TDigitalItem, file: File) => {
    try {
      await digitalApi.uploadScan(item.id, file);
      message.success(`已上传：${item.title}`);
      load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const send = async () => {
    if (!sendTo) return;
    setBusy(true);
    try {
      const r = await digitalApi.sendDigital(id, sendTo);
      message.success(`数字档案包已发送（${r.itemCount} 份材料、${r.fileCount} 个文件），等待对方接收校验`);
      setSendTo(undefined);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const percent =
    cat.totals.pages === 0 ? 0 : Math.round((cat.totals.digitisedPages / cat.totals.pages) * 100);

  return (
    <Page
      title={`数字化档案 · ${cat.personName}`}
      subTitle={`档案编号 ${cat.archiveNumber}　保管机构 ${cat.custodian.name}`}
      extra={[
        <Link key="list" to="/archives/digital">
          返回档案列表
        </Link>,
      ]}
    >
      {!cat.canManage ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="本档案由其他机构保管，本机构只能查看（在线转递或转档接收中）。"
        />
      ) : null}
      <Row gutter={12}>
        <Col xs={24} lg={9}>
          <Card size="small" title="目录（十类）" data-testid="digital-classes">
            <Progress percent={percent} size="small" format={() => `已数字化 ${percent}%（按页）`} />
            <Table
              size="small"
              rowKey="class"
              pagination={false}
              dataSource={cat.classes}
              columns={[
                { title: '类', dataIndex: 'class', width: 36 },
                { title: '类别', dataIndex: 'label' },
                { title: '件', dataIndex: 'items', width: 40 },
                { title: '页', dataIndex: 'pages', width: 40 },
                {
                  title: '已数字化',
                  width: 84,
                  render: (_, c) =>
                    c.items === 0 ? (
                      '—'
                    ) : (
                      <Tag
                        color={c.digitisedItems === c.items ? 'green' : c.digitisedItems ? 'gold' : 'default'}
                      >
                        {c.digitisedItems}/{c.items} 件
                      </Tag>
                    ),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    合计
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>{cat.totals.items}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{cat.totals.pages}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4}>
                    {cat.totals.digitisedItems}/{cat.totals.items} 件
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
          {cat.canManage ? (
            <Card size="small" title="在线转递数字档案" style={{ marginTop: 12 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                发送已数字化材料的清单和每个文件的 SM3 摘要；接收机构逐一校验后出具回执。
              </Typography.Paragraph>
              <Space.Compact style={{ width: '100%' }}>
                <Select
                  style={{ width: '100%' }}
                  placeholder="选择接收机构"
                  value={sendTo}
                  onChange={setSendTo}
                  options={agencies
                    .filter((a) => a.id !== cat.custodian.id)
                    .map((a) => ({ value: a.id, label: a.name }))}
                  data-testid="digital-send-to"
                />
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={!sendTo || cat.totals.digitisedItems === 0}
                  loading={busy}
                  onClick={send}
                >
                  发送
                </Button>
              </Space.Compact>
            </Card>
          ) : null}
          <Card
            size="small"
            title="存档证明"
            style={{ marginTop: 12 }}
            extra={
              cat.canManage ? (
                <Button size="small" onClick={() => setCertOpen(true)}>
                  出具存档证明
                </Button>
              ) : null
            }
          >
            {certificates.length === 0 ? (
              <Typography.Text type="secondary">尚未出具</Typography.Text>
            ) : (
              certificates.map((c) => (
                <div
                  key={c.id}
                  style={{ display: 'flex', justifyContent: 'space-between', padding: '4px 0' }}
                >
                  <span>
                    <span className="qt-mono">{c.certificateNumber}</span>　{c.purpose}　{c.issuedOn}
                  </span>
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() =>
                      setViewer({
                        url: digitalApi.certificatePdfUrl(c.id),
                        title: `存档证明 ${c.certificateNumber}`,
                      })
                    }
                  >
                    预览
                  </Button>
                </div>
              ))
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            size="small"
            title="材料"
            extra={
              cat.canManage ? (
                <Button size="small" icon={<FileAddOutlined />} onClick={() => setBornOpen(true)}>
                  接收原生电子文件
                </Button>
              ) : null
            }
          >
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={cat.items}
              data-testid="digital-items"
              columns={[
                { title: '类', dataIndex: 'class', width: 36 },
                {
                  title: '材料题名',
                  render: (_, i) => (
                    <Space size={4} wrap>
                      {i.title}
                      {i.bornDigital ? <Tag color="blue">原生电子</Tag> : null}
                    </Space>
                  ),
                },
                { title: '页', dataIndex: 'pages', width: 40 },
                {
                  title: '日期',
                  dataIndex: 'materialDate',
                  width: 96,
                  render: (d: string | null) => d ?? '—',
                },
                {
                  title: '数字化文件',
                  render: (_, i) =>
                    i.files.length === 0 ? (
                      <Tag>未数字化</Tag>
                    ) : (
                      <Space direction="vertical" size={0}>
                        {i.files.map((f) => (
                          <Button
                            key={f.id}
                            type="link"
                            size="small"
                            style={{ padding: 0 }}
                            icon={<EyeOutlined />}
                            onClick={() =>
                              setViewer({
                                url: digitalApi.fileUrl(f.id),
                                title: `${i.title} · ${f.fileName}`,
                              })
                            }
                          >
                            {f.fileName}（{bytesText(f.size)}）
                          </Button>
                        ))}
                      </Space>
                    ),
                },
                ...(cat.canManage
                  ? [
                      {
                        title: '扫描件',
                        width: 92,
                        render: (_: unknown, i: TDigitalItem) => (
                          <Upload
                            accept={ACCEPT}
                            showUploadList={false}
                            beforeUpload={(file) => {
                              void upload(i, file);
                              return false;
                            }}
                          >
                            <Button
                              size="small"
                              icon={<CloudUploadOutlined />}
                              data-testid={`upload-${i.id}`}
                            >
                              上传
                            </Button>
                          </Upload>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              接受 {scanAcceptLabel}，按文件内容识别类型；同一内容只保存一份（以 SM3
              摘要命名）。每次查看都会留痕。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>

      <FileViewer
        open={viewer !== null}
        url={viewer?.url ?? null}
        title={viewer?.title ?? ''}
        onClose={() => setViewer(null)}
      />

      <Modal
        open={bornOpen}
        title="接收原生电子文件"
        okText="上传"
        onCancel={() => setBornOpen(false)}
        onOk={async () => {
          const v = await bornForm.validateFields();
          if (!bornFile) {
            message.error('请选择文件');
            return;
          }
          try {
            await digitalApi.addBornDigital(id, { class: v.class, title: v.title, pages: v.pages }, bornFile);
            message.success('已接收原生电子文件');
            setBornOpen(false);
            setBornFile(null);
            bornForm.resetFields();
            load();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form form={bornForm} layout="vertical" initialValues={{ pages: 1 }}>
          <Form.Item name="class" label="材料类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select
              options={Object.entries(archiveMaterialClasses).map(([k, label]) => ({
                value: Number(k),
                label: `${k}. ${label}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label="材料题名" rules={[{ required: true, message: '请填写题名' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="pages" label="页数" rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item label="文件">
            <Upload
              accept={ACCEPT}
              maxCount={1}
              beforeUpload={(file) => {
                setBornFile(file);
                return false;
              }}
              onRemove={() => setBornFile(null)}
            >
              <Button icon={<CloudUploadOutlined />}>选择文件</Button>
            </Upload>
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={certOpen}
        title="出具存档证明（免费）"
        okText="出具"
        onCancel={() => setCertOpen(false)}
        onOk={async () => {
          const v = await certForm.validateFields();
          try {
            const c = await digitalApi.issueCertificate(id, v.purpose);
            message.success(`已出具 ${c.certificateNumber}`);
            setCertOpen(false);
            certForm.resetFields();
            load();
            setViewer({ url: digitalApi.certificatePdfUrl(c.id), title: `存档证明 ${c.certificateNumber}` });
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="档案">{`${cat.personName}（${cat.archiveNumber}）`}</Descriptions.Item>
          <Descriptions.Item label="保管机构">{cat.custodian.name}</Descriptions.Item>
        </Descriptions>
        <Form form={certForm} layout="vertical">
          <Form.Item
            name="purpose"
            label="证明用途"
            rules={[{ required: true, min: 2, message: '请填写用途' }]}
          >
            <Input placeholder="如：办理职称申报、落户、报考" maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
