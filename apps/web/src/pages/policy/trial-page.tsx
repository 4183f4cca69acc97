import { CalculatorOutlined, SaveOutlined } from '@ant-design/icons';
import type { TDecision, TExplanation, TRuleSummary } from '@qiaoti/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { applyServerIssues } from '../../app/forms.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { ExplanationCard } from './explanation-card.tsx';
import {
  entityLabels,
  policyApi,
  ruleOptions,
  type Scalar,
  toRuleInput,
  usePolicyLibrary,
} from './policy.api.ts';

type RuleInput = TRuleSummary['inputs'][number];

function InputField({ input }: { input: RuleInput }) {
  const rules = input.type === 'text' ? [] : [{ required: true, message: `请填写${input.label}` }];
  switch (input.type) {
    case 'boolean':
      return (
        <Form.Item name={input.name} label={input.label} valuePropName="checked" initialValue={false}>
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item
          name={input.name}
          label={input.label}
          rules={[{ required: true, message: `请选择${input.label}` }]}
        >
          <Select placeholder="请选择" options={input.options ?? []} style={{ maxWidth: 320 }} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item name={input.name} label={input.label}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={input.name} label={input.label} rules={rules}>
          <InputNumber
            style={{ width: 220 }}
            min={input.type === 'number' ? undefined : 0}
            precision={input.type === 'integer' ? 0 : input.type === 'fen' ? 2 : undefined}
            suffix={input.type === 'fen' ? '元' : input.unit}
          />
        </Form.Item>
      );
  }
}

/** 政策试算: choose a rule and a date, fill in the case, see the outcome with its reasons and clauses. */
export function PolicyTrialPage() {
  const { library, error: libraryError } = usePolicyLibrary();
  const { access } = useSession();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [ruleId, setRuleId] = useState<string | undefined>(params.get('rule') ?? undefined);
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [result, setResult] = useState<{ explanation: TExplanation; input: Record<string, Scalar> } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<TDecision | null>(null);
  /** The registered person's ID number or the household's 户号 the decision is about (optional). */
  const [subjectRef, setSubjectRef] = useState('');

  const rule = useMemo(() => library?.rules.find((r) => r.id === ruleId), [library, ruleId]);
  const options = useMemo(() => (library ? ruleOptions(library.rules) : []), [library]);

  function chooseRule(id: string) {
    setRuleId(id);
    setParams({ rule: id }, { replace: true });
    form.resetFields();
    setResult(null);
    setSaved(null);
    setError(null);
    setSubjectRef('');
  }

  async function calculate(values: Record<string, unknown>) {
    if (!rule) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const input = toRuleInput(rule, values);
      const explanation = await policyApi.evaluate({
        ruleId: rule.id,
        asOf: asOf.format('YYYY-MM-DD'),
        input,
      });
      setResult({ explanation, input });
    } catch (e) {
      setResult(null);
      // Field issues come as input.<name>; they are listed above the result rather than placed on fields.
      setError(applyServerIssues(form, e, []));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!rule || !result) return;
    setSaving(true);
    setError(null);
    try {
      const ref = subjectRef.trim();
      const r = await policyApi.recordDecision({
        ruleId: rule.id,
        asOf: result.explanation.asOf,
        input: result.input,
        subjectType: rule.entity,
        ...(ref && rule.entity === 'person' ? { subjectIdNumber: ref } : {}),
        ...(ref && rule.entity === 'household' ? { subjectHouseholdNumber: ref } : {}),
      });
      setSaved(r.decision);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  if (libraryError)
    return (
      <Page title="政策试算">
        <Alert type="error" showIcon title={libraryError} />
      </Page>
    );
  if (!library)
    return (
      <Page title="政策试算">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  return (
    <Page title="政策试算" subTitle="按规则输入一个具体情况，计算结论并列出理由和政策依据。试算结果不保存。">
      <Row gutter={12}>
        <Col xs={24} xl={10}>
          <Card size="small" title="情况">
            <Form layout="vertical" requiredMark={false} style={{ marginBottom: 0 }}>
              <Form.Item label="规则" required>
                <Select
                  id="ruleId"
                  showSearch={{ optionFilterProp: 'search' }}
                  placeholder="选择要试算的规则"
                  value={ruleId}
                  onChange={chooseRule}
                  options={options}
                  optionRender={(o) => (
                    <Space orientation="vertical" size={0}>
                      <span>{o.label}</span>
                      <Typography.Text type="secondary" className="qt-mono" style={{ fontSize: 11 }}>
                        {String(o.value)}
                      </Typography.Text>
                    </Space>
                  )}
                />
              </Form.Item>
              <Form.Item label="计算日期" extra="按该日有效的政策参数计算">
                <DatePicker
                  id="asOf"
                  value={asOf}
                  allowClear={false}
                  onChange={(d) => d && setAsOf(d)}
                  style={{ width: 220 }}
                />
              </Form.Item>
            </Form>
            {rule ? (
              <>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  适用对象：{entityLabels[rule.entity]} · 规则编号 <span className="qt-mono">{rule.id}</span>
                </Typography.Paragraph>
                <Form
                  form={form}
                  key={rule.id}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={calculate}
                  onValuesChange={() => setSaved(null)}
                >
                  {rule.inputs.map((i) => (
                    <InputField key={i.name} input={i} />
                  ))}
                  <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={busy}>
                    计算
                  </Button>
                </Form>
              </>
            ) : (
              <Alert type="info" showIcon title="请先选择规则，再填写情况。" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          {result ? (
            <ExplanationCard
              explanation={result.explanation}
              extra={
                access.can('policy.decide') ? (
                  <Button
                    icon={<SaveOutlined />}
                    loading={saving}
                    disabled={saved !== null}
                    onClick={() => void save()}
                  >
                    保存为决定记录
                  </Button>
                ) : null
              }
            >
              {access.can('policy.decide') && !saved && rule && rule.entity !== 'case' ? (
                <div style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {rule.entity === 'person'
                      ? '保存时关联登记人员（填身份证号，可不填）'
                      : '保存时关联登记家庭户（填户号，可不填）'}
                  </Typography.Text>
                  <Input
                    id="subjectRef"
                    aria-label="关联登记对象"
                    value={subjectRef}
                    onChange={(e) => setSubjectRef(e.target.value)}
                    placeholder={rule.entity === 'person' ? '18 位身份证号' : '户号'}
                    maxLength={rule.entity === 'person' ? 18 : 30}
                    allowClear
                    style={{ maxWidth: 320, display: 'block', marginTop: 4 }}
                  />
                </div>
              ) : null}
              {saved ? (
                <Alert
                  data-testid="saved"
                  style={{ marginTop: 12 }}
                  type="success"
                  showIcon
                  title={
                    <span>
                      已保存为决定记录，编号 <span className="qt-mono">{saved.id}</span>。{' '}
                      <Link to={`/policy/decisions/${saved.id}`}>查看决定记录</Link>
                    </span>
                  }
                />
              ) : null}
            </ExplanationCard>
          ) : (
            <Card size="small" title="计算结果">
              <Typography.Text type="secondary">填写情况后点击“计算”，结论和理由显示在这里。</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
    </Page>
  );
}
