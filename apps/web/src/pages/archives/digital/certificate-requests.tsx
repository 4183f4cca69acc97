import {
  certificateRequestStateLabels,
  type TCertificateRequest,
  type TCertificateRequestState,
} from '@qiaoti/contracts';
import { App, Button, Card, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { digitalApi } from './digital.api.ts';
import { FileViewer } from './file-viewer.tsx';

/** 存档证明在线申请 queue of this agency: issue (numbered, free; the citizen is notified) or decline with a reason. */
export function CertificateRequestQueue({ onCounts }: { onCounts?: (requested: number) => void }) {
  const { message } = App.useApp();
  const [state, setState] = useState<TCertificateRequestState>('requested');
  const [rows, setRows] = useState<TCertificateRequest[] | null>(null);
  const [counts, setCounts] = useState<Record<TCertificateRequestState, number> | null>(null);
  const [rejecting, setRejecting] = useState<TCertificateRequest | null>(null);
  const [reason, setReason] = useState('');
  const [viewer, setViewer] = useState<TCertificateRequest | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    setRows(null);
    digitalApi
      .certificateRequests(state)
      .then((r) => {
        setRows(r.requests);
        setCounts(r.counts);
        onCounts?.(r.counts.requested);
      })
      .catch((e) => {
        setRows([]);
        message.error(errorMessage(e));
      });
  }, [state, message, onCounts]);
  useEffect(load, [load]);

  const issue = async (r: TCertificateRequest) => {
    setBusy(r.id);
    try {
      const done = await digitalApi.issueRequested(r.id);
      message.success(`已出具存档证明 ${done.certificate?.certificateNumber ?? ''}，已通知申请人`);
      load();
      setViewer(done);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const reject = async () => {
    if (!rejecting) return;
    try {
      await digitalApi.rejectRequested(rejecting.id, reason);
      message.success('已告知申请人不予出具的原因');
      setRejecting(null);
      setReason('');
      load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card size="small" data-testid="certificate-requests">
      <Segmented<TCertificateRequestState>
        value={state}
        onChange={setState}
        style={{ marginBottom: 12 }}
        options={(['requested', 'issued', 'rejected'] as const).map((s) => ({
          value: s,
          label: `${certificateRequestStateLabels[s]}${counts ? `（${counts[s]}）` : ''}`,
        }))}
      />
      <Table
        size="small"
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: state === 'requested' ? '没有待办理的申请' : '暂无' }}
        columns={[
          { title: '申请人', dataIndex: 'personName', width: 90 },
          {
            title: '身份证号',
            dataIndex: 'idNumberMasked',
            width: 170,
            render: (v: string) => <span className="qt-mono">{v}</span>,
          },
          {
            title: '档案编号',
            dataIndex: 'archiveNumber',
            render: (v: string) => <span className="qt-mono">{v}</span>,
          },
          { title: '用途', dataIndex: 'purpose' },
          { title: '份数', dataIndex: 'copies', width: 60 },
          { title: '领取', width: 90, render: () => '在线下载' },
          {
            title: '申请时间',
            width: 150,
            render: (_, r) => new Date(r.requestedAt).toLocaleString('zh-CN'),
          },
          {
            title: state === 'requested' ? '' : '结果',
            width: 200,
            render: (_, r) =>
              r.state === 'requested' ? (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    loading={busy === r.id}
                    onClick={() => issue(r)}
                    data-testid={`issue-${r.id}`}
                  >
                    出具证明
                  </Button>
                  <Button size="small" onClick={() => setRejecting(r)}>
                    不予出具
                  </Button>
                </Space>
              ) : r.certificate ? (
                <Space size={4}>
                  <Tag color="green">{r.certificate.certificateNumber}</Tag>
                  <Button size="small" type="link" onClick={() => setViewer(r)}>
                    预览
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="danger">{r.rejectReason}</Typography.Text>
              ),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        存档证明免费出具；出具后系统通知申请人在“我的民生档案”页下载。
      </Typography.Text>
      <Modal
        open={rejecting !== null}
        title="不予出具存档证明"
        okText="确定"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={reject}
        onCancel={() => setRejecting(null)}
      >
        <Typography.Paragraph type="secondary">原因会告知申请人，请写明需要其做什么。</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
      <FileViewer
        open={viewer?.certificate != null}
        url={viewer?.certificate ? digitalApi.certificatePdfUrl(viewer.certificate.id) : null}
        title={viewer?.certificate ? `存档证明 ${viewer.certificate.certificateNumber}` : ''}
        onClose={() => setViewer(null)}
      />
    </Card>
  );
}
