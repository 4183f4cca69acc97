import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { registryApi } from './registry.api.ts';

export type RevealField = 'idNumber' | 'phone';

const purposes = [
  '办理就业登记，核对本人身份',
  '办理社会救助申请，核验身份信息',
  '电话联系本人，回访服务情况',
  '人事档案转递，核对档案信息',
  '核实群众来电反映的情况',
];

/**
 * 查看完整信息: the full ID or phone number only with a stated purpose (at least 4 characters, as the server
 * requires); the server writes the reveal and the purpose to the audit log.
 */
export function RevealModal({
  personId,
  personName,
  open,
  initialField,
  onClose,
  onRevealed,
}: {
  personId: string;
  personName: string;
  open: boolean;
  initialField: RevealField;
  onClose: () => void;
  onRevealed: (field: RevealField, value: string | null) => void;
}) {
  const [form] = Form.useForm<{ field: RevealField; preset?: string; purpose: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ field: RevealField; value: string | null } | null>(null);

  async function submit(v: { field: RevealField; purpose: string }) {
    setBusy(true);
    setError(null);
    try {
      const r = await registryApi.reveal(personId, { field: v.field, purpose: v.purpose.trim() });
      setShown({ field: r.field, value: r.value });
      onRevealed(r.field, r.value);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setShown(null);
    setError(null);
    form.resetFields();
    onClose();
  }

  return (
    <Modal
      title={`查看完整信息 · ${personName}`}
      open={open}
      onCancel={close}
      destroyOnHidden
      footer={
        shown ? (
          <Button type="primary" onClick={close}>
            关闭
          </Button>
        ) : (
          [
            <Button key="cancel" onClick={close}>
              取消
            </Button>,
            <Button
              key="ok"
              type="primary"
              icon={<EyeOutlined />}
              loading={busy}
              onClick={() => form.submit()}
            >
              确认查看
            </Button>,
          ]
        )
      }
    >
      {shown ? (
        <div data-testid="revealed">
          <Typography.Paragraph type="secondary">
            {shown.field === 'idNumber' ? '完整身份证号' : '完整手机号'}
          </Typography.Paragraph>
          <Typography.Title
            level={3}
            copyable={shown.value ? { text: shown.value } : false}
            className="qt-mono"
            style={{ marginTop: 0 }}
          >
            {shown.value ?? '未登记'}
          </Typography.Title>
          <Alert
            type="info"
            showIcon
            title="本次查看及用途已记入审计日志。请勿截屏、转发或用于所述用途以外的事项。"
          />
        </div>
      ) : (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="完整身份证号和手机号属于个人敏感信息。查看须说明用途，查看行为将记入审计日志。"
          />
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ field: initialField }}
            onFinish={submit}
            requiredMark={false}
          >
            <Form.Item name="field" label="查看内容">
              <Radio.Group
                options={[
                  { value: 'idNumber', label: '身份证号' },
                  { value: 'phone', label: '手机号' },
                ]}
              />
            </Form.Item>
            <Form.Item label="常用用途">
              <Select
                placeholder="选择常用用途，或在下方直接填写"
                options={purposes.map((p) => ({ value: p, label: p }))}
                onChange={(p: string) => form.setFieldValue('purpose', p)}
                allowClear
              />
            </Form.Item>
            <Form.Item
              name="purpose"
              label="查看用途"
              rules={[
                { required: true, whitespace: true, message: '请说明用途' },
                { min: 4, message: '请说明用途（至少 4 个字）' },
                { max: 200, message: '用途不能超过 200 个字' },
              ]}
            >
              <Input.TextArea
                rows={3}
                placeholder="例如：办理就业登记，核对本人身份"
                showCount
                maxLength={200}
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
