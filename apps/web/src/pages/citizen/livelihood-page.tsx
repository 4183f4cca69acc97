import type { TCertificate, TCertificateRequest, TLivelihoodResult } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, newIdempotencyKey } from '../../app/api.ts';
import { FileViewer } from '../archives/digital/file-viewer.tsx';
import { livelihoodApi } from '../archives/livelihood/livelihood.api.ts';

const requestStateColor = { requested: 'blue', issued: 'green', rejected: 'red' } as const;

/**
 * 申请存档证明: purpose, copies, delivered as a download here. One key per form fill, so a resubmit after a network
 * error is the same request on the server.
 */
function CertificateRequestCard({
  onView,
  refreshCertificates,
}: {
  onView: (c: TCertificate) => void;
  refreshCertificates: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ purpose: string; copies: number }>();
  const [requests, setRequests] = useState<TCertificateRequest[] | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    livelihoodApi
      .myCertificateRequests()
      .then((r) => setRequests(r.requests))
      .catch(() => setRequests([]));
  }, []);
  useEffect(load, [load]);
  const open = requests?.some((r) => r.state === 'requested') ?? false;

  const submit = async (v: { purpose: string; copies: number }) => {
    setBusy(true);
    try {
      await livelihoodApi.requestCertificate(
        { purpose: v.purpose, copies: v.copies, delivery: 'download' },
        key,
      );
      message.success('已提交，档案保管机构办理后会通知您');
      form.resetFields();
      setKey(newIdempotencyKey());
      load();
      refreshCertificates();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title="申请存档证明" style={{ marginTop: 12 }} data-testid="certificate-request">
      {open ? (
        <Alert
          type="info"
          showIcon
          title="您的申请正在办理中，办理后会通知您。"
          style={{ marginBottom: 8 }}
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ copies: 1, delivery: 'download' }}
          requiredMark={false}
        >
          <Form.Item
            name="purpose"
            label="证明用途"
            rules={[{ required: true, min: 2, message: '请填写证明用途' }]}
          >
            <Input maxLength={100} placeholder="如：办理职称申报" data-testid="certificate-purpose" />
          </Form.Item>
          <div style={{ display: 'flex', gap: 12 }}>
            <Form.Item name="copies" label="份数" style={{ flex: '0 0 96px' }}>
              <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="delivery" label="领取方式" style={{ flex: 1 }}>
              <Radio.Group options={[{ value: 'download', label: '在线下载（PDF）' }]} />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="certificate-submit">
            提交申请（免费）
          </Button>
        </Form>
      )}
      {requests && requests.length > 0 ? (
        <List
          style={{ marginTop: 8 }}
          dataSource={requests}
          renderItem={(r) => (
            <List.Item
              actions={
                r.certificate
                  ? [
                      <Button
                        key="v"
                        size="small"
                        onClick={() => r.certificate && onView(r.certificate)}
                        data-testid={`certificate-view-${r.id}`}
                      >
                        下载
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    <Tag color={requestStateColor[r.state]}>{r.stateLabel}</Tag>
                    {r.purpose}
                  </span>
                }
                description={
                  r.state === 'rejected'
                    ? `${r.agency}：${r.rejectReason ?? ''}`
                    : `${r.agency} · ${r.copies} 份 · ${new Date(r.requestedAt).toLocaleDateString('zh-CN')}`
                }
              />
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}

/**
 * 我的民生档案 (citizen portal, phone width): every department's records about me in one place — which department
 * holds which record — and the 存档证明 issued for my personnel archive.
 */
export function MyLivelihoodPage() {
  const [result, setResult] = useState<TLivelihoodResult | null>(null);
  const [certificates, setCertificates] = useState<TCertificate[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [viewer, setViewer] = useState<TCertificate | null>(null);

  const loadCertificates = useCallback(() => {
    api
      .get<{ certificates: TCertificate[] }>('/api/me/archive/certificates')
      .then((r) => setCertificates(r.certificates))
      .catch(() => setCertificates([]));
  }, []);
  useEffect(() => {
    livelihoodApi
      .mine()
      .then(setResult)
      .catch((e) => setError(errorMessage(e)));
    loadCertificates();
  }, [loadCertificates]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!result)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );

  return (
    <div className="qt-portal" data-testid="my-livelihood">
      <Typography.Title level={4} style={{ margin: '4px 0 12px' }}>
        我的民生档案
      </Typography.Title>
      <Card size="small" title={`各部门保存的记录（${result.records.length}）`}>
        {result.records.length === 0 ? (
          <Empty description="暂无记录" />
        ) : (
          <List
            dataSource={result.records}
            renderItem={(r) => (
              <List.Item style={{ display: 'block' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <Tag color="blue">{r.kindLabel}</Tag>
                  <Typography.Text type="secondary">{r.recordDate}</Typography.Text>
                </div>
                <div style={{ marginTop: 4 }}>{r.summary}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.holdingDepartment.name} · <span className="qt-mono">{r.referenceNumber}</span>
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          这里列出记录保存在哪个部门；需要原件或复印件请持身份证到该部门办理。
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="存档证明" style={{ marginTop: 12 }}>
        {certificates.length === 0 ? (
          <Typography.Text type="secondary">暂无。需要时可在下方在线申请，免费出具。</Typography.Text>
        ) : (
          <List
            dataSource={certificates}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <Button key="v" size="small" onClick={() => setViewer(c)}>
                    查看
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={c.purpose}
                  description={`${c.agency} · ${c.issuedOn} · ${c.certificateNumber}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <CertificateRequestCard onView={setViewer} refreshCertificates={loadCertificates} />
      <FileViewer
        open={viewer !== null}
        url={viewer ? `/api/archives/certificates/${encodeURIComponent(viewer.id)}/pdf?inline=1` : null}
        title={viewer ? `存档证明 ${viewer.certificateNumber}` : ''}
        onClose={() => setViewer(null)}
      />
    </div>
  );
}
