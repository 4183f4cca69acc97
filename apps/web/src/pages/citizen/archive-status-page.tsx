import {
  type TArchiveAgency,
  type TMyArchive,
  transferKindLabels,
  transferStateLabels,
} from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useSubmissionKey } from '../../app/submission-key.ts';
import { archivesApi } from '../archives/core/archives.api.ts';

const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN');
const openStates = ['requested', 'approved', 'sent', 'returned'];

/**
 * 我的档案 (citizen portal, phone width): where my archive is and since when, my transfers step by step, the
 * catalogue by class, and an online application to move it to another agency in the county. All free.
 */
export function ArchiveStatusPage() {
  const { message } = App.useApp();
  const [data, setData] = useState<TMyArchive | null>(null);
  const [agencies, setAgencies] = useState<TArchiveAgency[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [applyOpen, setApplyOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ toAgencyId: string; reason: string }>();
  const submission = useSubmissionKey();

  const load = useCallback(() => {
    archivesApi
      .myArchive()
      .then(setData)
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    load();
    archivesApi
      .agencies()
      .then((r) => setAgencies(r.agencies.filter((a) => a.inCounty)))
      .catch(() => setAgencies([]));
  }, [load]);

  const apply = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await archivesApi.apply(v, submission.current());
      submission.reset();
      message.success('已提交，接收机构审核后开具调档函');
      setApplyOpen(false);
      load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );
  const a = data.archive;
  if (!a)
    return (
      <div className="qt-portal">
        <Typography.Title level={4} style={{ margin: '4px 0 12px' }}>
          我的档案
        </Typography.Title>
        <Card size="small">
          <Empty description="暂未查到您的人事档案存放记录" />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            档案可存放在户籍地或现工作单位所在地的公共就业和人才服务机构，存档、转递均不收费。
          </Typography.Paragraph>
        </Card>
      </div>
    );
  const open = a.transfers.find((t) => openStates.includes(t.state));
  return (
    <div className="qt-portal" data-testid="archive-status">
      <Typography.Title level={4} style={{ margin: '4px 0 12px' }}>
        我的档案
      </Typography.Title>
      <Card size="small" title="档案在哪里">
        <Descriptions column={1} size="small" styles={{ label: { width: 88 } }}>
          <Descriptions.Item label="存档机构">
            <strong data-testid="my-custodian">{a.custodian.name}</strong>
          </Descriptions.Item>
          {a.custodian.address ? (
            <Descriptions.Item label="地址">{a.custodian.address}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label="存放自">{day(a.since)}</Descriptions.Item>
          <Descriptions.Item label="档案编号">
            <span className="qt-mono">{a.archiveNumber}</span>
          </Descriptions.Item>
        </Descriptions>
        {a.pledges
          .filter((p) => p.status === 'open')
          .map((p) => (
            <Alert
              key={p.dueDate + p.missing.join()}
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={`请于 ${p.dueDate} 前补齐：${p.missing.join('、')}`}
            />
          ))}
        {open ? (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 8 }}
            title={`转档办理中：${transferStateLabels[open.state]}`}
            description={`${open.from.name} → ${open.to.name}${open.dueDate && open.state === 'approved' ? `，应于 ${open.dueDate} 前转出` : ''}`}
          />
        ) : (
          <Button block type="primary" style={{ marginTop: 12 }} onClick={() => setApplyOpen(true)}>
            申请转档
          </Button>
        )}
      </Card>
      <Card size="small" title="转递记录" style={{ marginTop: 12 }}>
        {a.transfers.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无转递" />
        ) : (
          <List
            size="small"
            dataSource={a.transfers}
            renderItem={(t) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <>
                      {t.from.name} → {t.to.name}{' '}
                      <Tag color={t.state === 'received' ? 'green' : t.state === 'returned' ? 'red' : 'blue'}>
                        {transferStateLabels[t.state]}
                      </Tag>
                    </>
                  }
                  description={
                    <>
                      {transferKindLabels[t.kind]} · 申请 {day(t.requestedAt)}
                      {t.sentAt ? ` · 转出 ${day(t.sentAt)}` : ''}
                      {t.receivedAt ? ` · 接收 ${day(t.receivedAt)}` : ''}
                      {t.returnReason ? ` · 退回：${t.returnReason}` : ''}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title="存放经历" style={{ marginTop: 12 }}>
        <List
          size="small"
          dataSource={[...a.ledger].reverse()}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={c.to}
                description={`${day(c.at)} 起${c.from ? `（由 ${c.from} 转入）` : ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="档案目录" style={{ marginTop: 12 }}>
        <List
          size="small"
          dataSource={a.catalogue}
          renderItem={(c) => (
            <List.Item>
              <span>
                {c.class}. {c.label}
              </span>
              <Typography.Text type={c.items ? undefined : 'secondary'} style={{ whiteSpace: 'nowrap' }}>
                {c.items} 件
              </Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        存档、转递、查询和出具证明均不收费。档案须由机要通信或专人送取转递，请勿自带。
      </Typography.Paragraph>
      <Modal
        title="申请转档"
        open={applyOpen}
        okText="提交申请"
        confirmLoading={busy}
        onOk={apply}
        onCancel={() => setApplyOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="toAgencyId" label="转往" rules={[{ required: true, message: '请选择接收机构' }]}>
            <Select
              data-testid="apply-agency"
              options={agencies
                .filter((x) => x.id !== a.custodian.id)
                .map((x) => ({ value: x.id, label: x.name }))}
            />
          </Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写转档原因' }]}>
            <Input maxLength={200} placeholder="如：在本县就业" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
