import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import type { TIndicatorReport, TIndicatorRow, TPlace } from '@qiaoti/contracts';
import { indicatorDefinitions } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsOption } from 'echarts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { Chart } from '../../../app/charts.tsx';
import { applyServerIssues } from '../../../app/forms.ts';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { countyCode, registryApi } from '../../registry/registry.api.ts';
import { type IndicatorFilter, indicatorsApi, pct } from './indicators.api.ts';

const palette = ['#1f4e8c', '#d4862a', '#3a9d6a', '#b2403a', '#7b5ea7', '#5b8fc9'];

interface EntryForm {
  areaCode: string;
  month: Dayjs;
  ratePercent: number;
  source: string;
  note?: string;
}

function head(key: keyof typeof indicatorDefinitions) {
  const d = indicatorDefinitions[key];
  return (
    <Tooltip title={d.definition}>
      <span style={{ borderBottom: '1px dashed #999', cursor: 'help' }}>{d.label}</span>
    </Tooltip>
  );
}

/** 就业指标: by township and month, with charts, a table, definitions, entry of the surveyed rate and .xlsx export. */
export function IndicatorsPage() {
  const { message } = App.useApp();
  const { access } = useSession();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(11, 'month'), dayjs()]);
  const [township, setTownship] = useState<string | undefined>();
  const [townships, setTownships] = useState<TPlace[]>([]);
  const [report, setReport] = useState<TIndicatorReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [entering, setEntering] = useState(false);
  const [entryForm] = Form.useForm<EntryForm>();

  const filter: IndicatorFilter = useMemo(
    () => ({ from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM'), townshipCode: township }),
    [range, township],
  );

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setReport(await indicatorsApi.report(filter));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [filter]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    registryApi
      .places(countyCode)
      .then((r) => setTownships(r.places))
      .catch(() => setTownships([]));
  }, []);

  // The series shown over time: the county total, or the one township (the only rows a township account gets).
  const seriesArea =
    township ??
    (report?.rows.some((r) => r.areaCode === countyCode) ? countyCode : report?.rows[0]?.areaCode);
  const series = useMemo(
    () => (report?.rows ?? []).filter((r) => r.areaCode === seriesArea),
    [report, seriesArea],
  );
  const lastMonth = report?.months[report.months.length - 1];
  const byTownship = useMemo(
    () => (report?.rows ?? []).filter((r) => r.month === lastMonth && r.areaCode !== countyCode),
    [report, lastMonth],
  );

  const newJobsOption: EChartsOption = {
    color: palette,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: series.map((r) => r.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '口径一：新就业人数', type: 'line', smooth: true, data: series.map((r) => r.newJobsGross) },
      { name: '口径二：减自然减员', type: 'line', smooth: true, data: series.map((r) => r.newJobsNet) },
      { name: '推荐上岗', type: 'bar', barMaxWidth: 18, data: series.map((r) => r.placements) },
    ],
  };
  const townshipOption: EChartsOption = {
    color: palette,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 70 },
    xAxis: {
      type: 'category',
      data: byTownship.map((r) => r.areaName),
      axisLabel: { rotate: 40, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新增就业（口径一）', type: 'bar', data: byTownship.map((r) => r.newJobsGross) },
      { name: '登记失业（月末）', type: 'bar', data: byTownship.map((r) => r.registeredUnemployed) },
    ],
  };
  const rateOption: EChartsOption = {
    color: palette,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—') },
    legend: { top: 0 },
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: series.map((r) => r.month) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      ...(['retention1', 'retention3', 'retention6'] as const).map((k, i) => ({
        name: `${[1, 3, 6][i]} 个月在岗率`,
        type: 'line' as const,
        connectNulls: true,
        data: series.map((r) => (r[k] === null ? null : r[k] / 100)),
      })),
      {
        name: '城镇调查失业率（录入）',
        type: 'line' as const,
        connectNulls: true,
        lineStyle: { type: 'dashed' },
        data: series.map((r) =>
          r.surveyedUnemploymentRate === null ? null : r.surveyedUnemploymentRate / 100,
        ),
      },
    ],
  };
  const assistanceOption: EChartsOption = {
    color: palette,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: series.map((r) => r.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '援助个案新开', type: 'bar', data: series.map((r) => r.assistanceOpened) },
      { name: '援助个案结案', type: 'bar', data: series.map((r) => r.assistanceClosed) },
      { name: '零就业家庭清零', type: 'bar', data: series.map((r) => r.zeroEmploymentCleared) },
      { name: '零就业家庭在册', type: 'line', data: series.map((r) => r.zeroEmploymentOnList) },
    ],
  };

  const submitEntry = async () => {
    const v = await entryForm.validateFields();
    try {
      await indicatorsApi.enter({
        indicator: 'surveyed_unemployment_rate',
        areaCode: v.areaCode,
        month: v.month.format('YYYY-MM'),
        ratePercent: v.ratePercent,
        source: v.source,
        ...(v.note ? { note: v.note } : {}),
      });
      message.success('已录入');
      setEntering(false);
      await load();
    } catch (e) {
      const rest = applyServerIssues(entryForm, e, ['areaCode', 'month', 'ratePercent', 'source', 'note']);
      if (rest) message.error(rest);
    }
  };

  const exportXlsx = async () => {
    try {
      await indicatorsApi.exportXlsx(filter);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const seriesName = seriesArea === countyCode ? '全县' : (series[0]?.areaName ?? '');
  return (
    <Page
      title="就业指标"
      subTitle="按乡镇（街道）和月份；城镇新增就业两种口径并列"
      extra={
        <>
          <DatePicker.RangePicker
            picker="month"
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
          />
          <Select
            allowClear
            placeholder="全县"
            style={{ width: 160 }}
            value={township}
            onChange={setTownship}
            options={townships.map((t) => ({ value: t.code, label: t.name }))}
            data-testid="indicator-township"
          />
          {access.can('employment.manage') ? (
            <Button
              icon={<EditOutlined />}
              onClick={() => {
                entryForm.setFieldsValue({ areaCode: countyCode, month: dayjs().subtract(1, 'month') });
                setEntering(true);
              }}
            >
              录入调查失业率
            </Button>
          ) : null}
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void exportXlsx()}
            data-testid="indicator-export"
          >
            导出 Excel
          </Button>
        </>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={`城镇新增就业（${seriesName}）`}>
            <Chart option={newJobsOption} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`各乡镇（街道）${lastMonth ?? ''}`}>
            <Chart option={townshipOption} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`在岗率与调查失业率（${seriesName}）`}>
            <Chart option={rateOption} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`就业援助与零就业家庭（${seriesName}）`}>
            <Chart option={assistanceOption} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title="明细">
        <Table<TIndicatorRow>
          rowKey={(r) => `${r.areaCode}|${r.month}`}
          size="small"
          loading={loading}
          dataSource={report?.rows ?? []}
          scroll={{ x: 1500 }}
          pagination={{ pageSize: 18, size: 'small', showSizeChanger: false }}
          data-testid="indicator-table"
          onRow={(r) =>
            r.areaCode === countyCode ? { style: { background: '#f5f8fd', fontWeight: 600 } } : {}
          }
          columns={[
            { title: '月份', dataIndex: 'month', fixed: 'left', width: 80 },
            { title: '区域', dataIndex: 'areaName', fixed: 'left', width: 130 },
            { title: head('newJobsGross'), dataIndex: 'newJobsGross' },
            { title: head('newJobsNet'), dataIndex: 'newJobsNet' },
            { title: head('registeredUnemployed'), dataIndex: 'registeredUnemployed' },
            { title: head('placements'), dataIndex: 'placements' },
            { title: head('retention1'), dataIndex: 'retention1', render: pct },
            { title: head('retention3'), dataIndex: 'retention3', render: pct },
            { title: head('retention6'), dataIndex: 'retention6', render: pct },
            { title: head('assistanceOpened'), dataIndex: 'assistanceOpened' },
            { title: head('assistanceClosed'), dataIndex: 'assistanceClosed' },
            { title: head('zeroEmploymentCleared'), dataIndex: 'zeroEmploymentCleared' },
            { title: head('zeroEmploymentOnList'), dataIndex: 'zeroEmploymentOnList' },
            {
              title: head('surveyedUnemploymentRate'),
              dataIndex: 'surveyedUnemploymentRate',
              render: (v: number | null, r) =>
                v === null ? (
                  '—'
                ) : (
                  <Tooltip title={`来源：${r.surveyedUnemploymentSource ?? ''}`}>{pct(v)}</Tooltip>
                ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {report?.coverageNote} 口径说明：将鼠标移到列名上查看；导出的 Excel 另附“口径说明”工作表。
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="口径说明" style={{ marginTop: 12 }}>
        {(report?.definitions ?? []).map((d) => (
          <Typography.Paragraph key={d.key} style={{ marginBottom: 6, fontSize: 13 }}>
            <Typography.Text strong>{d.label}</Typography.Text>（{d.unit}）：{d.definition}
          </Typography.Paragraph>
        ))}
      </Card>
      <Modal
        open={entering}
        title="录入城镇调查失业率"
        okText="保存"
        cancelText="取消"
        onOk={() => void submitEntry()}
        onCancel={() => setEntering(false)}
        destroyOnHidden
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="调查失业率由统计部门抽样调查得出，平台不自行计算；请按发布值录入并注明来源。同月重复录入视为更正，原值记入审计日志。"
        />
        <Form<EntryForm> form={entryForm} layout="vertical">
          <Form.Item name="areaCode" label="区域" rules={[{ required: true }]}>
            <Select
              options={[
                { value: countyCode, label: '中牟县' },
                ...townships.map((t) => ({ value: t.code, label: t.name })),
              ]}
            />
          </Form.Item>
          <Space size={12}>
            <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
              <DatePicker picker="month" />
            </Form.Item>
            <Form.Item name="ratePercent" label="失业率（%）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={100} precision={2} step={0.1} style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Form.Item
            name="source"
            label="来源"
            rules={[{ required: true, min: 2, message: '请注明数据来源' }]}
          >
            <Input maxLength={200} placeholder="如：郑州市统计局 2026 年 10 月统计月报" />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
