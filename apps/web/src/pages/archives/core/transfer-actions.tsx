import { type TTransfer, transferStateLabels } from '@qiaoti/contracts';
import { App, Button, Form, Input, Modal, Radio, Space, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { archivesApi } from './archives.api.ts';

const stateColors: Record<TTransfer['state'], string> = {
  requested: 'blue',
  approved: 'geekblue',
  sent: 'orange',
  received: 'green',
  returned: 'red',
  withdrawn: 'default',
};

export function TransferStateTag({ t }: { t: Pick<TTransfer, 'state' | 'overdue'> }) {
  return (
    <Space size={4}>
      <Tag color={stateColors[t.state]}>{transferStateLabels[t.state]}</Tag>
      {t.overdue ? <Tag color="red">已超期</Tag> : null}
    </Space>
  );
}

/** Which steps the acting agency may take on a transfer (the server checks again). */
export function stepsFor(t: TTransfer, agencyId: string): ('approve' | 'send' | 'receive' | 'return')[] {
  const receiverActs = t.to.inCounty ? t.to.id === agencyId : t.from.id === agencyId;
  const holderActs = t.from.inCounty ? t.from.id === agencyId : t.to.id === agencyId;
  if (t.state === 'requested' && receiverActs) return ['approve'];
  if ((t.state === 'approved' || t.state === 'returned') && holderActs) return ['send'];
  if (t.state === 'sent' && receiverActs) return ['receive', 'return'];
  return [];
}

/**
 * The buttons for the steps this agency may take now: 开具调档函, 转出 (method and tracking number), 接收（回执）,
 * 退回补充. Each action carries one idempotency key, kept for a retry after a network error.
 */
export function TransferActions({
  t,
  agencyId,
  onDone,
  size = 'small',
}: {
  t: TTransfer;
  agencyId: string;
  onDone: (t: TTransfer) => void;
  size?: 'small' | 'middle';
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [sendOpen, setSendOpen] = useState(false);
  const [returnOpen, setReturnOpen] = useState(false);
  const submission = useSubmissionKey();
  const [sendForm] = Form.useForm<{
    method: 'confidential_post' | 'staff_courier';
    trackingNumber: string;
  }>();
  const [returnForm] = Form.useForm<{ reason: string }>();
  const steps = stepsFor(t, agencyId);

  const run = async (f: (key: string) => Promise<TTransfer>, ok: string) => {
    setBusy(true);
    try {
      const r = await f(submission.current());
      submission.reset();
      message.success(ok);
      setSendOpen(false);
      setReturnOpen(false);
      onDone(r);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (steps.length === 0) return null;
  return (
    <Space size={4} wrap>
      {steps.includes('approve') ? (
        <Button
          size={size}
          type="primary"
          loading={busy}
          onClick={() => run((k) => archivesApi.approve(t.id, k), '已开具调档函')}
        >
          开具调档函
        </Button>
      ) : null}
      {steps.includes('send') ? (
        <Button size={size} type="primary" onClick={() => setSendOpen(true)}>
          {t.from.inCounty ? '转出' : '登记对方转出'}
        </Button>
      ) : null}
      {steps.includes('receive') ? (
        <Button
          size={size}
          type="primary"
          loading={busy}
          onClick={() => run((k) => archivesApi.receive(t.id, k), '已接收，档案保管已转移')}
        >
          {t.to.inCounty ? '接收（回执）' : '登记对方回执'}
        </Button>
      ) : null}
      {steps.includes('return') ? (
        <Button size={size} danger onClick={() => setReturnOpen(true)}>
          退回补充
        </Button>
      ) : null}
      <Modal
        title={`转出档案 ${t.archiveNumber}`}
        open={sendOpen}
        okText="确认转出"
        confirmLoading={busy}
        onCancel={() => setSendOpen(false)}
        onOk={() =>
          sendForm
            .validateFields()
            .then((v) => run((k) => archivesApi.send(t.id, v, k), '已转出'))
            .catch(() => undefined)
        }
        destroyOnHidden
      >
        <Form
          form={sendForm}
          layout="vertical"
          initialValues={{ method: 'confidential_post' }}
          preserve={false}
        >
          <Form.Item name="method" label="转递方式" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'confidential_post', label: '机要通信' },
                { value: 'staff_courier', label: '专人送取' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="trackingNumber"
            label="机要编号 / 送取登记号"
            rules={[{ required: true, min: 4, message: '请填写机要编号或送取人登记号' }]}
          >
            <Input maxLength={60} placeholder="如 JY4101220001" />
          </Form.Item>
          <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
            档案须整卷转递，不得扣留或分批；不得交本人自带（人社部发〔2021〕112号）。
          </div>
        </Form>
      </Modal>
      <Modal
        title="退回补充材料"
        open={returnOpen}
        okText="退回"
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        onCancel={() => setReturnOpen(false)}
        onOk={() =>
          returnForm
            .validateFields()
            .then((v) => run((k) => archivesApi.returnForCompletion(t.id, v.reason, k), '已退回补充'))
            .catch(() => undefined)
        }
        destroyOnHidden
      >
        <Form form={returnForm} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label="需补充的材料"
            rules={[{ required: true, message: '请写明需补充的材料' }]}
          >
            <Input.TextArea rows={3} maxLength={300} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
