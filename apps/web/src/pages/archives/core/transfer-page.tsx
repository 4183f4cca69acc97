import { FilePdfOutlined } from '@ant-design/icons';
import {
  archiveAgencyKindLabels,
  type TArchiveAgency,
  type TTransfer,
  transferDirectionLabels,
  transferKindLabels,
  transferStateLabels,
} from '@qiaoti/contracts';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Steps, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { archivesApi, letterPdf, noticePdf } from './archives.api.ts';
import { TransferActions, TransferStateTag } from './transfer-actions.tsx';

const methodLabels = { confidential_post: '机要通信', staff_courier: '专人送取' } as const;
const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** Where the transfer stands on the four steps (returned shows as an error on 接收). */
export function transferSteps(t: Pick<TTransfer, 'state'>) {
  const current = { requested: 0, approved: 1, sent: 2, returned: 2, received: 3, withdrawn: 0 }[t.state];
  return (
    <Steps
      size="small"
      current={t.state === 'received' ? 4 : current + 1}
      status={t.state === 'returned' || t.state === 'withdrawn' ? 'error' : 'process'}
      items={[
        { title: '申请' },
        { title: '开具调档函' },
        { title: '转出' },
        { title: t.state === 'returned' ? '退回补充' : '接收（回执）' },
      ]}
    />
  );
}

function agencyText(a: TArchiveAgency) {
  return `${a.name}（${a.inCounty ? archiveAgencyKindLabels[a.kind] : `县外 · ${a.regionName ?? ''}`}）`;
}

/** 转递详情: the steps, parties, letter and tracking numbers, the step buttons, the PDFs, and every state change. */
export function TransferPage() {
  const { id = '' } = useParams();
  const [t, setT] = useState<TTransfer | null>(null);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    archivesApi
      .transfer(id)
      .then(setT)
      .catch((e) => setError(errorMessage(e)));
    archivesApi
      .queueSummary()
      .then((s) => setAgencyId(s.agency.id))
      .catch(() => setAgencyId(null));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!t)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  return (
    <Page
      title={`档案转递 · ${t.personName}`}
      subTitle={`${transferKindLabels[t.kind]} · ${transferDirectionLabels[t.direction]}`}
      extra={
        <>
          {t.letterNumber ? (
            <a href={letterPdf(t.id)} target="_blank" rel="noreferrer">
              <Button icon={<FilePdfOutlined />}>调档函</Button>
            </a>
          ) : null}
          {t.sentAt ? (
            <a href={noticePdf(t.id)} target="_blank" rel="noreferrer">
              <Button icon={<FilePdfOutlined />}>转递通知单及回执</Button>
            </a>
          ) : null}
          {agencyId ? <TransferActions t={t} agencyId={agencyId} onDone={setT} size="middle" /> : null}
        </>
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        {transferSteps(t)}
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card size="small" title="转递信息">
            <Descriptions column={1} size="small" styles={{ label: { width: 120 } }}>
              <Descriptions.Item label="状态">
                <TransferStateTag t={t} />
              </Descriptions.Item>
              <Descriptions.Item label="档案编号">
                <Link to={`/archives/${t.archiveId}`} className="qt-mono">
                  {t.archiveNumber}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label="转出机构">{agencyText(t.from)}</Descriptions.Item>
              <Descriptions.Item label="接收机构">{agencyText(t.to)}</Descriptions.Item>
              <Descriptions.Item label="原因">{t.reason ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="调档函编号">{t.letterNumber ?? '尚未开具'}</Descriptions.Item>
              <Descriptions.Item label="转出期限">{t.dueDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="转递方式">
                {t.method ? `${methodLabels[t.method]}，编号 ${t.trackingNumber ?? ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="转出时间">{fmt(t.sentAt)}</Descriptions.Item>
              <Descriptions.Item label="接收时间">{fmt(t.receivedAt)}</Descriptions.Item>
              {t.returnReason ? (
                <Descriptions.Item label="退回原因">{t.returnReason}</Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="办理记录">
            <Timeline
              items={t.events.map((e) => ({
                color: e.toState === 'returned' ? 'red' : e.toState === 'received' ? 'green' : 'blue',
                content: (
                  <>
                    <div>{transferStateLabels[e.toState]}</div>
                    <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
                      {fmt(e.at)}
                      {e.note ? ` · ${e.note}` : ''}
                    </div>
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
