import type { TArchiveAgency, TPersonSummary, TStartTransfer, TUnitDirectCandidate } from '@qiaoti/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { useSubmissionKey } from '../../../app/submission-key.ts';
import { registryApi } from '../../registry/registry.api.ts';
import { archivesApi } from './archives.api.ts';
import { TransferStateTag } from './transfer-actions.tsx';

type Mode = 'unit_direct' | 'inbound';

/** Starts a transfer and opens its page; one idempotency key per attempt, kept for a retry after an error. */
function useStart() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const submission = useSubmissionKey();
  const [busy, setBusy] = useState(false);
  const start = async (body: TStartTransfer) => {
    setBusy(true);
    try {
      const t = await archivesApi.start(body, submission.current());
      submission.reset();
      message.success(`已开具调档函 ${t.letterNumber ?? ''}`);
      navigate(`/archives/transfers/${t.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { start, busy };
}

/** 单位直接转递: a unit with archive authority picks a person it hired (入职) and transfers the archive in. */
function UnitDirectForm() {
  const [data, setData] = useState<{ authorised: boolean; candidates: TUnitDirectCandidate[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [reason, setReason] = useState('入职后由单位直接转递');
  const { start, busy } = useStart();

  useEffect(() => {
    archivesApi
      .unitDirectCandidates()
      .then(setData)
      .catch((e) => setError(errorMessage(e)));
  }, []);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (data && !data.authorised) {
    return (
      <Alert
        type="info"
        showIcon
        title="本机构不是经授权管理档案的单位"
        description="单位直接转递只适用于经授权管理流动人员人事档案的单位：人员入职后由单位开具调档函，原存档机构转出。公共就业和人才服务机构请使用在线申请或跨省通办。"
      />
    );
  }
  const choice = data?.candidates.find((c) => c.placementId === picked) ?? null;
  const blocked = (c: TUnitDirectCandidate): string | null => {
    if (!c.archive) return '未查到档案存放记录';
    if (c.archive.heldHere) return '档案已在本单位';
    if (c.archive.openTransfer) return '已有正在办理的转递';
    return null;
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        选择已在本单位入职的人员；提交后即开具调档函，转出期限按参数 archives.transfer.send_days 计算。
      </Typography.Paragraph>
      <Table<TUnitDirectCandidate>
        size="small"
        rowKey="placementId"
        loading={data === null}
        dataSource={data?.candidates ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本单位暂无在职入职记录" />,
        }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: picked ? [picked] : [],
          onChange: (keys) => setPicked(typeof keys[0] === 'string' ? keys[0] : null),
          getCheckboxProps: (c) => ({ disabled: blocked(c) !== null }),
        }}
        columns={[
          { title: '姓名', dataIndex: 'personName' },
          {
            title: '身份证号',
            dataIndex: 'idNumberMasked',
            render: (v: string) => <span className="qt-mono">{v}</span>,
          },
          { title: '入职日期', dataIndex: 'startDate' },
          {
            title: '档案所在',
            render: (_, c) =>
              c.archive ? (
                <span>
                  {c.archive.custodianName}{' '}
                  <Typography.Text type="secondary" className="qt-mono">
                    {c.archive.archiveNumber}
                  </Typography.Text>
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '可否转递',
            render: (_, c) => {
              const why = blocked(c);
              if (why && c.archive?.openTransfer) {
                return <TransferStateTag t={{ state: c.archive.openTransfer, overdue: false }} />;
              }
              return why ? <Tag>{why}</Tag> : <Tag color="green">可直接转递</Tag>;
            },
          },
        ]}
      />
      <Form layout="vertical" style={{ maxWidth: 560 }}>
        <Form.Item label="转递原因">
          <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </Form.Item>
        <Button
          type="primary"
          loading={busy}
          disabled={!choice?.archive}
          data-testid="unit-direct-submit"
          onClick={() => {
            if (choice?.archive) void start({ kind: 'unit_direct', archiveId: choice.archive.id, reason });
          }}
        >
          {choice ? `开具调档函：${choice.personName}` : '请先选择人员'}
        </Button>
      </Form>
    </Space>
  );
}

/** 跨省通办转入: the archive is held by an agency outside the county; this agency issues the 调档函 to it. */
function InboundForm() {
  const { message } = App.useApp();
  const [agencies, setAgencies] = useState<TArchiveAgency[]>([]);
  const [idNumber, setIdNumber] = useState('');
  const [persons, setPersons] = useState<TPersonSummary[] | null>(null);
  const [person, setPerson] = useState<TPersonSummary | null>(null);
  const [counterpart, setCounterpart] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('跨省通办：转入本县');
  const { start, busy } = useStart();

  useEffect(() => {
    archivesApi
      .agencies()
      .then((r) => setAgencies(r.agencies.filter((a) => !a.inCounty)))
      .catch((e) => message.error(errorMessage(e)));
  }, [message]);

  const find = async () => {
    try {
      const r = await registryApi.searchPersons({ idNumber: idNumber.trim() });
      setPersons(r.persons);
      setPerson(r.persons[0] ?? null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Form layout="vertical" style={{ maxWidth: 640 }}>
      <Typography.Paragraph type="secondary">
        档案存放在县外（外省、外市）机构的人员，由本机构开具调档函，对方机构转出后在此接收并回执。
      </Typography.Paragraph>
      <Form.Item label="人员（按身份证号查找）" required>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            placeholder="18 位身份证号"
            value={idNumber}
            maxLength={18}
            onChange={(e) => {
              setIdNumber(e.target.value);
              setPerson(null);
              setPersons(null);
            }}
            onPressEnter={find}
            data-testid="inbound-id-number"
          />
          <Button onClick={find}>查找</Button>
        </Space.Compact>
        {persons && persons.length === 0 ? (
          <Typography.Text type="warning">未找到该人员，请先在人员登记中建档。</Typography.Text>
        ) : null}
        {person ? (
          <div style={{ marginTop: 8 }}>
            <Tag color="blue">{person.name}</Tag>
            <span className="qt-mono">{person.idNumberMasked}</span>
          </div>
        ) : null}
      </Form.Item>
      <Form.Item
        label="档案现存机构（县外）"
        required
        extra={
          <span>
            没有找到对方机构？<Link to="/archives/agencies">登记县外对方机构</Link>
          </span>
        }
      >
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="选择县外档案管理机构"
          value={counterpart}
          onChange={setCounterpart}
          options={agencies.map((a) => ({ value: a.id, label: `${a.name}（${a.regionName ?? '—'}）` }))}
          data-testid="inbound-counterpart"
        />
      </Form.Item>
      <Form.Item label="转递原因">
        <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </Form.Item>
      <Button
        type="primary"
        loading={busy}
        disabled={!person || !counterpart}
        data-testid="inbound-submit"
        onClick={() => {
          if (person && counterpart) {
            void start({
              kind: 'cross_region',
              direction: 'inbound',
              personId: person.id,
              counterpartAgencyId: counterpart,
              reason,
            });
          }
        }}
      >
        开具调档函
      </Button>
    </Form>
  );
}

/** 发起转递: 单位直接转递 (经授权单位，入职后) and 跨省通办转入. Outbound 跨省通办 starts from the archive page. */
export function StartTransferPage() {
  const [params, setParams] = useSearchParams();
  const mode: Mode = params.get('mode') === 'inbound' ? 'inbound' : 'unit_direct';
  return (
    <Page
      title="发起转递"
      subTitle="单位直接转递、跨省通办转入；跨省通办转出请在档案页办理"
      extra={
        <Link to="/archives/queues">
          <Button>档案转递工作台</Button>
        </Link>
      }
    >
      <Card size="small">
        <Tabs
          activeKey={mode}
          onChange={(k) => setParams({ mode: k })}
          items={[
            { key: 'unit_direct', label: '单位直接转递', children: <UnitDirectForm /> },
            { key: 'inbound', label: '跨省通办转入', children: <InboundForm /> },
          ]}
        />
      </Card>
    </Page>
  );
}
