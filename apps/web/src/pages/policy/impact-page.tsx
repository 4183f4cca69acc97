import { ExperimentOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { TImpactReport, TParameterChange, TParameterSummary } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsOption } from 'echarts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Chart } from '../../app/charts.tsx';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { ClauseTag } from './library-page.tsx';
import {
  type ClauseRef,
  clauseIndex,
  formatOutcome,
  formatParameterValue,
  parameterInputToValue,
  policyApi,
  unitLabel,
  usePolicyLibrary,
} from './policy.api.ts';

interface DraftForm {
  parameterId: string;
  value: number;
  effectiveFrom: Dayjs;
}
interface ScheduleForm {
  cites: string[];
  pending: boolean;
  note?: string;
}
type ImpactRule = TImpactReport['rules'][number];

const DEFAULT_PARAMETER = 'welfare.dibao.standard_rural';

/** 参数调整与影响测算: a draft value is run over the registry before it is scheduled with its effective date. */
export function PolicyImpactPage() {
  const { library, error: libraryError, reload } = usePolicyLibrary();
  const { message } = App.useApp();
  const [form] = Form.useForm<DraftForm>();
  const [scheduleForm] = Form.useForm<ScheduleForm>();
  const [draft, setDraft] = useState<{
    parameter: TParameterSummary;
    value: number;
    effectiveFrom: string;
  } | null>(null);
  const [report, setReport] = useState<TImpactReport | null>(null);
  const [running, setRunning] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState<TParameterChange[] | null>(null);
  const parameterId = Form.useWatch('parameterId', form);

  const clauses = useMemo(() => (library ? clauseIndex(library) : new Map<string, ClauseRef>()), [library]);
  const numeric = useMemo(
    () => (library?.parameters ?? []).filter((p) => typeof p.current?.value === 'number'),
    [library],
  );
  const selected = numeric.find((p) => p.id === parameterId);

  const loadChanges = useCallback(async () => {
    try {
      setChanges((await policyApi.changes()).items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void loadChanges();
  }, [loadChanges]);

  async function runImpact(v: DraftForm) {
    const parameter = numeric.find((p) => p.id === v.parameterId);
    if (!parameter) return;
    setRunning(true);
    setError(null);
    setReport(null);
    try {
      const value = parameterInputToValue(parameter, v.value);
      const effectiveFrom = v.effectiveFrom.format('YYYY-MM-DD');
      const r = await policyApi.impact({ parameterId: parameter.id, effectiveFrom, value });
      setDraft({ parameter, value, effectiveFrom });
      setReport(r);
      scheduleForm.setFieldsValue({
        cites: parameter.current?.cites ?? [],
        pending: parameter.pending,
        note: '',
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  }

  async function schedule(v: ScheduleForm) {
    if (!draft) return;
    setScheduling(true);
    setError(null);
    try {
      await policyApi.scheduleChange({
        parameterId: draft.parameter.id,
        effectiveFrom: draft.effectiveFrom,
        value: draft.value,
        cites: v.cites,
        pending: v.pending,
        note: v.note?.trim() || undefined,
      });
      message.success(`已排定：${draft.parameter.label} 自 ${draft.effectiveFrom} 起调整`);
      setReport(null);
      setDraft(null);
      form.resetFields(['value']);
      await Promise.all([loadChanges(), reload()]);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setScheduling(false);
    }
  }

  async function withdraw(id: string) {
    try {
      await policyApi.withdrawChange(id);
      message.success('已撤回');
      await Promise.all([loadChanges(), reload()]);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  if (libraryError)
    return (
      <Page title="参数调整与影响测算">
        <Alert type="error" showIcon title={libraryError} />
      </Page>
    );
  if (!library)
    return (
      <Page title="参数调整与影响测算">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  const byId = new Map(library.parameters.map((p) => [p.id, p]));
  const today = dayjs().format('YYYY-MM-DD');
  const clauseOptions = library.documents.map((d) => ({
    label: d.title,
    title: d.title,
    options: d.clauses.map((c) => ({ value: c.id, label: `${c.id} ${c.label}` })),
  }));

  return (
    <Page
      title="参数调整与影响测算"
      subTitle="先按登记数据测算调整会使多少家庭的结论发生变化，再排定生效日期。排定后，到期自动按新值计算。"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" title="拟调整">
        <Form<DraftForm>
          form={form}
          layout="inline"
          requiredMark={false}
          onFinish={runImpact}
          onValuesChange={(changed) => {
            if ('parameterId' in changed) form.setFieldValue('value', undefined);
            setReport(null);
          }}
          initialValues={{
            parameterId: numeric.some((p) => p.id === DEFAULT_PARAMETER) ? DEFAULT_PARAMETER : numeric[0]?.id,
            effectiveFrom: dayjs().add(1, 'month').startOf('month'),
          }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="parameterId" label="参数" rules={[{ required: true, message: '请选择参数' }]}>
            <Select
              style={{ width: 340 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={numeric.map((p) => ({ value: p.id, label: p.label }))}
            />
          </Form.Item>
          <Form.Item
            name="value"
            label="新值"
            rules={[{ required: true, message: '请填写新值' }]}
            extra={selected?.current ? `现行 ${selected.current.display}` : undefined}
          >
            <InputNumber
              style={{ width: 180 }}
              min={0}
              precision={selected?.unit === 'fen' ? 2 : undefined}
              suffix={selected ? unitLabel(selected.unit) : undefined}
            />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label="生效日期"
            rules={[{ required: true, message: '请选择生效日期' }]}
          >
            <DatePicker style={{ width: 150 }} allowClear={false} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running}>
            测算影响
          </Button>
        </Form>
      </Card>

      {report && draft ? (
        <>
          <ReportCard report={report} draft={draft} />
          <Card size="small" title="排定调整" style={{ marginTop: 12 }}>
            <Form<ScheduleForm>
              form={scheduleForm}
              layout="vertical"
              onFinish={schedule}
              requiredMark={false}
            >
              <Typography.Paragraph>
                {draft.parameter.label}：{formatParameterValue(draft.parameter, report.before)} →{' '}
                <Typography.Text strong>{formatParameterValue(draft.parameter, draft.value)}</Typography.Text>
                ，自 <Typography.Text strong>{draft.effectiveFrom}</Typography.Text> 起生效。
              </Typography.Paragraph>
              {draft.effectiveFrom < dayjs().format('YYYY-MM-DD') ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title="生效日期早于今天：排定后，此后的试算和新决定按新值计算；已保存的决定记录仍按当时读取的参数重放。"
                />
              ) : null}
              <Row gutter={12}>
                <Col xs={24} lg={14}>
                  <Form.Item
                    name="cites"
                    label="依据条款"
                    rules={[{ required: true, type: 'array', min: 1, message: '须引用至少一个条款' }]}
                  >
                    <Select
                      mode="multiple"
                      options={clauseOptions}
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="选择调整所依据的条款"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} lg={10}>
                  <Form.Item name="note" label="说明（文号、批准情况等）">
                    <Input.TextArea rows={2} maxLength={500} showCount />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="pending" valuePropName="checked" style={{ marginBottom: 12 }}>
                <Checkbox>待确认（数值尚未经主管部门正式确认，系统据此作出的结论将注明“尚待确认”）</Checkbox>
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<ScheduleOutlined />} loading={scheduling}>
                排定调整
              </Button>
            </Form>
          </Card>
        </>
      ) : null}

      <Card size="small" title="已排定的参数调整" style={{ marginTop: 12 }}>
        <Table<TParameterChange>
          rowKey="id"
          size="small"
          loading={changes === null}
          dataSource={changes ?? []}
          data-testid="changes"
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 项` }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无排定的调整" /> }}
          columns={[
            {
              title: '参数',
              key: 'parameter',
              render: (_: unknown, c) => byId.get(c.parameterId)?.label ?? c.parameterId,
            },
            {
              title: '新值',
              key: 'value',
              width: 110,
              render: (_: unknown, c) => formatParameterValue(byId.get(c.parameterId), c.value),
            },
            { title: '生效日期', dataIndex: 'effectiveFrom', width: 100 },
            {
              title: '依据',
              key: 'cites',
              width: 200,
              render: (_: unknown, c) =>
                c.cites.map((id) => <ClauseTag key={id} id={id} clauses={clauses} />),
            },
            { title: '说明', dataIndex: 'note', ellipsis: true, render: (n: string | null) => n || '—' },
            {
              title: '状态',
              key: 'status',
              width: 130,
              render: (_: unknown, c) => (
                <Space size={4} wrap>
                  {c.status === 'withdrawn' ? (
                    <Tag>已撤回</Tag>
                  ) : c.effectiveFrom <= today ? (
                    <Tag color="green">已生效</Tag>
                  ) : (
                    <Tag color="blue">已排定</Tag>
                  )}
                  {c.pending ? <Tag color="orange">待确认</Tag> : null}
                </Space>
              ),
            },
            {
              title: '排定时间',
              dataIndex: 'createdAt',
              width: 140,
              render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: '操作',
              key: 'actions',
              width: 70,
              render: (_: unknown, c) =>
                c.status === 'scheduled' ? (
                  <Popconfirm
                    title="撤回这项调整？"
                    description="撤回后不再按此值计算；已保存的决定记录不受影响。"
                    okText="撤回"
                    cancelText="取消"
                    onConfirm={() => withdraw(c.id)}
                  >
                    <Button type="link" size="small" danger style={{ padding: 0 }}>
                      撤回
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
    </Page>
  );
}

function ReportCard({
  report,
  draft,
}: {
  report: TImpactReport;
  draft: { parameter: TParameterSummary; value: number; effectiveFrom: string };
}) {
  return (
    <Card size="small" title="测算结果" style={{ marginTop: 12 }} data-testid="impact-report">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label="参数">{draft.parameter.label}</Descriptions.Item>
        <Descriptions.Item label="调整">
          {formatParameterValue(draft.parameter, report.before)} →{' '}
          <Typography.Text strong>{formatParameterValue(draft.parameter, report.after)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="测算日期">{report.asOf}</Descriptions.Item>
        <Descriptions.Item label="测算家庭数">
          {report.subjects.toLocaleString('zh-CN')} 户（用时 {report.elapsedMs} 毫秒）
        </Descriptions.Item>
      </Descriptions>
      {report.assumptions.length ? (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title="测算假设"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {report.assumptions.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {report.rules.length === 0 ? (
        <Empty style={{ marginTop: 16 }} description="没有按家庭测算的规则读取这个参数，暂无法测算影响。" />
      ) : (
        report.rules.map((r) => <RuleImpact key={r.ruleId} rule={r} />)
      )}
    </Card>
  );
}

function chartOption(rule: ImpactRule): EChartsOption {
  const towns = rule.byTownship;
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 64 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: towns.map((t) => t.name),
      axisLabel: { interval: 0, rotate: towns.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', name: '户', minInterval: 1 },
    series: [
      {
        name: '新纳入',
        type: 'bar',
        stack: 'n',
        data: towns.map((t) => t.gained),
        itemStyle: { color: '#52c41a' },
      },
      {
        name: '退出',
        type: 'bar',
        stack: 'n',
        data: towns.map((t) => t.lost),
        itemStyle: { color: '#f5222d' },
      },
      {
        name: '数额变化',
        type: 'bar',
        stack: 'n',
        data: towns.map((t) => t.changed),
        itemStyle: { color: '#1677ff' },
      },
    ],
  };
}

function RuleImpact({ rule }: { rule: ImpactRule }) {
  const { access } = useSession();
  const option = useMemo(() => chartOption(rule), [rule]);
  const towns = new Map(rule.byTownship.map((t) => [t.code, t.name]));
  const total = (k: 'gained' | 'lost' | 'changed') => rule.byTownship.reduce((s, t) => s + t[k], 0);
  return (
    <Card
      size="small"
      type="inner"
      style={{ marginTop: 12 }}
      title={
        <Space>
          {rule.label}
          <Typography.Text type="secondary" className="qt-mono" style={{ fontSize: 12, fontWeight: 400 }}>
            {rule.ruleId}
          </Typography.Text>
        </Space>
      }
      data-testid={`impact-${rule.ruleId}`}
    >
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Statistic title="结论变化" value={rule.flips} suffix="户" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title="新纳入"
            value={total('gained')}
            suffix="户"
            styles={{ content: { color: '#389e0d' } }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title="退出"
            value={total('lost')}
            suffix="户"
            styles={{ content: { color: '#cf1322' } }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="数额变化" value={total('changed')} suffix="户" />
        </Col>
      </Row>
      {rule.flips === 0 ? (
        <Empty
          style={{ marginTop: 12 }}
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description="没有家庭的结论发生变化"
        />
      ) : (
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col xs={24} xl={12}>
            <Typography.Text strong>按乡镇（街道）</Typography.Text>
            <div data-testid="impact-chart">
              <Chart option={option} style={{ height: 300 }} />
            </div>
          </Col>
          <Col xs={24} xl={12}>
            <Typography.Text strong>
              结论变化的家庭{rule.list.length < rule.flips ? `（列出前 ${rule.list.length} 户）` : ''}
            </Typography.Text>
            <Table
              rowKey="subjectId"
              size="small"
              style={{ marginTop: 8 }}
              dataSource={rule.list}
              data-testid="impact-list"
              pagination={{ pageSize: 8, showSizeChanger: false, showTotal: (t) => `共 ${t} 户` }}
              columns={[
                {
                  title: '户号',
                  dataIndex: 'label',
                  render: (label: string, f) =>
                    access.can('registry.household.read') ? (
                      <Link to={`/registry/households/${f.subjectId}`}>{label}</Link>
                    ) : (
                      label
                    ),
                },
                {
                  title: '乡镇（街道）',
                  dataIndex: 'townshipCode',
                  render: (c: string) => towns.get(c) ?? c,
                },
                {
                  title: '调整前',
                  dataIndex: 'before',
                  width: 90,
                  render: (v: unknown) => formatOutcome(rule.ruleId, v),
                },
                {
                  title: '调整后',
                  dataIndex: 'after',
                  width: 90,
                  render: (v: unknown) => (
                    <Typography.Text strong>{formatOutcome(rule.ruleId, v)}</Typography.Text>
                  ),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
