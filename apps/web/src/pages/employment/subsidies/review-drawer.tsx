import type { TSubsidyApplication } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { type SubmissionKey, useSubmissionKey } from '../../../app/submission-key.ts';
import { statusColors, subsidiesApi, yuan } from './subsidies.api.ts';

/**
 * One application: the eligibility decision with its reasons (and any 待确认 amount), the months granted under the
 * duration limit, payments; for 县人社局 reviewers: approve or reject, then record payments.
 */
export function ApplicationDrawer({
  application: a,
  canReview,
  onClose,
  onChanged,
}: {
  application: TSubsidyApplication | null;
  canReview: boolean;
  onClose: () => void;
  onChanged: (a: TSubsidyApplication) => void;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [payForm] = Form.useForm<{ months: number; voucherNo: string; paidOn: Dayjs }>();

  // One Idempotency-Key per review and per payment submission, kept across retries (a lost answer, a 5xx).
  const reviewKey = useSubmissionKey();
  const payKey = useSubmissionKey();

  async function act(
    submission: SubmissionKey,
    run: (idempotencyKey: string) => Promise<TSubsidyApplication>,
    done: string,
  ) {
    setBusy(true);
    try {
      onChanged(await submission.run(run));
      message.success(done);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const left = a ? a.monthsAllowed - a.paidMonths : 0;
  return (
    <Drawer
      open={a !== null}
      onClose={onClose}
      title={a ? `${a.kindLabel}：${a.personName}` : ''}
      size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)}
      destroyOnHidden
    >
      {a ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              <Tag color={statusColors[a.status]}>{a.statusLabel}</Tag>
              {a.reviewNote ? <Typography.Text type="secondary">{a.reviewNote}</Typography.Text> : null}
            </Descriptions.Item>
            <Descriptions.Item label="人员">
              {a.personName}（{a.idNumberMasked}）
            </Descriptions.Item>
            <Descriptions.Item label="单位">{a.organisationName ?? '—（个人申请）'}</Descriptions.Item>
            <Descriptions.Item label="申请期间">
              {a.periodFrom} 起 {a.months} 个月
            </Descriptions.Item>
            <Descriptions.Item label="核定">
              {a.eligible ? (
                <span>
                  每月 {yuan(a.monthlyAmountFen)} × {a.monthsAllowed} 个月 = <b>{yuan(a.amountFen)}</b>
                  {a.monthsAllowed < a.months ? (
                    <Typography.Text type="warning">
                      （受补贴期限限制，核减为 {a.monthsAllowed} 个月）
                    </Typography.Text>
                  ) : null}
                </span>
              ) : (
                <Tag color="error">不符合补贴条件</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="申请渠道">
              {a.channel === 'employer' ? '用人单位网上申请' : '窗口代办'}
            </Descriptions.Item>
          </Descriptions>
          {a.pendingParameters.length ? (
            <Alert
              type="warning"
              showIcon
              message="补贴标准待确认"
              description={`本次计算使用了尚待县里确认的参数：${a.pendingParameters.join('、')}`}
            />
          ) : null}
          <div>
            <Typography.Title level={5}>
              资格审查结论 <Link to={`/policy/decisions/${a.eligibilityDecisionId}`}>决定记录</Link>
            </Typography.Title>
            <ol
              style={{ margin: 0, paddingInlineStart: 22, lineHeight: 1.9 }}
              data-testid="eligibility-reasons"
            >
              {a.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ol>
          </div>
          {canReview && a.status === 'submitted' ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                rows={2}
                placeholder="审核意见（不予批准须说明理由）"
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <Space>
                <Button
                  type="primary"
                  disabled={!a.eligible}
                  loading={busy}
                  onClick={() =>
                    act(
                      reviewKey,
                      (k) => subsidiesApi.review(a.id, { decision: 'approve', note }, k),
                      '已批准',
                    )
                  }
                >
                  批准
                </Button>
                <Button
                  danger
                  loading={busy}
                  onClick={() =>
                    act(
                      reviewKey,
                      (k) => subsidiesApi.review(a.id, { decision: 'reject', note }, k),
                      '已不予批准',
                    )
                  }
                >
                  不予批准
                </Button>
              </Space>
            </Space>
          ) : null}
          {a.payments.length ? (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={a.payments}
              columns={[
                { title: '所属期', render: (_, p) => `${p.periodFrom} 至 ${p.periodTo}` },
                { title: '月数', dataIndex: 'months' },
                { title: '金额', dataIndex: 'amountFen', render: (f: number) => yuan(f) },
                { title: '支付凭证号', dataIndex: 'voucherNo' },
                { title: '支付日期', dataIndex: 'paidOn' },
              ]}
            />
          ) : null}
          {canReview && a.status === 'approved' && left > 0 ? (
            <Form
              form={payForm}
              layout="inline"
              initialValues={{ months: left, paidOn: dayjs() }}
              onFinish={(v) =>
                act(
                  payKey,
                  (k) =>
                    subsidiesApi.pay(
                      a.id,
                      {
                        months: v.months,
                        voucherNo: v.voucherNo,
                        paidOn: v.paidOn.format('YYYY-MM-DD'),
                      },
                      k,
                    ),
                  '已登记发放',
                )
              }
            >
              <Form.Item name="months" label="发放月数" rules={[{ required: true }]}>
                <InputNumber min={1} max={left} />
              </Form.Item>
              <Form.Item
                name="voucherNo"
                label="支付凭证号"
                rules={[{ required: true, min: 4, message: '请填写支付凭证号' }]}
              >
                <Input style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="paidOn" label="支付日期" rules={[{ required: true }]}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Button htmlType="submit" type="primary" loading={busy}>
                登记发放
              </Button>
            </Form>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}
