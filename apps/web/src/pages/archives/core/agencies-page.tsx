import { archiveAgencyKindLabels, type TArchiveAgency, type TCounterpartAgency } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Form, Input, Modal, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { archivesApi } from './archives.api.ts';

/**
 * 档案管理机构: the county's agencies and units with archive authority (set up centrally), and the counterpart
 * agencies outside the county that 跨省通办 transfers name — those are records the staff create and edit here.
 */
export function AgenciesPage() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<TArchiveAgency[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TArchiveAgency | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmissionKey();
  const [form] = Form.useForm<TCounterpartAgency>();

  const load = useCallback(() => {
    archivesApi
      .agencies()
      .then((r) => setRows(r.agencies))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  const open = (a: TArchiveAgency | 'new') => {
    submission.reset();
    setEditing(a);
  };

  const submit = async (v: TCounterpartAgency) => {
    setBusy(true);
    try {
      if (editing === 'new') await archivesApi.createCounterpart(v, submission.current());
      else if (editing) await archivesApi.updateCounterpart(editing.id, v, submission.current());
      submission.reset();
      message.success('已保存');
      setEditing(null);
      load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const initial =
    editing && editing !== 'new'
      ? {
          name: editing.name,
          regionName: editing.regionName ?? '',
          address: editing.address ?? '',
          contact: editing.contact ?? '',
        }
      : {};

  return (
    <Page
      title="档案管理机构"
      subTitle="县内机构和经授权单位由系统管理员设置；县外对方机构在此登记，供跨省通办选用"
      extra={
        <>
          <Link to="/archives/transfers/new?mode=inbound">
            <Button>跨省通办转入</Button>
          </Link>
          <Button type="primary" onClick={() => open('new')} data-testid="agency-new">
            登记县外机构
          </Button>
        </>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Table<TArchiveAgency>
          size="small"
          rowKey="id"
          loading={rows === null && !error}
          dataSource={rows ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '机构名称', dataIndex: 'name' },
            {
              title: '类别',
              dataIndex: 'kind',
              render: (v: TArchiveAgency['kind']) => (
                <Tag color={v === 'external' ? 'purple' : 'blue'}>{archiveAgencyKindLabels[v]}</Tag>
              ),
            },
            { title: '所在地区', dataIndex: 'regionName', render: (v: string | null) => v ?? '—' },
            { title: '地址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
            { title: '联系方式', dataIndex: 'contact', render: (v: string | null) => v ?? '—' },
            {
              title: '操作',
              render: (_, a) =>
                a.inCounty ? null : (
                  <Button size="small" onClick={() => open(a)}>
                    修改
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        title={editing === 'new' ? '登记县外对方机构' : '修改县外对方机构'}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText="保存"
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form
          key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={initial}
        >
          <Form.Item
            name="name"
            label="机构名称"
            rules={[{ required: true, min: 2, message: '请填写机构名称' }]}
          >
            <Input maxLength={100} placeholder="如：广州市人才服务中心" />
          </Form.Item>
          <Form.Item
            name="regionName"
            label="所在地区"
            rules={[{ required: true, min: 2, message: '请填写所在地区' }]}
          >
            <Input maxLength={60} placeholder="如：广东省广州市" />
          </Form.Item>
          <Form.Item name="address" label="地址">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="contact" label="联系方式（科室、办公电话）">
            <Input maxLength={100} placeholder="如：档案科 020-8xxxxxxx" />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
