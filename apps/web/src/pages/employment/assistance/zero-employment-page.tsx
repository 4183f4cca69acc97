import { ReloadOutlined } from '@ant-design/icons';
import type { TZeroDashboard, TZeroHousehold } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Table,
  Tooltip,
} from 'antd';
import type { EChartsOption } from 'echarts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Chart } from '../../../app/charts.tsx';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { assistanceApi } from './assistance.api.ts';

const palette = ['#b2403a', '#3a9d6a', '#1f4e8c', '#d4862a', '#7b5ea7', '#5b8fc9'];

/** 零就业家庭: the live list (or those cleared), and the 清零 dashboard by township with the trend. */
export function ZeroEmploymentPage() {
  const { message } = App.useApp();
  const { access } = useSession();
  const [status, setStatus] = useState<'current' | 'cleared'>('current');
  const [households, setHouseholds] = useState<TZeroHousehold[]>([]);
  const [dash, setDash] = useState<TZeroDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [job, setJob] = useState<{ id: string; percent: number; status: string } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [list, d] = await Promise.all([
        assistanceApi.zeroHouseholds(status),
        assistanceApi.zeroDashboard(),
      ]);
      setHouseholds(list.households);
      setDash(d);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [status]);
  useEffect(() => {
    void load();
  }, [load]);

  // Follows the recompute job's progress until it ends, then reloads.
  useEffect(() => {
    if (!job || job.status === 'succeeded' || job.status === 'failed') return;
    const timer = setTimeout(async () => {
      try {
        const j = await assistanceApi.job(job.id);
        const percent = j.progressTotal ? Math.round((j.progressDone / j.progressTotal) * 100) : 0;
        setJob({ id: job.id, percent: j.status === 'succeeded' ? 100 : percent, status: j.status });
        if (j.status === 'succeeded') {
          message.success('零就业家庭名单已重新计算');
          void load();
        }
        if (j.status === 'failed') message.error(j.error ?? '重新计算失败');
      } catch (e) {
        message.error(errorMessage(e));
        setJob(null);
      }
    }, 800);
    return () => clearTimeout(timer);
  }, [job, load, message]);

  async function recompute() {
    try {
      const { jobId } = await assistanceApi.recompute();
      setJob({ id: jobId, percent: 0, status: 'queued' });
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const withHouseholds = useMemo(
    () =>
      (dash?.townships ?? []).filter(
        (t) => t.current > 0 || t.clearedThisMonth > 0 || t.enteredThisMonth > 0,
      ),
    [dash],
  );
  const byTownship: EChartsOption = {
    animation: false,
    color: palette,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: {
      type: 'category',
      data: (dash?.townships ?? []).map((t) => t.name),
      axisLabel: { rotate: 35, interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: '现有零就业家庭',
        type: 'bar',
        barMaxWidth: 18,
        data: (dash?.townships ?? []).map((t) => t.current),
      },
      {
        name: '本月清零',
        type: 'bar',
        barMaxWidth: 18,
        data: (dash?.townships ?? []).map((t) => t.clearedThisMonth),
      },
    ],
  };
  const trend: EChartsOption = useMemo(() => {
    const dates = [...new Set((dash?.series ?? []).map((s) => s.date))].sort();
    const names = new Map((dash?.townships ?? []).map((t) => [t.code, t.name]));
    const codes = [...new Set((dash?.series ?? []).map((s) => s.townshipCode))];
    const total = dates.map((d) =>
      (dash?.series ?? []).filter((s) => s.date === d).reduce((n, s) => n + s.households, 0),
    );
    return {
      animation: false,
      color: ['#1f4e8c', ...palette],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: '全县',
          type: 'line',
          data: total,
          symbol: 'circle',
          symbolSize: 8,
          showSymbol: true,
          lineStyle: { width: 3 },
          // With only a few days recorded the points carry their numbers.
          label: { show: dates.length <= 3, position: 'top' },
        },
        ...codes.map((code) => ({
          name: names.get(code) ?? code,
          type: 'line' as const,
          smooth: true,
          symbol: 'circle',
          symbolSize: 6,
          showSymbol: true,
          data: dates.map(
            (d) => dash?.series.find((s) => s.date === d && s.townshipCode === code)?.households ?? null,
          ),
        })),
      ],
    };
  }, [dash]);

  const totals = (dash?.townships ?? []).reduce(
    (a, t) => ({
      current: a.current + t.current,
      cleared: a.cleared + t.clearedThisMonth,
      entered: a.entered + t.enteredThisMonth,
    }),
    { current: 0, cleared: 0, entered: 0 },
  );

  return (
    <Page
      title="零就业家庭"
      subTitle="动态名单：家庭成员均失业即列入，有成员就业即退出（记录日期和原因），按乡镇“清零”"
      extra={
        access.can('employment.manage') ? (
          <Tooltip title="按登记信息和就业记录重新判断各户（后台任务）">
            <Button
              icon={<ReloadOutlined />}
              onClick={recompute}
              loading={job !== null && job.status !== 'succeeded' && job.status !== 'failed'}
            >
              重新计算名单
            </Button>
          </Tooltip>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      {job ? (
        <Progress
          percent={job.percent}
          status={job.status === 'failed' ? 'exception' : undefined}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title="现有零就业家庭（户）"
              value={totals.current}
              valueStyle={{ color: totals.current > 0 ? '#b2403a' : '#3a9d6a' }}
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title="本月清零（户）" value={totals.cleared} valueStyle={{ color: '#3a9d6a' }} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title="本月新增（户）" value={totals.entered} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card title="按乡镇（街道）" size="small">
            {dash ? <Chart option={byTownship} style={{ height: 300 }} /> : <Skeleton active />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="近 90 天走势（户）" size="small">
            {dash ? <Chart option={trend} style={{ height: 300 }} /> : <Skeleton active />}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={`名单（涉及 ${withHouseholds.length} 个乡镇街道）`}
        extra={
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: 'current', label: '在册' },
              { value: 'cleared', label: '已清零' },
            ]}
          />
        }
      >
        <Table<TZeroHousehold>
          rowKey="spellId"
          loading={loading}
          dataSource={households}
          size="middle"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: '户主',
              dataIndex: 'headName',
              render: (name: string | null, h) => (
                <Link to={`/registry/households/${h.householdId}`}>{name ?? '（未登记户主）'}</Link>
              ),
            },
            { title: '户号', dataIndex: 'householdNumber', render: (v: string | null) => v ?? '—' },
            { title: '村（社区）', dataIndex: 'villageName' },
            {
              title: '列入日期',
              dataIndex: 'enteredOn',
              render: (d: string, h) => <Link to={`/policy/decisions/${h.entryDecisionId}`}>{d}</Link>,
            },
            ...(status === 'cleared'
              ? [
                  { title: '清零日期', dataIndex: 'leftOn' },
                  { title: '清零原因', dataIndex: 'leaveReason' },
                ]
              : []),
          ]}
        />
      </Card>
    </Page>
  );
}
