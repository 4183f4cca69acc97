import type { TCreateGigTaskRequest, TGigSite, TGigTask, TOrganisationList } from '@qiaoti/contracts';
import { gigPayUnits } from '@qiaoti/contracts';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { applyServerIssues } from '../../../app/forms.ts';
import { useSubmissionKeys } from '../../../app/submission-key.ts';
import { registryApi } from '../../registry/registry.api.ts';
import { gigApi } from './gig.api.ts';

/** Who is posting: staff (for an employer or a household), an employer (itself), a citizen (their household). */
export type GigPosterMode = 'staff' | 'employer' | 'citizen';

interface TaskForm {
  siteId: string;
  title: string;
  description?: string;
  posterKind: 'employer' | 'household';
  employerId?: string;
  householdNumber?: string;
  payUnit: 'day' | 'task';
  payYuan: number;
  workDate: Dayjs;
  days: number;
  headcount: number;
}

const fields = [
  'siteId',
  'title',
  'description',
  'posterKind',
  'employerId',
  'payFen',
  'workDate',
  'days',
  'headcount',
];

/** 发布零工任务: the server runs the anti-discrimination check and answers with its reasons when it blocks. */
export function GigTaskFormModal({
  open,
  mode,
  onClose,
  onCreated,
}: {
  open: boolean;
  mode: GigPosterMode;
  onClose: () => void;
  onCreated: (task: TGigTask) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskForm>();
  const [sites, setSites] = useState<TGigSite[] | null>(null);
  const [employers, setEmployers] = useState<{ value: string; label: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const posterKind = Form.useWatch('posterKind', form);
  const keys = useSubmissionKeys();

  useEffect(() => {
    if (!open) return;
    setError(null);
    setSites(null);
    gigApi
      .sites()
      .then((r) => setSites(r.sites.filter((s) => s.isActive)))
      .catch((e) => setError(errorMessage(e)));
  }, [open]);

  const searchEmployers = useCallback(async (q: string) => {
    try {
      const r = await api.get<TOrganisationList>(
        `/api/organisations?kind=employer&limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`,
      );
      setEmployers(r.organisations.map((o) => ({ value: o.id, label: o.name })));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    if (open && mode === 'staff') void searchEmployers('');
  }, [open, mode, searchEmployers]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      let householdId: string | undefined;
      if (mode === 'staff' && v.posterKind === 'household') {
        const found = await registryApi.searchHouseholds({
          householdNumber: (v.householdNumber ?? '').trim(),
        });
        const h = found.households[0];
        if (!h) {
          form.setFields([{ name: 'householdNumber', errors: ['没有找到该户号（或不在本辖区）'] }]);
          return;
        }
        householdId = h.id;
      }
      const body: TCreateGigTaskRequest = {
        siteId: v.siteId,
        title: v.title,
        description: v.description ?? '',
        posterKind: mode === 'employer' ? 'employer' : mode === 'citizen' ? 'household' : v.posterKind,
        ...(mode === 'staff' && v.posterKind === 'employer' && v.employerId
          ? { employerId: v.employerId }
          : {}),
        ...(householdId ? { householdId } : {}),
        payUnit: v.payUnit,
        payFen: Math.round(v.payYuan * 100),
        workDate: v.workDate.format('YYYY-MM-DD'),
        days: v.days,
        headcount: v.headcount,
      };
      const task = await gigApi.createTask(body, keys.get('post'));
      keys.done('post');
      message.success(task.warnings.length ? `已发布（提示：${task.warnings.join('；')}）` : '已发布');
      form.resetFields();
      onCreated(task);
    } catch (e) {
      setError(applyServerIssues(form, e, fields) ?? errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title="发布零工任务"
      okText="发布"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="gig-task-error"
        />
      ) : null}
      <Form<TaskForm>
        form={form}
        layout="vertical"
        initialValues={{
          posterKind: mode === 'citizen' ? 'household' : 'employer',
          payUnit: 'day',
          days: 1,
          headcount: 1,
          workDate: dayjs().add(1, 'day'),
        }}
      >
        <Form.Item name="siteId" label="零工站点" rules={[{ required: true, message: '请选择站点' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择任务所在的零工驿站或劳务市场"
            // Disabled until the sites are there: a pick made against an empty list would be lost.
            loading={sites === null}
            disabled={sites === null}
            options={(sites ?? []).map((s) => ({ value: s.id, label: `${s.townshipName} · ${s.name}` }))}
            data-testid="gig-site-select"
          />
        </Form.Item>
        {mode === 'staff' ? (
          <Form.Item name="posterKind" label="发布方">
            <Radio.Group
              options={[
                { value: 'employer', label: '用人单位' },
                { value: 'household', label: '农户（代发）' },
              ]}
            />
          </Form.Item>
        ) : null}
        {mode === 'staff' && posterKind === 'employer' ? (
          <Form.Item
            name="employerId"
            label="用人单位"
            rules={[{ required: true, message: '请选择用人单位' }]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: (q) => void searchEmployers(q) }}
              options={employers}
              placeholder="输入单位名称查找"
            />
          </Form.Item>
        ) : null}
        {mode === 'staff' && posterKind === 'household' ? (
          <Form.Item
            name="householdNumber"
            label="户号"
            rules={[{ required: true, message: '请填写代为发布的家庭户户号' }]}
          >
            <Input placeholder="家庭户户号" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="title"
          label="任务名称"
          rules={[{ required: true, min: 2, message: '请填写任务名称' }]}
        >
          <Input maxLength={60} placeholder="如：大蒜收获帮工" data-testid="gig-title" />
        </Form.Item>
        <Form.Item name="description" label="任务说明" extra="请勿填写手机号或身份证号，接单后通过平台联系。">
          <Input.TextArea
            rows={3}
            maxLength={1000}
            placeholder="工作内容、要求、是否管饭等"
            data-testid="gig-description"
          />
        </Form.Item>
        <Space wrap size={12} style={{ display: 'flex' }}>
          <Form.Item name="payUnit" label="计酬方式">
            <Radio.Group
              options={Object.entries(gigPayUnits).map(([value, label]) => ({ value, label }))}
              optionType="button"
            />
          </Form.Item>
          <Form.Item name="payYuan" label="报酬（元）" rules={[{ required: true, message: '请填写报酬' }]}>
            <InputNumber min={1} max={100000} precision={2} style={{ width: 130 }} data-testid="gig-pay" />
          </Form.Item>
        </Space>
        <Space wrap size={12} style={{ display: 'flex' }}>
          <Form.Item name="workDate" label="用工日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="gig-date" />
          </Form.Item>
          <Form.Item name="days" label="天数">
            <InputNumber min={1} max={31} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="headcount" label="人数" rules={[{ required: true, message: '请填写人数' }]}>
            <InputNumber min={1} max={500} style={{ width: 90 }} data-testid="gig-headcount" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
