import {
  contractTypes,
  educationLevels,
  hoursKinds,
  type TCreatePostingRequest,
  type TPosting,
  type TPostingCheck,
  type TPostingFinding,
  type TWorkplace,
} from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { applyServerIssues } from '../../app/forms.ts';
import { useSubmissionKey } from '../../app/submission-key.ts';
import { countyCode, registryApi } from '../registry/registry.api.ts';
import { VillageCascader } from '../registry/village-cascader.tsx';
import { EmployerSelect } from './employer-select.tsx';
import { employmentApi } from './employment.api.ts';
import { OccupationCascader } from './occupation-cascader.tsx';

interface FormValues {
  organisationId?: string;
  title: string;
  occupationCode: string;
  description?: string;
  skills?: string[];
  education?: string | null;
  experienceYears?: number;
  wageMinYuan: number;
  wageMaxYuan: number;
  workplaceKind: TWorkplace['kind'];
  villageCode?: string;
  townshipCode?: string;
  outsideName?: string;
  hours: TCreatePostingRequest['hours'];
  hoursNote?: string;
  headcount: number;
  contractType: TCreatePostingRequest['contractType'];
  closingDate?: string;
}

const fields = [
  'organisationId',
  'title',
  'occupationCode',
  'description',
  'skills',
  'education',
  'experienceYears',
  'wageMinFen',
  'wageMaxFen',
  'workplace',
  'hours',
  'hoursNote',
  'headcount',
  'contractType',
  'closingDate',
];

function toValues(p: TPosting | null): Partial<FormValues> {
  if (!p)
    return {
      workplaceKind: 'village',
      hours: 'full_time',
      contractType: 'fixed_term',
      headcount: 1,
      experienceYears: 0,
    };
  return {
    organisationId: p.organisationId,
    title: p.title,
    occupationCode: p.occupationCode,
    description: p.description,
    skills: p.skills,
    education: p.education,
    experienceYears: p.experienceYears,
    wageMinYuan: p.wageMinFen / 100,
    wageMaxYuan: p.wageMaxFen / 100,
    workplaceKind: p.workplace.kind,
    ...(p.workplace.kind === 'village' ? { villageCode: p.workplace.code } : {}),
    ...(p.workplace.kind === 'township' ? { townshipCode: p.workplace.code } : {}),
    ...(p.workplace.kind === 'outside' ? { outsideName: p.workplace.name } : {}),
    hours: p.hours,
    hoursNote: p.hoursNote ?? '',
    headcount: p.headcount,
    contractType: p.contractType,
    closingDate: p.closingDate ?? '',
  };
}

function toBody(v: FormValues) {
  const workplace: TWorkplace =
    v.workplaceKind === 'village'
      ? { kind: 'village', code: v.villageCode ?? '' }
      : v.workplaceKind === 'township'
        ? { kind: 'township', code: v.townshipCode ?? '' }
        : { kind: 'outside', name: v.outsideName ?? '' };
  return {
    title: v.title,
    occupationCode: v.occupationCode,
    description: v.description ?? '',
    skills: v.skills ?? [],
    education: (v.education ?? null) as TCreatePostingRequest['education'],
    experienceYears: v.experienceYears ?? 0,
    wageMinFen: Math.round(v.wageMinYuan * 100),
    wageMaxFen: Math.round(v.wageMaxYuan * 100),
    workplace,
    hours: v.hours,
    hoursNote: v.hoursNote?.trim() ? v.hoursNote.trim() : null,
    hoursPerWeek: null,
    headcount: v.headcount,
    contractType: v.contractType,
    closingDate: v.closingDate?.trim() ? v.closingDate.trim() : null,
  };
}

/** 岗位登记/修改 in a drawer. Staff pick the employer; an employer's account posts for its own organisation. */
export function PostingFormDrawer({
  open,
  posting,
  staff,
  onClose,
  onSaved,
}: {
  open: boolean;
  posting: TPosting | null;
  staff: boolean;
  onClose: () => void;
  onSaved: (p: TPosting) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per save of a new posting (kept across retries, new after success).
  const submission = useSubmissionKey();
  const [townships, setTownships] = useState<{ value: string; label: string }[]>([]);
  const kind = Form.useWatch('workplaceKind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toValues(posting));
    setError(null);
  }, [open, posting, form]);

  useEffect(() => {
    if (!open) return;
    registryApi
      .places(countyCode)
      .then((r) => setTownships(r.places.map((p) => ({ value: p.code, label: p.name }))))
      .catch(() => undefined);
  }, [open]);

  async function save(v: FormValues) {
    setBusy(true);
    setError(null);
    try {
      const body = toBody(v);
      const saved = posting
        ? await employmentApi.updatePosting(posting.id, { ...body, version: posting.version })
        : await submission.run((key) =>
            employmentApi.createPosting(
              { ...body, ...(staff ? { organisationId: v.organisationId } : {}) },
              key,
            ),
          );
      onSaved(saved);
    } catch (e) {
      setError(applyServerIssues(form, e, fields));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={posting ? '修改岗位' : '登记岗位'}
      size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="posting-save">
          保存草稿
        </Button>
      }
    >
      {posting?.status === 'published' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="招聘中的岗位修改后回到草稿，须重新发布（重新审核）。"
        />
      ) : null}
      {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} /> : null}
      <Form form={form} layout="vertical" onFinish={save} requiredMark="optional">
        {staff && !posting ? (
          <Form.Item
            name="organisationId"
            label="用人单位"
            rules={[{ required: true, message: '请选择用人单位' }]}
          >
            <EmployerSelect />
          </Form.Item>
        ) : null}
        <Form.Item name="title" label="岗位名称" rules={[{ required: true, message: '请填写岗位名称' }]}>
          <Input maxLength={40} placeholder="如：仓库管理员" />
        </Form.Item>
        <Form.Item
          name="occupationCode"
          label="职业（职业分类大典）"
          rules={[{ required: true, message: '请选择职业' }]}
        >
          <OccupationCascader />
        </Form.Item>
        <Form.Item
          name="description"
          label="岗位描述与任职要求"
          extra="请勿填写性别、婚育、乙肝、民族、户籍等歧视性条件；发布前将自动审核。"
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="skills" label="技能要求">
          <Select mode="tags" placeholder="输入后回车，可填多项" tokenSeparators={['，', ',', '、']} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="education" label="最低学历" style={{ flex: 1 }}>
            <Select
              allowClear
              placeholder="不限"
              options={Object.entries(educationLevels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="experienceYears" label="工作经验（年）" style={{ flex: 1 }}>
            <InputNumber min={0} max={40} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item
            name="wageMinYuan"
            label="月工资下限（元）"
            rules={[{ required: true, message: '请填写' }]}
            style={{ flex: 1 }}
          >
            <InputNumber min={0} step={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="wageMaxYuan"
            label="月工资上限（元）"
            rules={[{ required: true, message: '请填写' }]}
            style={{ flex: 1 }}
          >
            <InputNumber min={0} step={100} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="workplaceKind" label="工作地点">
          <Radio.Group
            options={[
              { value: 'village', label: '本县村（社区）' },
              { value: 'township', label: '本县乡镇（街道）' },
              { value: 'outside', label: '县外' },
            ]}
          />
        </Form.Item>
        {kind === 'village' ? (
          <Form.Item name="villageCode" rules={[{ required: true, message: '请选择村（社区）' }]}>
            <VillageCascader />
          </Form.Item>
        ) : kind === 'township' ? (
          <Form.Item name="townshipCode" rules={[{ required: true, message: '请选择乡镇（街道）' }]}>
            <Select options={townships} placeholder="选择乡镇（街道）" data-testid="township-select" />
          </Form.Item>
        ) : (
          <Form.Item name="outsideName" rules={[{ required: true, message: '请填写县外工作地点' }]}>
            <Input placeholder="如：郑州市经开区" maxLength={60} />
          </Form.Item>
        )}
        <Space.Compact block>
          <Form.Item name="hours" label="工作时间" style={{ flex: 1 }}>
            <Select options={Object.entries(hoursKinds).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="hoursNote" label="班次说明" style={{ flex: 2 }}>
            <Input placeholder="如：8:00—17:00，月休 4 天" maxLength={60} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item
            name="headcount"
            label="招聘人数"
            rules={[{ required: true, message: '请填写' }]}
            style={{ flex: 1 }}
          >
            <InputNumber min={1} max={10000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="contractType" label="用工形式" style={{ flex: 2 }}>
            <Select options={Object.entries(contractTypes).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="closingDate" label="截止日期" extra="不填则长期有效">
          <Input type="date" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function Findings({ items, color }: { items: TPostingFinding[]; color: string }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(f) => (
        <List.Item>
          <div>
            <Typography.Text>{f.sentence.replace(/（依据：.*）$/, '')}</Typography.Text>
            <div>
              {f.cites.map((c) => (
                <Tag
                  key={c.id}
                  color={color}
                  style={{ marginTop: 4, whiteSpace: 'normal', maxWidth: '100%' }}
                >
                  {c.citation}
                </Tag>
              ))}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}

/** The last discrimination check of a posting: blocked reasons with their clauses, or the age-limit warning. */
export function CheckResult({ check }: { check: TPostingCheck }) {
  if (check.outcome === 'ok')
    return <Alert type="success" showIcon title="已通过就业歧视审核" data-testid="check-ok" />;
  return (
    <div data-testid="check-result">
      <Alert
        type={check.outcome === 'block' ? 'error' : 'warning'}
        showIcon
        title={check.outcomeText}
        style={{ marginBottom: 8 }}
      />
      {check.blocked.length ? <Findings items={check.blocked} color="red" /> : null}
      {check.warnings.length ? <Findings items={check.warnings} color="orange" /> : null}
    </div>
  );
}

/**
 * Publish with the check: blocked → the reasons and clauses; an age limit → a confirmation; ok → published.
 * Returns the posting as it stands after the attempt.
 */
export function usePublish(onDone: (p: TPosting) => void) {
  const { modal, message } = App.useApp();
  return async function publish(p: TPosting, confirmAgeLimit = false): Promise<void> {
    try {
      const r = await employmentApi.publish(p.id, confirmAgeLimit);
      onDone(r.posting);
      if (r.result === 'published') {
        message.success(r.message);
        return;
      }
      const check = r.posting.check;
      if (r.result === 'blocked') {
        modal.error({
          title: '岗位未能发布',
          width: 'min(560px, calc(100vw - 24px))',
          content: check ? <CheckResult check={check} /> : r.message,
          okText: '去修改',
        });
        return;
      }
      modal.confirm({
        title: '岗位含年龄限制',
        width: 'min(560px, calc(100vw - 24px))',
        content: (
          <div>
            {check ? <CheckResult check={check} /> : null}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              法律未明确禁止年龄限制，但可能排斥部分求职者。确认按现有内容发布吗？
            </Typography.Paragraph>
          </div>
        ),
        okText: '确认发布',
        cancelText: '返回修改',
        onOk: () => publish(r.posting, true),
      });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
}
