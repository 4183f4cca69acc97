import { PlusOutlined } from '@ant-design/icons';
import { subsidyKindLabels, type TSubsidyApplication } from '@qiaoti/contracts';
import { Alert, Button, Segmented, Select, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSession } from '../../../app/session.tsx';
import { ApplyModal } from './apply-form.tsx';
import { ApplicationDrawer } from './review-drawer.tsx';
import { statusColors, subsidiesApi, yuan } from './subsidies.api.ts';

const statusFilters = [
  { value: '', label: '全部' },
  { value: 'submitted', label: '待审核' },
  { value: 'approved', label: '已批准' },
  { value: 'paid', label: '已发放' },
  { value: 'rejected', label: '未通过' },
];

/** Columns shared by the staff list and the employer's list. */
export function applicationColumns(onOpen: (a: TSubsidyApplication) => void) {
  return [
    {
      title: '人员',
      dataIndex: 'personName',
      render: (n: string, a: TSubsidyApplication) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(a)}>
          {n}
        </Button>
      ),
    },
    { title: '身份证号', dataIndex: 'idNumberMasked', width: 200 },
    { title: '补贴类别', dataIndex: 'kindLabel' },
    { title: '单位', dataIndex: 'organisationName', render: (v: string | null) => v ?? '—', ellipsis: true },
    {
      title: '期间',
      render: (_: unknown, a: TSubsidyApplication) => `${a.periodFrom} 起 ${a.monthsAllowed}/${a.months} 月`,
    },
    {
      title: '核定金额',
      dataIndex: 'amountFen',
      render: (f: number, a: TSubsidyApplication) =>
        a.eligible ? yuan(f) : <Tag color="error">不符合条件</Tag>,
    },
    {
      title: '状态',
      dataIndex: 'statusLabel',
      render: (l: string, a: TSubsidyApplication) => <Tag color={statusColors[a.status]}>{l}</Tag>,
    },
  ];
}

/** 补贴申请 (县人社局): list with status and kind filters, review drawer, new application on someone's behalf. */
export function SubsidiesPage() {
  const { access } = useSession();
  const [status, setStatus] = useState('submitted');
  const [kind, setKind] = useState<string | undefined>();
  const [apps, setApps] = useState<TSubsidyApplication[]>([]);
  const [viewing, setViewing] = useState<TSubsidyApplication | null>(null);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setApps((await subsidiesApi.list('staff', { status: status || undefined, kind })).applications);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [status, kind]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page
      title="补贴申请"
      subTitle="社会保险补贴、岗位补贴、灵活就业社保补贴和公益性岗位补贴：按规则审查资格、标准和期限，审核后登记发放"
      extra={
        <>
          <Segmented value={status} onChange={(v) => setStatus(String(v))} options={statusFilters} />
          <Select
            allowClear
            placeholder="补贴类别"
            style={{ width: 190 }}
            value={kind}
            onChange={setKind}
            options={Object.entries(subsidyKindLabels).map(([value, label]) => ({ value, label }))}
          />
          {access.can('employment.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)}>
              代为申请
            </Button>
          ) : null}
        </>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Table<TSubsidyApplication>
        rowKey="id"
        loading={loading}
        dataSource={apps}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={applicationColumns(setViewing)}
      />
      <ApplicationDrawer
        application={viewing}
        canReview={access.can('employment.subsidy.review')}
        onClose={() => setViewing(null)}
        onChanged={(a) => {
          setViewing(a);
          void load();
        }}
      />
      <ApplyModal
        who="staff"
        open={applying}
        onClose={() => setApplying(false)}
        onDone={(a) => {
          setApplying(false);
          setViewing(a);
          void load();
        }}
      />
    </Page>
  );
}
