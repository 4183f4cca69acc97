import { CloudUploadOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { importColumns, importJobKind, importMaxBytes, jobStatusLabels, type TJob } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Result,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { importResultOf, importsApi } from './imports.api.ts';

const accepted = ['.xlsx', '.csv'];
const finished = new Set<TJob['status']>(['succeeded', 'failed', 'cancelled']);
const statusColors: Record<TJob['status'], string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

function percentOf(job: TJob): number {
  if (job.status === 'succeeded') return 100;
  if (!job.progressTotal) return 0;
  return Math.min(100, Math.floor((job.progressDone / job.progressTotal) * 100));
}

/**
 * 批量导入: upload a .xlsx or .csv, watch the job's progress (polled every second), then the counts and the
 * error report for the rows that were not imported.
 */
export function ImportPage() {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<TJob | null>(null);
  const [recent, setRecent] = useState<TJob[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadRecent = useCallback(() => {
    importsApi
      .jobs()
      .then((r) => setRecent(r.items.filter((j) => j.kind === importJobKind).slice(0, 10)))
      .catch(() => setRecent([]));
  }, []);

  useEffect(() => {
    loadRecent();
    return () => clearTimeout(timer.current);
  }, [loadRecent]);

  const poll = useCallback(
    (id: string) => {
      clearTimeout(timer.current);
      importsApi
        .job(id)
        .then((j) => {
          setJob(j);
          if (finished.has(j.status)) loadRecent();
          else timer.current = setTimeout(() => poll(id), 1000);
        })
        .catch((e) => {
          setError(errorMessage(e));
          timer.current = setTimeout(() => poll(id), 3000);
        });
    },
    [loadRecent],
  );

  async function start() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const { jobId } = await importsApi.upload(file);
      poll(jobId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function downloadErrors(jobId: string) {
    try {
      await importsApi.downloadErrors(jobId);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const result = job ? importResultOf(job) : null;
  const running = job !== null && !finished.has(job.status);

  return (
    <Page
      title="批量导入"
      subTitle="从 Excel（.xlsx）或 CSV 文件导入人员和家庭户。有效的行直接入库；有问题的行逐行列出原因，可下载修改后再次导入。"
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => importsApi.downloadTemplate().catch((e) => message.error(errorMessage(e)))}
        >
          下载导入模板
        </Button>
      }
    >
      <Row gutter={12}>
        <Col xs={24} xl={14}>
          <Card size="small" title="1. 选择文件">
            <Upload.Dragger
              accept={accepted.join(',')}
              multiple={false}
              maxCount={1}
              disabled={busy || running}
              beforeUpload={(f) => {
                const lower = f.name.toLowerCase();
                if (!accepted.some((ext) => lower.endsWith(ext))) {
                  message.error('只能导入 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）');
                  return Upload.LIST_IGNORE;
                }
                if (f.size > importMaxBytes) {
                  message.error(`文件不能超过 ${importMaxBytes / 1024 / 1024} MB，请分批导入`);
                  return Upload.LIST_IGNORE;
                }
                setFile(f);
                setJob(null);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或将文件拖到此处</p>
              <p className="ant-upload-hint">
                支持 .xlsx、.csv，单个文件不超过 {importMaxBytes / 1024 / 1024} MB
              </p>
            </Upload.Dragger>
            <div style={{ marginTop: 12 }}>
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                disabled={!file || running}
                loading={busy}
                onClick={start}
                data-testid="start-import"
              >
                开始导入
              </Button>
            </div>
            {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
          </Card>

          {job ? (
            <Card size="small" title="2. 导入进度" style={{ marginTop: 12 }} data-testid="import-progress">
              <Progress
                percent={percentOf(job)}
                format={(p) => `${p ?? 0}%`}
                status={
                  job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : 'active'
                }
              />
              <Typography.Text type="secondary">
                {jobStatusLabels[job.status]}：已处理 {job.progressDone}
                {job.progressTotal !== null ? ` / ${job.progressTotal}` : ''} 行
              </Typography.Text>
              {job.status === 'failed' ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={`导入失败：${job.error ?? '未知原因'}`}
                />
              ) : null}
            </Card>
          ) : null}

          {job && result ? (
            <Card size="small" title="3. 导入结果" style={{ marginTop: 12 }} data-testid="import-result">
              <Result
                status={result.rowsRejected > 0 ? 'warning' : 'success'}
                title={
                  result.rowsRejected > 0
                    ? `已导入 ${result.rowsImported} 行，${result.rowsRejected} 行未导入`
                    : `全部 ${result.rowsImported} 行已导入`
                }
                subTitle={result.fileName}
                style={{ padding: '8px 0' }}
                extra={
                  result.rowsRejected > 0 ? (
                    <Button type="primary" icon={<DownloadOutlined />} onClick={() => downloadErrors(job.id)}>
                      下载错误明细
                    </Button>
                  ) : null
                }
              />
              <Row gutter={12}>
                <Col span={6}>
                  <Statistic title="总行数" value={result.rowsTotal} />
                </Col>
                <Col span={6}>
                  <Statistic
                    title="导入成功"
                    value={result.rowsImported}
                    styles={{ content: { color: '#389e0d' } }}
                  />
                </Col>
                <Col span={6}>
                  <Statistic
                    title="未导入"
                    value={result.rowsRejected}
                    styles={{ content: { color: result.rowsRejected ? '#cf1322' : undefined } }}
                  />
                </Col>
                <Col span={6}>
                  <Statistic
                    title="家庭户"
                    value={result.householdsImported}
                    suffix={result.householdsRejected ? `/ 退回 ${result.householdsRejected}` : undefined}
                  />
                </Col>
              </Row>
              <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                <Descriptions.Item label="表头所在行">第 {result.headerRow} 行</Descriptions.Item>
                <Descriptions.Item label="识别的列">
                  {result.columns
                    .map((c) => (importColumns as Record<string, readonly string[]>)[c]?.[0] ?? c)
                    .join('、') || '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="填写说明">
            <ul style={{ paddingLeft: 18, margin: 0, lineHeight: 1.9 }}>
              <li>
                第一张工作表导入；表头上方可有标题行，表头支持常见写法（身份证号 / 公民身份号码 / 证件号码
                等）。
              </li>
              <li>
                身份证号列请设为“文本”格式。被 Excel 转成科学计数法（如
                4.10122E+17）的号码已丢失末几位，会被退回。
              </li>
              <li>日期可写 1990-05-01、1990.05.01、1990年5月1日。</li>
              <li>
                同一户的成员按“户号”或“户主身份证号”归户；一户中任一行有误，整户都不导入，避免半户入库。
              </li>
            </ul>
          </Card>
          <Card
            size="small"
            title="最近的导入"
            style={{ marginTop: 12 }}
            extra={
              <Button
                size="small"
                type="text"
                icon={<ReloadOutlined />}
                onClick={loadRecent}
                aria-label="刷新"
              />
            }
          >
            <Table<TJob>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={recent}
              columns={[
                {
                  title: '时间',
                  dataIndex: 'createdAt',
                  width: 140,
                  render: (t: string) => dayjs(t).format('MM-DD HH:mm:ss'),
                },
                {
                  title: '文件',
                  key: 'file',
                  ellipsis: true,
                  render: (_: unknown, j) => importResultOf(j)?.fileName ?? '—',
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 80,
                  render: (s: TJob['status']) => <Tag color={statusColors[s]}>{jobStatusLabels[s]}</Tag>,
                },
                {
                  title: '结果',
                  key: 'r',
                  width: 150,
                  render: (_: unknown, j) => {
                    const r = importResultOf(j);
                    if (!r) return `${j.progressDone} 行`;
                    return (
                      <Space size={4}>
                        <span style={{ whiteSpace: 'nowrap' }}>{r.rowsImported} 成功</span>
                        {r.rowsRejected ? (
                          <Button size="small" type="link" onClick={() => downloadErrors(j.id)}>
                            {r.rowsRejected} 行错误
                          </Button>
                        ) : null}
                      </Space>
                    );
                  },
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
