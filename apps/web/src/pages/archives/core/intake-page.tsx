import {
  archiveChannelLabels,
  archiveMaterialClasses,
  type TIntakeMaterialList,
  type TIntakeResult,
  type TPersonSummary,
} from '@qiaoti/contracts';
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
  List,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { registryApi } from '../../registry/registry.api.ts';
import { archivesApi } from './archives.api.ts';

const scopes = {
  non_public_staff: '非公有制企业和社会组织聘用人员',
  left_public_sector: '离开机关事业单位、国企的人员',
  unemployed_graduate: '未就业的高校、中专毕业生',
  abroad_self_funded: '自费出国留学及因私出国（境）人员',
  foreign_office_staff: '外国企业常驻代表机构的中方雇员',
  flexible_employment: '自由职业或灵活就业人员',
  other_social: '其他实行社会管理人员',
  none: '以上都不是',
} as const;

interface FormValues {
  scope: keyof typeof scopes;
  locatedHere: boolean;
  channel: keyof typeof archiveChannelLabels;
  missing: string[];
  pledgeDueDate?: Dayjs;
  original: number;
  copy: number;
  materials?: { class: number; title: string; pages: number }[];
}

/**
 * 接收档案: find the person by ID number, answer the intake questions; the rule `archives.intake.decision`
 * decides and the decision is stored with its clauses. The page lists what is required and what may never be
 * asked for (行政（工资）介绍信, 转正定级表, 调整改派手续), straight from the rulebook. No fee anywhere.
 */
export function IntakePage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [idNumber, setIdNumber] = useState('');
  const [persons, setPersons] = useState<TPersonSummary[] | null>(null);
  const [person, setPerson] = useState<TPersonSummary | null>(null);
  const [materials, setMaterials] = useState<TIntakeMaterialList | null>(null);
  const [result, setResult] = useState<TIntakeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmissionKey();
  const missing = Form.useWatch('missing', form) ?? [];

  useEffect(() => {
    archivesApi
      .intakeMaterials()
      .then(setMaterials)
      .catch(() => setMaterials(null));
  }, []);

  const find = async () => {
    try {
      const r = await registryApi.searchPersons({ idNumber: idNumber.trim() });
      setPersons(r.persons);
      setPerson(r.persons[0] ?? null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const submit = async (v: FormValues) => {
    if (!person) return;
    setBusy(true);
    try {
      const r = await archivesApi.intake(
        {
          personId: person.id,
          scope: v.scope,
          locatedHere: v.locatedHere,
          channel: v.channel,
          missing: v.missing ?? [],
          ...(v.pledgeDueDate ? { pledgeDueDate: v.pledgeDueDate.format('YYYY-MM-DD') } : {}),
          volumes: { original: v.original, copy: v.copy },
          materials: (v.materials ?? []).filter((m) => m.title),
        },
        submission.current(),
      );
      submission.reset();
      setResult(r);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    const accepted = result.archiveId !== null;
    return (
      <Page title="接收档案">
        <Card>
          <Result
            status={accepted ? 'success' : 'warning'}
            title={accepted ? `已接收，档案编号 ${result.archiveNumber ?? ''}` : '不予接收'}
            subTitle={result.outcomeText}
            extra={
              <Space>
                {accepted ? (
                  <Link to={`/archives/${result.archiveId}`}>
                    <Button type="primary">查看档案</Button>
                  </Link>
                ) : null}
                <Button
                  onClick={() => {
                    setResult(null);
                    setPerson(null);
                    setPersons(null);
                    form.resetFields();
                  }}
                >
                  继续接收
                </Button>
              </Space>
            }
          />
          {result.pledge ? (
            <Alert
              type="info"
              showIcon
              title={`已记录告知承诺：${result.pledge.missing.join('、')}，${result.pledge.dueDate} 前补齐`}
              style={{ marginBottom: 12 }}
            />
          ) : null}
          <Typography.Title level={5}>依据</Typography.Title>
          <List size="small" dataSource={result.reasons} renderItem={(s) => <List.Item>{s}</List.Item>} />
          <List
            size="small"
            dataSource={result.cites}
            renderItem={(c) => (
              <List.Item>
                <Typography.Text type="secondary">{c.citation}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Page>
    );
  }

  return (
    <Page
      title="接收档案"
      subTitle="符合条件的档案不得拒收；材料不全的实行告知承诺；档案基本公共服务一律免费"
    >
      <Row gutter={12}>
        <Col xs={24} lg={15}>
          <Card size="small" title="1. 查找人员" style={{ marginBottom: 12 }}>
            <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
              <Input
                placeholder="身份证号"
                value={idNumber}
                maxLength={18}
                onChange={(e) => setIdNumber(e.target.value)}
                onPressEnter={find}
              />
              <Button onClick={find}>查找</Button>
            </Space.Compact>
            {persons && persons.length === 0 ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                title="未查到该人员，请先登记人员信息"
              />
            ) : null}
            {person ? (
              <div style={{ marginTop: 8 }}>
                <Tag color="blue">{person.name}</Tag>
                <span className="qt-mono">{person.idNumberMasked}</span>
              </div>
            ) : null}
          </Card>
          <Card size="small" title="2. 接收情况">
            <Form<FormValues>
              form={form}
              layout="vertical"
              disabled={!person}
              onFinish={submit}
              initialValues={{
                scope: 'non_public_staff',
                locatedHere: true,
                channel: 'confidential_post',
                missing: [],
                original: 1,
                copy: 0,
                materials: [],
              }}
            >
              <Form.Item name="scope" label="人员类别（第四条）" rules={[{ required: true }]}>
                <Select options={Object.entries(scopes).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name="locatedHere" label="户籍地或现工作单位在本县" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="channel" label="转来方式" rules={[{ required: true }]}>
                <Radio.Group
                  options={Object.entries(archiveChannelLabels).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
              <Form.Item
                name="missing"
                label="缺少的材料（实行告知承诺）"
                extra="行政（工资）介绍信、转正定级表、调整改派手续不得要求，填写也不计入"
              >
                <Select mode="tags" placeholder="如：报到证" tokenSeparators={['，', ',']} />
              </Form.Item>
              {missing.length > 0 ? (
                <Form.Item
                  name="pledgeDueDate"
                  label="约定补齐日期"
                  rules={[{ required: true, message: '请选择约定补齐日期' }]}
                >
                  <DatePicker />
                </Form.Item>
              ) : null}
              <Space>
                <Form.Item name="original" label="正本卷数">
                  <InputNumber min={1} max={50} />
                </Form.Item>
                <Form.Item name="copy" label="副本卷数">
                  <InputNumber min={0} max={50} />
                </Form.Item>
              </Space>
              <div>
                <Form.List name="materials">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Space key={f.key} align="baseline" wrap>
                          <Form.Item name={[f.name, 'class']} rules={[{ required: true, message: '类别' }]}>
                            <Select
                              style={{ width: 200 }}
                              placeholder="类别"
                              options={Object.entries(archiveMaterialClasses).map(([k, v]) => ({
                                value: Number(k),
                                label: `${k}. ${v}`,
                              }))}
                            />
                          </Form.Item>
                          <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '题名' }]}>
                            <Input placeholder="材料题名" maxLength={200} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'pages']} initialValue={1}>
                            <InputNumber min={0} max={10000} addonAfter="页" style={{ width: 110 }} />
                          </Form.Item>
                          <Button type="link" onClick={() => remove(f.name)}>
                            删除
                          </Button>
                        </Space>
                      ))}
                      <Button type="dashed" onClick={() => add()} style={{ marginBottom: 12 }}>
                        登记材料
                      </Button>
                    </>
                  )}
                </Form.List>
              </div>
              <div>
                <Button type="primary" htmlType="submit" loading={busy}>
                  办理接收
                </Button>
              </div>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title="审核材料">
            <Typography.Text strong>必备</Typography.Text>
            <List
              size="small"
              dataSource={materials?.required ?? []}
              renderItem={(m) => <List.Item>{m.material}</List.Item>}
            />
            <Typography.Text strong>不得要求</Typography.Text>
            <List
              size="small"
              dataSource={materials?.neverRequired ?? []}
              renderItem={(m) => (
                <List.Item>
                  <List.Item.Meta title={<s>{m.material}</s>} description={m.text} />
                </List.Item>
              )}
            />
            <Alert type="info" showIcon title="本人自带的档案不予接收，须经机要通信或专人送取转递。" />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
