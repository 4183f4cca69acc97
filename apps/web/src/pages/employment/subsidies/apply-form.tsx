import { subsidyKindLabels, type TSubsidyApplication } from '@qiaoti/contracts';
import { App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { applyServerIssues } from '../../../app/forms.ts';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { EmployerSelect } from '../employer-select.tsx';
import { subsidiesApi } from './subsidies.api.ts';

interface ApplyForm {
  kind: keyof typeof subsidyKindLabels;
  idNumber: string;
  organisationId?: string;
  periodFrom: Dayjs;
  months: number;
  monthlyContributionYuan?: number;
  contractSigned: boolean;
  insurancePaid: boolean;
  flexibleRegistered: boolean;
  recentGraduate: boolean;
}

/**
 * 补贴申请 form: an employer for its hires (the employer is itself), staff on anyone's behalf. The person is named
 * by ID number in the request body (never in a URL). The submit button is disabled while sending, and the server
 * returns the first application for a repeated submission.
 */
export function ApplyModal({
  who,
  open,
  onClose,
  onDone,
}: {
  who: 'staff' | 'employer';
  open: boolean;
  onClose: () => void;
  onDone: (a: TSubsidyApplication) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ApplyForm>();
  const [sending, setSending] = useState(false);
  // One Idempotency-Key per submission of this form (kept across retries, new after success).
  const submission = useSubmissionKey();
  const kind = Form.useWatch('kind', form);

  const kinds = Object.entries(subsidyKindLabels)
    .filter(([k]) => who === 'staff' || k !== 'flexible_social_insurance')
    .map(([value, label]) => ({ value, label }));

  async function submit() {
    const v = await form.validateFields();
    setSending(true);
    try {
      const body = {
        kind: v.kind,
        idNumber: v.idNumber,
        ...(who === 'staff' && v.organisationId && v.kind !== 'flexible_social_insurance'
          ? { organisationId: v.organisationId }
          : {}),
        periodFrom: v.periodFrom.format('YYYY-MM'),
        months: v.months,
        monthlyContributionFen: Math.round((v.monthlyContributionYuan ?? 0) * 100),
        contractSigned: v.contractSigned,
        insurancePaid: v.insurancePaid,
        flexibleRegistered: v.flexibleRegistered,
        recentGraduate: v.recentGraduate,
      };
      const a = await submission.run((key) => subsidiesApi.apply(who, body, key));
      message.success(a.eligible ? '已提交，等待县人社局审核' : '已提交；按规则不符合补贴条件，详见理由');
      form.resetFields();
      onDone(a);
    } catch (e) {
      const rest = applyServerIssues(form, e, ['kind', 'idNumber', 'organisationId', 'periodFrom', 'months']);
      if (rest) message.error(rest);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      title="申请就业补贴"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="提交申请"
      okButtonProps={{ disabled: sending }}
      confirmLoading={sending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'social_insurance',
          periodFrom: dayjs().startOf('month'),
          months: 12,
          contractSigned: true,
          insurancePaid: true,
          flexibleRegistered: false,
          recentGraduate: false,
        }}
      >
        <Form.Item name="kind" label="补贴类别" rules={[{ required: true }]}>
          <Select options={kinds} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={who === 'employer' ? '招用人员身份证号' : '申请人身份证号'}
          rules={[{ required: true, message: '请填写身份证号' }]}
        >
          <Input autoComplete="off" maxLength={18} />
        </Form.Item>
        {who === 'staff' && kind !== 'flexible_social_insurance' ? (
          <Form.Item
            name="organisationId"
            label="招用单位"
            rules={[{ required: kind === 'social_insurance' || kind === 'post', message: '请选择招用单位' }]}
          >
            <EmployerSelect allowClear />
          </Form.Item>
        ) : null}
        <Form.Item name="periodFrom" label="起始月份" rules={[{ required: true }]}>
          <DatePicker picker="month" />
        </Form.Item>
        <Form.Item name="months" label="申请月数" rules={[{ required: true }]}>
          <InputNumber min={1} max={120} />
        </Form.Item>
        {kind === 'social_insurance' || kind === 'flexible_social_insurance' ? (
          <Form.Item
            name="monthlyContributionYuan"
            label={
              kind === 'social_insurance'
                ? '单位每月实际缴纳社会保险费（元）'
                : '个人每月实际缴纳社会保险费（元）'
            }
            rules={[{ required: true, message: '请填写缴费金额' }]}
          >
            <InputNumber min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="contractSigned" valuePropName="checked">
          <Checkbox>已签订劳动合同</Checkbox>
        </Form.Item>
        <Form.Item name="insurancePaid" valuePropName="checked">
          <Checkbox>已按规定缴纳社会保险费</Checkbox>
        </Form.Item>
        {kind === 'flexible_social_insurance' ? (
          <>
            <Form.Item name="flexibleRegistered" valuePropName="checked">
              <Checkbox>已进行灵活就业登记</Checkbox>
            </Form.Item>
            <Form.Item name="recentGraduate" valuePropName="checked">
              <Checkbox>离校 2 年内未就业高校毕业生</Checkbox>
            </Form.Item>
          </>
        ) : null}
        <Typography.Text type="secondary">
          资格、补贴标准和期限由系统按政策规则计算并保存决定记录；同一人、同一单位、同一起始月份只受理一份申请。
        </Typography.Text>
      </Form>
    </Modal>
  );
}
