import type { TCertificate, TLivelihoodResult } from '@qiaoti/contracts';
import { Alert, Button, Card, Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { FileViewer } from '../archives/digital/file-viewer.tsx';
import { livelihoodApi } from '../archives/livelihood/livelihood.api.ts';

/**
 * 我的民生档案 (citizen portal, phone width): every department's records about me in one place — which department
 * holds which record — and the 存档证明 issued for my personnel archive.
 */
export function MyLivelihoodPage() {
  const [result, setResult] = useState<TLivelihoodResult | null>(null);
  const [certificates, setCertificates] = useState<TCertificate[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [viewer, setViewer] = useState<TCertificate | null>(null);

  useEffect(() => {
    livelihoodApi
      .mine()
      .then(setResult)
      .catch((e) => setError(errorMessage(e)));
    api
      .get<{ certificates: TCertificate[] }>('/api/me/archive/certificates')
      .then((r) => setCertificates(r.certificates))
      .catch(() => setCertificates([]));
  }, []);

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
          <Typography.Text type="secondary">暂无。需要时请向档案保管机构申请，免费出具。</Typography.Text>
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
      <FileViewer
        open={viewer !== null}
        url={viewer ? `/api/archives/certificates/${encodeURIComponent(viewer.id)}/pdf?inline=1` : null}
        title={viewer ? `存档证明 ${viewer.certificateNumber}` : ''}
        onClose={() => setViewer(null)}
      />
    </div>
  );
}
