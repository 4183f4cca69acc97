import { archiveMaterialClasses, type TNewMaterial, type TPledge } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { archivesApi } from './archives.api.ts';

type Filter = 'open' | 'overdue' | 'all';
const filterLabels: Record<Filter, string> = { open: '待补交', overdue: '已逾期', all: '全部' };

interface FulfilForm {
  materials: { class?: number; title?: string; pages?: number }[];
}

/**
 * 告知承诺: archives accepted with materials missing. When the materials arrive, 补交材料 registers them in the
 * catalogue and fulfils the pledge in one step (one idempotency key per action); pledges past their due date are
 * listed under 已逾期.
 */
export function PledgesPage() {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('open');
  const [rows, setRows] = useState<TPledge[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<TPledge | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmissionKey();
  const [form] = Form.useForm<FulfilForm>();

  const load = useCallback((f: Filter) => {
    setRows(null);
    archivesApi
      .pledges(f)
      .then((r) => {
        setRows(r.pledges);
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => load(filter), [filter, load]);

  const open = (p: TPledge) => {
    submission.reset();
    setTarget(p);
  };

  const submit = async (v: FulfilForm) => {
    if (!target) return;
    const materials: TNewMaterial[] = v.materials
      .filter((m) => m.class !== undefined && m.title)
      .map((m) => ({ class: m.class ?? 1, title: m.title ?? '', pages: m.pages ?? 1 }));
    setBusy(true);
    try {
      const r = await archivesApi.fulfilPledge(target.id, { materials }, submission.current());
      submission.reset();
      message.success(
        r.alreadyFulfilled
          ? '该告知承诺此前已履行，未重复登记'
          : `已登记 ${r.materialIds.length} 件材料，告知承诺已履行`,
      );
      setTarget(null);
      load(filter);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title="告知承诺"
      subTitle="缺少材料先接收、不拒收；材料补交后登记入目录即履行"
      extra={
        <Link to="/archives/queues">
          <Button>档案转递工作台</Button>
        </Link>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Tabs
          activeKey={filter}
          onChange={(k) => setFilter(k as Filter)}
          items={(Object.keys(filterLabels) as Filter[]).map((f) => ({
            key: f,
            label: <span data-testid={`pledges-${f}`}>{filterLabels[f]}</span>,
          }))}
        />
        <Table<TPledge>
          size="small"
          rowKey="id"
          loading={rows === null && !error}
          dataSource={rows ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无告知承诺" /> }}
          columns={[
            {
              title: '档案编号',
              dataIndex: 'archiveNumber',
              render: (v: string, p) => (
                <Link to={`/archives/${p.archiveId}`} className="qt-mono">
                  {v}
                </Link>
              ),
            },
            { title: '姓名', dataIndex: 'personName' },
            {
              title: '待补交材料',
              render: (_, p) => (
                <Space size={4} wrap>
                  {p.missing.map((m) => (
                    <Tag key={m}>{m}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '承诺期限',
              dataIndex: 'dueDate',
              render: (v: string, p) => (
                <Typography.Text type={p.overdue ? 'danger' : undefined}>
                  {v}
                  {p.overdue ? '（已逾期）' : ''}
                </Typography.Text>
              ),
            },
            {
              title: '状态',
              render: (_, p) =>
                p.status === 'fulfilled' ? (
                  <Tag color="green">已履行 {p.fulfilledAt?.slice(0, 10)}</Tag>
                ) : (
                  <Tag color={p.overdue ? 'red' : 'blue'}>待补交</Tag>
                ),
            },
            {
              title: '操作',
              render: (_, p) =>
                p.status === 'open' ? (
                  <Button size="small" type="primary" onClick={() => open(p)}>
                    补交材料
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        title={target ? `补交材料 · ${target.personName}（${target.archiveNumber}）` : '补交材料'}
        open={target !== null}
        onCancel={() => setTarget(null)}
        onOk={() => form.submit()}
        okText="登记并履行承诺"
        confirmLoading={busy}
        width={760}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          按实际收到的材料登记类别、题名和页数；提交后材料进入档案目录，告知承诺记为已履行。
        </Typography.Paragraph>
        <Form
          key={target?.id ?? 'none'}
          form={form}
          onFinish={submit}
          preserve={false}
          initialValues={{ materials: (target?.missing ?? ['']).map((m) => ({ title: m, pages: 1 })) }}
        >
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'class']} rules={[{ required: true, message: '请选择类别' }]}>
                      <Select
                        style={{ width: 220 }}
                        placeholder="材料类别"
                        options={Object.entries(archiveMaterialClasses).map(([k, v]) => ({
                          value: Number(k),
                          label: `${k}. ${v}`,
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写题名' }]}>
                      <Input placeholder="材料题名" maxLength={200} style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'pages']} initialValue={1}>
                      <InputNumber min={0} max={10000} addonAfter="页" style={{ width: 110 }} />
                    </Form.Item>
                    <Button type="link" onClick={() => remove(f.name)} disabled={fields.length <= 1}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ pages: 1 })}>
                  再登记一件
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Page>
  );
}
