import { SaveOutlined } from '@ant-design/icons';
import {
  checkIdNumber,
  checkPhone,
  educationLevels,
  genders,
  hukouKinds,
  type TPersonDetail,
} from '@qiaoti/contracts';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Skeleton, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../app/api.ts';
import { applyServerIssues } from '../../app/forms.ts';
import { Page } from '../../app/layout.tsx';
import { registryApi } from './registry.api.ts';
import { VillageCascader } from './village-cascader.tsx';

interface Values {
  idNumber?: string;
  name: string;
  phone?: string;
  hukouPlaceCode?: string;
  hukouKind?: keyof typeof hukouKinds;
  residenceVillageCode?: string;
  education?: keyof typeof educationLevels;
  effectiveOn?: Dayjs;
}

const fieldNames = [
  'idNumber',
  'name',
  'phone',
  'hukouPlaceCode',
  'hukouKind',
  'residenceVillageCode',
  'education',
  'effectiveOn',
];

/** The same checks as the server's contract (ZPersonName, ZIdNumber, ZPhone), so the form says what the server would. */
const rules = {
  idNumber: [
    {
      validator: (_: unknown, v: string | undefined) => {
        if (!v?.trim()) return Promise.reject(new Error('请填写身份证号'));
        const r = checkIdNumber(v);
        return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
      },
    },
  ],
  name: [
    { required: true, whitespace: true, message: '请填写姓名' },
    { max: 50, message: '姓名不能超过 50 个字' },
    { pattern: /^[\p{L}\p{M}·•.\- ]+$/u, message: '姓名只能包含文字、空格和间隔号（·）' },
  ],
  phone: [
    {
      validator: (_: unknown, v: string | undefined) => {
        if (!v?.trim()) return Promise.resolve();
        const r = checkPhone(v);
        return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
      },
    },
  ],
};

/** 登记人员 (no id in the route) and 修改人员信息 (with one). */
export function PersonEditPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [person, setPerson] = useState<TPersonDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idNumber = Form.useWatch('idNumber', form);
  const derived = idNumber ? checkIdNumber(idNumber) : null;

  useEffect(() => {
    if (!id) return;
    registryApi
      .getPerson(id)
      .then((p) => {
        setPerson(p);
        form.setFieldsValue({
          name: p.name,
          hukouPlaceCode: p.hukouPlaceCode ?? undefined,
          hukouKind: p.hukouKind ?? undefined,
          residenceVillageCode: p.villageCode ?? undefined,
          education: p.education ?? undefined,
        });
      })
      .catch((e) => setLoadError(errorMessage(e)));
  }, [id, form]);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      if (!id) {
        const created = await registryApi.createPerson({
          idNumber: (v.idNumber ?? '').trim(),
          name: v.name.trim(),
          phone: v.phone?.trim() || null,
          hukouPlaceCode: v.hukouPlaceCode ?? null,
          hukouKind: v.hukouKind ?? null,
          residenceVillageCode: v.residenceVillageCode ?? null,
          education: v.education ?? null,
        });
        navigate(`/registry/persons/${created.id}`, { replace: true });
      } else if (person) {
        await registryApi.updatePerson(id, {
          version: person.version,
          name: v.name.trim(),
          ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          hukouPlaceCode: v.hukouPlaceCode ?? null,
          hukouKind: v.hukouKind ?? null,
          residenceVillageCode: v.residenceVillageCode ?? null,
          education: v.education ?? null,
          ...(v.effectiveOn ? { effectiveOn: v.effectiveOn.format('YYYY-MM-DD') } : {}),
        });
        navigate(`/registry/persons/${id}`, { replace: true });
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DUPLICATE_ID_NUMBER') {
        form.setFields([{ name: 'idNumber', errors: [e.message] }]);
      } else if (e instanceof ApiError && e.code === 'CONFLICT') {
        setError('该人员信息已被他人修改。请刷新页面查看最新内容后再修改。');
      } else {
        setError(applyServerIssues(form, e, fieldNames));
      }
    } finally {
      setBusy(false);
    }
  }

  const title = id ? '修改人员信息' : '登记人员';
  if (loadError)
    return (
      <Page title={title}>
        <Alert type="error" showIcon title={loadError} />
      </Page>
    );
  if (id && !person)
    return (
      <Page title={title}>
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  return (
    <Page title={person ? `${title} · ${person.name}` : title}>
      <Card size="small">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '120px' }}
          wrapperCol={{ flex: 'auto' }}
          style={{ maxWidth: 720 }}
          onFinish={submit}
          disabled={busy}
          scrollToFirstError
        >
          {id ? (
            <Form.Item label="身份证号">
              <span className="qt-mono">{person?.idNumberMasked}</span>
              <span style={{ color: '#8c8c8c', marginLeft: 12 }}>
                身份证号登记后不可修改；如有错误请联系系统管理员。
              </span>
            </Form.Item>
          ) : (
            <Form.Item
              name="idNumber"
              label="身份证号"
              rules={rules.idNumber}
              required
              validateDebounce={300}
              extra={
                derived?.ok
                  ? `出生日期 ${derived.birthDate}，性别 ${genders[derived.gender]}（由身份证号自动得出）`
                  : '出生日期和性别由身份证号自动得出'
              }
            >
              <Input maxLength={24} autoComplete="off" placeholder="18 位身份证号" />
            </Form.Item>
          )}
          <Form.Item name="name" label="姓名" rules={rules.name} required>
            <Input maxLength={50} placeholder="与身份证一致" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="手机号"
            rules={rules.phone}
            extra={id && person?.phoneMasked ? `现登记为 ${person.phoneMasked}；留空表示不修改。` : undefined}
          >
            <Input maxLength={20} autoComplete="off" placeholder="11 位手机号，或带区号的座机" />
          </Form.Item>
          <Form.Item name="residenceVillageCode" label="居住村（社区）">
            <VillageCascader />
          </Form.Item>
          <Form.Item name="hukouPlaceCode" label="户籍地" extra="户籍在本县的，选择所在村（社区）">
            <VillageCascader placeholder="选择户籍所在乡镇 / 村（社区）" />
          </Form.Item>
          <Form.Item name="hukouKind" label="户口性质">
            <Select
              allowClear
              placeholder="请选择"
              options={Object.entries(hukouKinds).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="education" label="学历">
            <Select
              allowClear
              placeholder="最高学历"
              options={Object.entries(educationLevels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          {id ? (
            <Form.Item
              name="effectiveOn"
              label="变动日期"
              extra="居住地、户籍或学历变动的实际日期，不填为今天；将记入流动记录。"
            >
              <DatePicker style={{ width: 200 }} />
            </Form.Item>
          ) : null}
          <Form.Item label=" " colon={false}>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy}>
                保存
              </Button>
              <Link to={id ? `/registry/persons/${id}` : '/registry/persons'}>
                <Button>取消</Button>
              </Link>
            </Space>
          </Form.Item>
        </Form>
      </Card>
    </Page>
  );
}
