import { SearchOutlined } from '@ant-design/icons';
import { livelihoodKindLabels, type TLivelihoodKind, type TLivelihoodResult } from '@qiaoti/contracts';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { livelihoodApi } from './livelihood.api.ts';
import { LivelihoodImportCard } from './livelihood-import.tsx';

interface SearchForm {
  idNumber: string;
  purpose: string;
  kinds?: TLivelihoodKind[];
}

/**
 * 民生档案一站式查询: by ID number, with a stated purpose (recorded in the audit log with the query). Shows the index —
 * which department holds which record, its reference number and date — not the records themselves.
 */
export function LivelihoodSearchPage() {
  const [form] = Form.useForm<SearchForm>();
  const [result, setResult] = useState<TLivelihoodResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const submit = async (v: SearchForm) => {
    setLoading(true);
    setError(null);
    try {
      setResult(
        await livelihoodApi.search({
          idNumber: v.idNumber,
          purpose: v.purpose,
          ...(v.kinds?.length ? { kinds: v.kinds } : {}),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
      setResult(null);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Page
      title="民生档案一站式查询"
      subTitle="婚姻、社保、医保、土地承包、房产、学籍、退役军人等记录在哪个部门（索引）"
    >
      <Card size="small">
        <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
          <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: '请填写身份证号' }]}>
            <Input style={{ width: 220 }} maxLength={18} autoComplete="off" data-testid="livelihood-id" />
          </Form.Item>
          <Form.Item
            name="purpose"
            label="查询用途"
            rules={[{ required: true, min: 4, message: '请说明查询用途（至少 4 个字）' }]}
          >
            <Input
              style={{ width: 260 }}
              maxLength={200}
              placeholder="如：办理社会救助审核"
              data-testid="livelihood-purpose"
            />
          </Form.Item>
          <Form.Item name="kinds" label="类别">
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 200 }}
              placeholder="全部"
              options={Object.entries(livelihoodKindLabels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading}>
              查询
            </Button>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          每次查询连同用途记入审计日志。
        </Typography.Text>
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <Card size="small" style={{ marginTop: 12 }} data-testid="livelihood-result">
          {result.person ? (
            <>
              <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
                <Descriptions.Item label="姓名">{result.person.name}</Descriptions.Item>
                <Descriptions.Item label="身份证号">
                  <span className="qt-mono">{result.person.idNumberMasked}</span>
                </Descriptions.Item>
                <Descriptions.Item label="查询范围">
                  {result.scope === 'all' ? '全部部门' : '本部门保存的记录'}
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={result.records}
                locale={{ emptyText: '各部门均无该人员的民生档案记录' }}
                columns={[
                  { title: '类别', width: 100, render: (_, r) => <Tag color="blue">{r.kindLabel}</Tag> },
                  { title: '保存部门', render: (_, r) => r.holdingDepartment.name },
                  {
                    title: '档号 / 登记号',
                    dataIndex: 'referenceNumber',
                    render: (v: string) => <span className="qt-mono">{v}</span>,
                  },
                  { title: '日期', dataIndex: 'recordDate', width: 110 },
                  { title: '摘要', dataIndex: 'summary' },
                ]}
              />
            </>
          ) : result.records.length > 0 ? (
            <>
              <Alert
                type="info"
                showIcon
                title="该身份证号尚未在人员库登记；以下是各部门导入的索引记录"
                style={{ marginBottom: 8 }}
              />
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={result.records}
                columns={[
                  { title: '类别', width: 100, render: (_, r) => <Tag color="blue">{r.kindLabel}</Tag> },
                  { title: '保存部门', render: (_, r) => r.holdingDepartment.name },
                  { title: '档号 / 登记号', dataIndex: 'referenceNumber' },
                  { title: '日期', dataIndex: 'recordDate', width: 110 },
                  { title: '摘要', dataIndex: 'summary' },
                ]}
              />
            </>
          ) : (
            <Empty description="未找到该身份证号的人员登记" />
          )}
        </Card>
      ) : null}
      <LivelihoodImportCard />
    </Page>
  );
}
