import { educationLevels, hoursKinds, seekerStatuses, type TSeeker } from '@qiaoti/contracts';
import { Alert, Button, Descriptions, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { applyServerIssues } from '../../app/forms.ts';
import { employmentApi } from './employment.api.ts';
import { OccupationCascader } from './occupation-cascader.tsx';

interface Values {
  occupation1?: string;
  occupation2?: string;
  skills?: string[];
  education?: string | null;
  experienceYears?: number;
  expectedWageYuan?: number | null;
  maxCommuteKm?: number | null;
  hoursWanted?: string[];
  availableFrom?: string;
  certificates?: string[];
  status?: string;
}

const fields = [
  'occupationsWanted',
  'skills',
  'education',
  'experienceYears',
  'expectedWageFen',
  'maxCommuteKm',
  'hoursWanted',
  'availableFrom',
  'certificates',
];

/**
 * 求职登记 form: new (staff for a person, or a citizen for themselves) or edit. Occupations come from the
 * classification; the wage is entered in yuan and sent in fen.
 */
export function SeekerForm({
  seeker,
  personId,
  staff,
  onSaved,
}: {
  seeker: TSeeker | null;
  personId?: string;
  staff: boolean;
  onSaved: (s: TSeeker) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    form.resetFields();
    if (seeker)
      form.setFieldsValue({
        occupation1: seeker.occupationsWanted[0]?.code,
        occupation2: seeker.occupationsWanted[1]?.code,
        skills: seeker.skills,
        education: seeker.education,
        experienceYears: seeker.experienceYears,
        expectedWageYuan: seeker.expectedWageFen === null ? null : seeker.expectedWageFen / 100,
        maxCommuteKm: seeker.maxCommuteKm,
        hoursWanted: seeker.hoursWanted,
        availableFrom: seeker.availableFrom ?? '',
        certificates: seeker.certificates,
      });
  }, [seeker, form]);

  async function save(v: Values) {
    setBusy(true);
    setError(null);
    const body = {
      occupationsWanted: [v.occupation1, v.occupation2].filter((x): x is string => Boolean(x)),
      skills: v.skills ?? [],
      education: (v.education ?? null) as TSeeker['education'],
      experienceYears: v.experienceYears ?? 0,
      expectedWageFen: v.expectedWageYuan ? Math.round(v.expectedWageYuan * 100) : null,
      maxCommuteKm: v.maxCommuteKm ?? null,
      hoursWanted: (v.hoursWanted ?? []) as TSeeker['hoursWanted'],
      availableFrom: v.availableFrom?.trim() ? v.availableFrom : null,
      certificates: v.certificates ?? [],
    };
    try {
      const saved = seeker
        ? await employmentApi.updateSeeker(seeker.id, { ...body, version: seeker.version })
        : await employmentApi.registerSeeker({
            ...body,
            ...(personId ? { personId } : {}),
            ...(v.status ? { status: v.status as 'registered' } : {}),
          });
      onSaved(saved);
    } catch (e) {
      setError(applyServerIssues(form, e, fields));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={save} requiredMark="optional" data-testid="seeker-form">
      {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} /> : null}
      <Form.Item name="occupation1" label="意向职业" rules={[{ required: true, message: '请选择意向职业' }]}>
        <OccupationCascader />
      </Form.Item>
      <Form.Item name="occupation2" label="第二意向职业">
        <OccupationCascader placeholder="可不填" />
      </Form.Item>
      <Form.Item name="skills" label="技能">
        <Select mode="tags" placeholder="输入后回车，可填多项" tokenSeparators={['，', ',', '、']} />
      </Form.Item>
      <Form.Item name="education" label="学历" extra={seeker ? undefined : '不填则取人员登记中的学历'}>
        <Select
          allowClear
          options={Object.entries(educationLevels).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item name="experienceYears" label="工作经验（年）">
        <InputNumber min={0} max={60} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="expectedWageYuan" label="期望月工资（元）">
        <InputNumber min={0} step={100} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="maxCommuteKm" label="可接受通勤距离（公里）" extra="不填按 20 公里估算">
        <InputNumber min={0} max={500} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="hoursWanted" label="可接受的工作时间">
        <Select
          mode="multiple"
          allowClear
          placeholder="不限"
          options={Object.entries(hoursKinds).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item name="availableFrom" label="可到岗日期">
        <Input type="date" />
      </Form.Item>
      <Form.Item name="certificates" label="证书">
        <Select mode="tags" placeholder="如：叉车证、健康证" tokenSeparators={['，', ',', '、']} />
      </Form.Item>
      {staff && !seeker ? (
        <Form.Item name="status" label="登记时状态" initialValue="unemployed">
          <Select
            options={(['registered', 'unemployed', 'in_training', 'flexible'] as const).map((s) => ({
              value: s,
              label: seekerStatuses[s],
            }))}
          />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="seeker-save">
        {seeker ? '保存修改' : '提交求职登记'}
      </Button>
    </Form>
  );
}

export const seekerStatusColor: Record<TSeeker['status'], string> = {
  registered: 'blue',
  unemployed: 'orange',
  employed: 'green',
  in_training: 'purple',
  flexible: 'cyan',
};

export function SeekerDetails({ s }: { s: TSeeker }) {
  return (
    <Descriptions column={1} size="small" styles={{ label: { width: 96 } }}>
      <Descriptions.Item label="姓名">
        {s.name}
        {s.idNumberMasked ? (
          <Typography.Text type="secondary" className="qt-mono" style={{ marginLeft: 8 }}>
            {s.idNumberMasked}
          </Typography.Text>
        ) : null}
      </Descriptions.Item>
      <Descriptions.Item label="年龄">{s.age} 岁</Descriptions.Item>
      <Descriptions.Item label="居住地">{s.placeText}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <Tag color={seekerStatusColor[s.status]}>{seekerStatuses[s.status]}</Tag>
        <Typography.Text type="secondary">自 {s.statusSince}</Typography.Text>
        {s.assistancePriority ? <Tag color="gold">就业援助对象</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label="意向职业">
        {s.occupationsWanted.map((o) => o.name).join('、') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label="技能">
        {s.skills.length ? s.skills.map((k) => <Tag key={k}>{k}</Tag>) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label="学历">{s.education ? educationLevels[s.education] : '—'}</Descriptions.Item>
      <Descriptions.Item label="期望工资">
        {s.expectedWageFen === null ? '面议' : `${Math.round(s.expectedWageFen / 100)} 元/月`}
      </Descriptions.Item>
      <Descriptions.Item label="通勤">
        {s.maxCommuteKm === null ? '未填（按 20 公里）' : `${s.maxCommuteKm} 公里以内`}
      </Descriptions.Item>
      <Descriptions.Item label="工作时间">
        {s.hoursWanted.map((h) => hoursKinds[h]).join('、') || '不限'}
      </Descriptions.Item>
      <Descriptions.Item label="证书">{s.certificates.join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label="登记">{`${s.registeredOn}（${s.channel === 'portal' ? '本人网上登记' : s.channel === 'staff' ? '窗口登记' : '批量导入'}）`}</Descriptions.Item>
    </Descriptions>
  );
}
