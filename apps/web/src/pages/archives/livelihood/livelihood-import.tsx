import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { TLivelihoodImportResult } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Descriptions, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { download, errorMessage } from '../../../app/api.ts';
import { livelihoodApi } from './livelihood.api.ts';

/**
 * 导入部门民生档案索引: a department's .xlsx (档案类别, 身份证号, 档号或登记号, 日期, 摘要, 保存部门). Every row is
 * checked first; good rows load, bad rows are listed with reasons and downloadable as .xlsx; re-importing adds
 * nothing twice.
 */
export function LivelihoodImportCard() {
  const { message } = App.useApp();
  const [result, setResult] = useState<TLivelihoodImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const r = await livelihoodApi.importIndex(file);
      setResult(r);
      message.success(`导入 ${r.rowsLoaded} 条，已有 ${r.rowsDuplicate} 条，未导入 ${r.rowsRejected} 行`);
    } catch (e) {
      setError(errorMessage(e));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const save = (url: string, name: string) =>
    download(url, name).catch((e) => message.error(errorMessage(e)));

  return (
    <Card size="small" title="导入部门民生档案索引" style={{ marginTop: 12 }} data-testid="livelihood-import">
      <Space wrap>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(f) => {
            void run(f);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy}>
            选择 .xlsx 文件导入
          </Button>
        </Upload>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => save(livelihoodApi.templateUrl, '民生档案索引导入模板.xlsx')}
        >
          下载模板
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          先逐行校验，合格的行导入，有误的行列出原因；同一部门、类别和档号不会重复导入。身份证号加密保存。
        </Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <div style={{ marginTop: 12 }} data-testid="livelihood-import-result">
          <Descriptions size="small" column={5} bordered>
            <Descriptions.Item label="文件">{result.fileName}</Descriptions.Item>
            <Descriptions.Item label="数据行">{result.rowsTotal}</Descriptions.Item>
            <Descriptions.Item label="新导入">{result.rowsLoaded}</Descriptions.Item>
            <Descriptions.Item label="已在索引中">{result.rowsDuplicate}</Descriptions.Item>
            <Descriptions.Item label="未导入">
              <Typography.Text type={result.rowsRejected > 0 ? 'danger' : undefined}>
                {result.rowsRejected}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {result.rowsUnmatched > 0 ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              其中 {result.rowsUnmatched} 条的人员尚未在人员库登记：已保存，登记后自动关联。
            </Typography.Paragraph>
          ) : null}
          {result.errors.length > 0 ? (
            <>
              <Table
                size="small"
                rowKey="rowNumber"
                style={{ marginTop: 8 }}
                pagination={{ pageSize: 10 }}
                dataSource={result.errors}
                columns={[
                  { title: '原行号', dataIndex: 'rowNumber', width: 80 },
                  { title: '未导入原因', render: (_, e) => e.reasons.join('；') },
                ]}
              />
              <Button
                icon={<DownloadOutlined />}
                onClick={() => save(livelihoodApi.importErrorsUrl(result.id), '未导入的行.xlsx')}
              >
                下载未导入的行（.xlsx，改正后可重新导入）
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
