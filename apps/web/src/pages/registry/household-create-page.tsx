import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { checkIdNumber, householdRelations, type TNewHouseholdMember } from '@qiaoti/contracts';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { applyServerIssues } from '../../app/forms.ts';
import { Page } from '../../app/layout.tsx';
import { registryApi } from './registry.api.ts';
import { VillageCascader } from './village-cascader.tsx';

interface MemberRow {
  idNumber: string;
  name?: string;
  relation: keyof typeof householdRelations;
}
interface Values {
  householdNumber?: string;
  villageCode: string;
  address?: string;
  fromDate?: Dayjs;
  members: MemberRow[];
}

const relationOptions = Object.entries(householdRelations).map(([value, label]) => ({ value, label }));

/**
 * 登记家庭户: where it is and its members by ID number. A member already in the registry is linked; a new one is
 * registered with the household (the name is needed then). The server creates all or nothing.
 */
export function HouseholdCreatePage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const head = (location.state as { headPersonId?: string; headName?: string } | null) ?? null;

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const members: TNewHouseholdMember[] = [];
      if (head?.headPersonId) members.push({ personId: head.headPersonId, relation: 'head' });
      for (const [i, m] of v.members.entries()) {
        const found = await registryApi.searchPersons({ idNumber: m.idNumber.trim() });
        const person = found.persons[0];
        if (person) members.push({ personId: person.id, relation: m.relation });
        else if (m.name?.trim())
          members.push({
            person: { idNumber: m.idNumber.trim(), name: m.name.trim() },
            relation: m.relation,
          });
        else {
          form.setFields([
            { name: ['members', i, 'name'], errors: ['此身份证号尚未登记，请填写姓名以便一并登记'] },
          ]);
          return;
        }
      }
      const created = await registryApi.createHousehold({
        householdNumber: v.householdNumber?.trim() || null,
        villageCode: v.villageCode,
        address: v.address?.trim() || null,
        ...(v.fromDate ? { fromDate: v.fromDate.format('YYYY-MM-DD') } : {}),
        members,
      });
      navigate(`/registry/households/${created.id}`, { replace: true });
    } catch (e) {
      setError(
        applyServerIssues(form, e, ['householdNumber', 'villageCode', 'address', 'fromDate', 'members']),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="登记家庭户">
      <Card size="small">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<Values>
          form={form}
          labelCol={{ flex: '110px' }}
          wrapperCol={{ flex: 'auto' }}
          style={{ maxWidth: 860 }}
          onFinish={submit}
          disabled={busy}
          initialValues={{ members: head ? [] : [{ relation: 'head' }] }}
        >
          <Form.Item
            name="householdNumber"
            label="户号"
            rules={[{ pattern: /^[0-9A-Za-z-]+$/, message: '户号只能包含数字、字母和连字符' }]}
          >
            <Input maxLength={30} style={{ width: 240 }} placeholder="户口簿上的户号（可不填）" />
          </Form.Item>
          <Form.Item
            name="villageCode"
            label="所在村（社区）"
            rules={[{ required: true, message: '请选择所在村（社区）' }]}
          >
            <VillageCascader style={{ maxWidth: 400 }} />
          </Form.Item>
          <Form.Item name="address" label="地址" rules={[{ max: 200, message: '地址不能超过 200 个字' }]}>
            <Input maxLength={200} placeholder="门牌号等" />
          </Form.Item>
          <Form.Item name="fromDate" label="入户日期" extra="不填为今天">
            <DatePicker />
          </Form.Item>
          <Form.Item label="家庭成员" required>
            {head?.headName ? (
              <Typography.Paragraph>
                户主：<Typography.Text strong>{head.headName}</Typography.Text>
              </Typography.Paragraph>
            ) : null}
            <Form.List
              name="members"
              rules={[
                {
                  validator: async (_, rows: MemberRow[] | undefined) => {
                    const list = rows ?? [];
                    const heads =
                      list.filter((r) => r?.relation === 'head').length + (head?.headPersonId ? 1 : 0);
                    if (list.length + (head?.headPersonId ? 1 : 0) === 0)
                      throw new Error('家庭户至少要有一名成员');
                    if (heads !== 1) throw new Error('家庭户须有且只有一名户主');
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                      <Form.Item
                        name={[f.name, 'idNumber']}
                        validateTrigger="onBlur"
                        rules={[
                          {
                            validator: (_: unknown, v: string | undefined) => {
                              if (!v?.trim()) return Promise.reject(new Error('请填写身份证号'));
                              const r = checkIdNumber(v);
                              return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
                            },
                          },
                        ]}
                      >
                        <Input
                          placeholder="身份证号"
                          maxLength={24}
                          style={{ width: 230 }}
                          autoComplete="off"
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'name']}>
                        <Input placeholder="姓名（新登记时填写）" maxLength={50} style={{ width: 170 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'relation']}
                        rules={[{ required: true, message: '请选择关系' }]}
                      >
                        <Select
                          placeholder="与户主关系"
                          options={
                            head?.headPersonId
                              ? relationOptions.filter((o) => o.value !== 'head')
                              : relationOptions
                          }
                          style={{ width: 150 }}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(f.name)}
                        aria-label="移除"
                      />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ relation: undefined })}>
                    添加成员
                  </Button>
                  <Form.ErrorList errors={errors} />
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy}>
                保存
              </Button>
              <Link to="/registry/households">
                <Button>取消</Button>
              </Link>
            </Space>
          </Form.Item>
        </Form>
      </Card>
    </Page>
  );
}
