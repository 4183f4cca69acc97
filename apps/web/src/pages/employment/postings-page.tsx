import { PlusOutlined } from '@ant-design/icons';
import {
  contractTypes,
  educationLevels,
  hoursKinds,
  postingStatuses,
  type TPosting,
} from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { employmentApi, wageText } from './employment.api.ts';
import { CheckResult, PostingFormDrawer, usePublish } from './posting-form.tsx';

export const statusColor: Record<TPosting['status'], string> = {
  draft: 'default',
  published: 'green',
  closed: 'red',
};

/** One posting's details (shared by the console and the employer portal). */
export function PostingDetails({ p }: { p: TPosting }) {
  return (
    <Descriptions column={1} size="small" styles={{ label: { width: 96 } }}>
      <Descriptions.Item label="用人单位">{p.organisationName}</Descriptions.Item>
      <Descriptions.Item label="职业">
        {p.occupationName}
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {p.occupationCode}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="工资">{wageText(p.wageMinFen, p.wageMaxFen)}</Descriptions.Item>
      <Descriptions.Item label="工作地点">{p.workplaceText}</Descriptions.Item>
      <Descriptions.Item label="工作时间">
        {hoursKinds[p.hours]}
        {p.hoursNote ? `，${p.hoursNote}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label="用工形式">{contractTypes[p.contractType]}</Descriptions.Item>
      <Descriptions.Item label="招聘人数">{p.headcount} 人</Descriptions.Item>
      <Descriptions.Item label="学历">
        {p.education ? `${educationLevels[p.education]}及以上` : '不限'}
      </Descriptions.Item>
      <Descriptions.Item label="技能">
        {p.skills.length ? p.skills.map((s) => <Tag key={s}>{s}</Tag>) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label="截止日期">{p.closingDate ?? '长期有效'}</Descriptions.Item>
      <Descriptions.Item label="岗位描述">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {p.description || '—'}
        </Typography.Paragraph>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 岗位管理: postings of every employer (staff), filters, the form, publish with the discrimination check. */
export function PostingsPage() {
  const { access } = useSession();
  const { message } = App.useApp();
  const canManage = access.can('employment.manage');
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: TPosting[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TPosting | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [viewing, setViewing] = useState<TPosting | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await employmentApi.listPostings({ status, q: q || undefined, page, pageSize: 20 }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [status, q, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const refreshOne = (p: TPosting) => {
    setData((d) => ({ ...d, items: d.items.map((x) => (x.id === p.id ? p : x)) }));
    setViewing((v) => (v?.id === p.id ? p : v));
  };
  const publish = usePublish(refreshOne);

  async function close(p: TPosting) {
    try {
      refreshOne(await employmentApi.close(p.id));
      message.success('岗位已关闭');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function view(p: TPosting) {
    try {
      setViewing(await employmentApi.getPosting(p.id));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Page
      title="岗位管理"
      subTitle="用人单位岗位登记、发布前就业歧视审核、关闭与重新开放"
      extra={
        canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
          >
            代单位登记岗位
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 140 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(postingStatuses).map(([value, label]) => ({ value, label }))}
          />
          <Input.Search
            allowClear
            placeholder="岗位名称、描述或单位"
            style={{ width: 260 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Space>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Table<TPosting>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data.items}
          pagination={{
            current: page,
            total: data.total,
            pageSize: 20,
            onChange: setPage,
            showSizeChanger: false,
          }}
          scroll={{ x: 960 }}
          columns={[
            {
              title: '岗位',
              dataIndex: 'title',
              render: (t: string, p) => (
                <Button type="link" style={{ padding: 0 }} onClick={() => view(p)}>
                  {t}
                </Button>
              ),
            },
            { title: '用人单位', dataIndex: 'organisationName', ellipsis: true },
            { title: '职业', dataIndex: 'occupationName' },
            { title: '工资', render: (_, p) => wageText(p.wageMinFen, p.wageMaxFen) },
            { title: '工作地点', dataIndex: 'workplaceText', ellipsis: true },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: TPosting['status']) => <Tag color={statusColor[s]}>{postingStatuses[s]}</Tag>,
            },
            {
              title: '推荐/录用',
              width: 96,
              render: (_, p) => {
                const c = p.referralCounts ?? {};
                const total = Object.values(c).reduce((a, b) => a + b, 0);
                return `${total} / ${c.hired ?? 0}`;
              },
            },
            {
              title: '操作',
              width: 220,
              render: (_, p) =>
                canManage ? (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(p);
                        setFormOpen(true);
                      }}
                    >
                      修改
                    </Button>
                    {p.status !== 'published' ? (
                      <Button size="small" type="primary" onClick={() => publish(p)}>
                        {p.status === 'closed' ? '重新开放' : '发布'}
                      </Button>
                    ) : (
                      <Button size="small" danger onClick={() => close(p)}>
                        关闭
                      </Button>
                    )}
                    {p.status === 'published' ? (
                      <Link to={`/employment/matching?posting=${p.id}`}>
                        <Button size="small">找人选</Button>
                      </Link>
                    ) : null}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <PostingFormDrawer
        open={formOpen}
        posting={editing}
        staff={canManage}
        onClose={() => setFormOpen(false)}
        onSaved={(p) => {
          setFormOpen(false);
          message.success('已保存为草稿，发布前将进行就业歧视审核');
          void load();
          setViewing(p);
        }}
      />
      <Drawer
        open={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing?.title}
        size={Math.min(560, typeof window === 'undefined' ? 560 : window.innerWidth)}
        extra={
          viewing ? <Tag color={statusColor[viewing.status]}>{postingStatuses[viewing.status]}</Tag> : null
        }
      >
        {viewing ? (
          <>
            <PostingDetails p={viewing} />
            {viewing.check ? (
              <Card size="small" title="就业歧视审核" style={{ marginTop: 12 }}>
                <CheckResult check={viewing.check} />
                <Link to={`/policy/decisions/${viewing.check.decisionId}`}>查看决定记录</Link>
              </Card>
            ) : null}
            {canManage && viewing.status !== 'published' ? (
              <Button type="primary" block style={{ marginTop: 12 }} onClick={() => publish(viewing)}>
                {viewing.status === 'closed' ? '重新开放' : '审核并发布'}
              </Button>
            ) : null}
          </>
        ) : null}
      </Drawer>
    </Page>
  );
}
