import { stepKinds, type TCandidateList, type TIdentification, type TPlace } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { countyCode, registryApi } from '../../registry/registry.api.ts';
import { assistanceApi, categoryColors } from './assistance.api.ts';

interface StepForm {
  kind: keyof typeof stepKinds;
  title: string;
  ownerName: string;
  dueOn: Dayjs;
}

const stepOptions = Object.entries(stepKinds).map(([value, label]) => ({ value, label }));

/** 就业困难人员认定: a township's unemployed residents screened by the rule, stored as decisions on 认定. */
export function IdentificationPage() {
  const { message } = App.useApp();
  const { access } = useSession();
  const navigate = useNavigate();
  const [townships, setTownships] = useState<TPlace[]>([]);
  const [township, setTownship] = useState<string>('410122001');
  const [onlyIdentified, setOnlyIdentified] = useState(false);
  const [nameFilter, setNameFilter] = useState('');
  const [list, setList] = useState<TCandidateList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [opening, setOpening] = useState<TIdentification | null>(null);
  const [form] = Form.useForm<{ steps: StepForm[] }>();
  const canManage = access.can('employment.manage');

  useEffect(() => {
    registryApi
      .places(countyCode)
      .then((r) => setTownships(r.places))
      .catch(() => setTownships([]));
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setList(await assistanceApi.candidates(township, onlyIdentified));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [township, onlyIdentified]);
  useEffect(() => {
    void load();
  }, [load]);

  async function identify(c: TIdentification) {
    setBusy(c.personId);
    try {
      const r = await assistanceApi.identify({ personId: c.personId });
      message.success(r.category ? `已认定：${r.categoryLabel}` : '已保存：不符合认定条件');
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function openCase() {
    if (!opening) return;
    const values = await form.validateFields();
    setBusy(opening.personId);
    try {
      const c = await assistanceApi.openCase({
        personId: opening.personId,
        steps: (values.steps ?? []).map((s) => ({ ...s, dueOn: s.dueOn.format('YYYY-MM-DD') })),
      });
      message.success('已开立援助个案');
      setOpening(null);
      navigate(`/employment/assistance/cases/${c.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Page
      title="就业困难人员认定"
      subTitle="按乡镇（街道）筛查失业人员，依规则认定类别并保存决定记录"
      extra={
        <>
          <Select
            style={{ width: 200 }}
            value={township}
            onChange={setTownship}
            options={townships.map((t) => ({ value: t.code, label: t.name }))}
            aria-label="乡镇（街道）"
          />
          <Input.Search
            allowClear
            placeholder="按姓名筛选"
            style={{ width: 160 }}
            onSearch={setNameFilter}
            onChange={(e) => setNameFilter(e.target.value)}
            aria-label="按姓名筛选"
          />
          <Space>
            <Switch checked={onlyIdentified} onChange={setOnlyIdentified} aria-label="只看符合条件" />
            <span>只看符合条件</span>
          </Space>
        </>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      {list ? (
        <Typography.Paragraph type="secondary">
          本次筛查失业人员 {list.screened} 人，列出 {list.candidates.length}{' '}
          人。未保存的结论为按今日登记信息试算。
        </Typography.Paragraph>
      ) : null}
      <Table<TIdentification>
        rowKey="personId"
        loading={loading}
        dataSource={(list?.candidates ?? []).filter(
          (c) => !nameFilter || c.personName.includes(nameFilter.trim()),
        )}
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (c) => (
            <ol style={{ margin: 0, paddingInlineStart: 22, lineHeight: 1.9 }}>
              {c.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ol>
          ),
        }}
        columns={[
          { title: '姓名', dataIndex: 'personName', width: 100 },
          { title: '身份证号', dataIndex: 'idNumberMasked', width: 190 },
          {
            title: '性别/年龄',
            width: 90,
            render: (_, c) => `${c.gender === 'M' ? '男' : '女'} ${c.age}岁`,
          },
          { title: '村（社区）', dataIndex: 'villageName', ellipsis: true },
          {
            title: '登记情况',
            render: (_, c) => (
              <Space size={4} wrap>
                {c.facts.registeredUnemployed ? <Tag>已失业登记</Tag> : <Tag color="default">未失业登记</Tag>}
                <Tag>失业 {c.facts.unemployedMonths} 个月</Tag>
                <Tag>距退休 {c.facts.yearsToRetirement} 年</Tag>
                {c.facts.memberOfZeroEmploymentHousehold ? <Tag color="red">零就业家庭</Tag> : null}
              </Space>
            ),
          },
          {
            title: '认定结论',
            width: 200,
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                {c.category ? (
                  <Tag color={categoryColors[c.category] ?? 'blue'}>{c.categoryLabel}</Tag>
                ) : (
                  <Tag>不符合</Tag>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.decisionId ? (
                    <Link to={`/policy/decisions/${c.decisionId}`}>已认定 {c.asOf}</Link>
                  ) : (
                    '试算，未保存'
                  )}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '操作',
            width: 190,
            render: (_, c) => (
              <Space>
                {canManage ? (
                  <Button size="small" loading={busy === c.personId} onClick={() => identify(c)}>
                    {c.decisionId ? '重新认定' : '认定'}
                  </Button>
                ) : null}
                {c.openCaseId ? (
                  <Link to={`/employment/assistance/cases/${c.openCaseId}`}>查看个案</Link>
                ) : canManage && c.decisionId && c.category ? (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => {
                      form.setFieldsValue({
                        steps: [
                          {
                            kind: 'guidance',
                            title: '职业指导，了解就业意愿',
                            ownerName: '',
                            dueOn: dayjs().add(7, 'day'),
                          },
                        ],
                      });
                      setOpening(c);
                    }}
                  >
                    开立个案
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={opening ? `开立援助个案：${opening.personName}` : ''}
        open={opening !== null}
        onCancel={() => setOpening(null)}
        onOk={openCase}
        okText="开立"
        confirmLoading={busy !== null}
        width={760}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          制定个性化帮扶计划：每项措施须有责任人和完成期限，可在个案页继续增加。
        </Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '请选择' }]}>
                      <Select style={{ width: 130 }} options={stepOptions} aria-label="措施类别" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'title']}
                      rules={[{ required: true, message: '请填写措施内容' }]}
                    >
                      <Input style={{ width: 220 }} placeholder="措施内容" aria-label="措施内容" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'ownerName']}
                      rules={[{ required: true, message: '请填写责任人' }]}
                    >
                      <Input style={{ width: 130 }} placeholder="责任人" aria-label="责任人" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: '请选择期限' }]}>
                      <DatePicker placeholder="完成期限" aria-label="完成期限" />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Button
                  onClick={() =>
                    add({ kind: 'job_referral', title: '', ownerName: '', dueOn: dayjs().add(14, 'day') })
                  }
                >
                  增加措施
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Page>
  );
}
