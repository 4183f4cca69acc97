import { EditOutlined, EyeOutlined, HomeOutlined, PlusOutlined } from '@ant-design/icons';
import {
  educationLevels,
  genders,
  hukouKinds,
  type THouseholdMember,
  type TPersonDetail,
  type TPersonFact,
} from '@qiaoti/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { factLabels, registryApi } from './registry.api.ts';
import { type RevealField, RevealModal } from './reveal-modal.tsx';

/** Where a recorded change came from, for people. */
const sourceLabels: Record<string, string> = {
  registry: '登记修改',
  import: '批量导入',
  generator: '合成数据',
};

/** 人员信息: masked basics, 查看完整信息 with a purpose, the household, dated facts and mobility events. */
export function PersonPage() {
  const { id = '' } = useParams();
  const [person, setPerson] = useState<TPersonDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reveal, setReveal] = useState<RevealField | null>(null);
  const [revealed, setRevealed] = useState<Partial<Record<RevealField, string | null>>>({});

  const load = useCallback(async () => {
    setError(null);
    try {
      setPerson(await registryApi.getPerson(id));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    setPerson(null);
    setRevealed({});
    void load();
  }, [load]);

  if (error)
    return (
      <Page title="人员信息">
        <Alert type="error" showIcon title={error} />
      </Page>
    );
  if (!person)
    return (
      <Page title="人员信息">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );

  const revealButton = (field: RevealField) =>
    person.can.reveal && revealed[field] === undefined ? (
      <Button
        size="small"
        type="link"
        icon={<EyeOutlined />}
        onClick={() => setReveal(field)}
        data-testid={`reveal-${field}`}
      >
        查看完整信息
      </Button>
    ) : null;

  const shownValue = (field: RevealField, masked: string | null) => {
    const full = revealed[field];
    if (full !== undefined) {
      return (
        <Space>
          <span className="qt-mono" data-testid={`value-${field}`}>
            {full ?? '未登记'}
          </span>
          <Tag color="orange">已查看完整信息</Tag>
        </Space>
      );
    }
    return (
      <Space size={4}>
        <span className="qt-mono" data-testid={`value-${field}`}>
          {masked ?? '未登记'}
        </span>
        {masked ? revealButton(field) : null}
      </Space>
    );
  };

  return (
    <Page
      title={
        <Space>
          {person.name}
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 400 }}>
            {genders[person.gender]} · {person.age} 岁
          </Typography.Text>
        </Space>
      }
      extra={
        <>
          <Link to="/registry/persons">
            <Button>返回查询</Button>
          </Link>
          {person.can.edit ? (
            <Link to={`/registry/persons/${person.id}/edit`}>
              <Button type="primary" icon={<EditOutlined />}>
                修改信息
              </Button>
            </Link>
          ) : null}
        </>
      }
    >
      <Card size="small" title="基本信息">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
          styles={{ label: { width: 110 } }}
        >
          <Descriptions.Item label="姓名">{person.name}</Descriptions.Item>
          <Descriptions.Item label="性别">{genders[person.gender]}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{person.birthDate}</Descriptions.Item>
          <Descriptions.Item label="身份证号">
            {shownValue('idNumber', person.idNumberMasked)}
          </Descriptions.Item>
          <Descriptions.Item label="手机号">{shownValue('phone', person.phoneMasked)}</Descriptions.Item>
          <Descriptions.Item label="学历">
            {person.education ? educationLevels[person.education] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="户籍地">
            {person.hukouPlaceName ?? person.hukouPlaceCode ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="户口性质">
            {person.hukouKind ? hukouKinds[person.hukouKind] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="居住地">
            {[person.townshipName, person.villageName].filter(Boolean).join(' / ') || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} xl={14}>
          <HouseholdCard person={person} />
          <Card size="small" title="当前情况（按日期记录）" style={{ marginTop: 12 }}>
            <Table<TPersonFact>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={person.facts}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" /> }}
              columns={[
                {
                  title: '事项',
                  dataIndex: 'fact',
                  width: 110,
                  render: (f: TPersonFact['fact']) => factLabels[f] ?? f,
                },
                { title: '内容', dataIndex: 'label' },
                { title: '起始日期', dataIndex: 'validFrom', width: 110 },
                { title: '来源', dataIndex: 'source', width: 120 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="流动记录" className="qt-timeline-card">
            {person.mobilityEvents.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无流动记录" />
            ) : (
              <Timeline
                items={person.mobilityEvents.map((e) => ({
                  key: e.id,
                  content: (
                    <div>
                      <Typography.Text strong>{e.occurredOn}</Typography.Text> <Tag>{e.kindLabel}</Tag>
                      <div>
                        {e.fromLabel ?? '—'} → <Typography.Text strong>{e.toLabel ?? '—'}</Typography.Text>
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        来源：{sourceLabels[e.source] ?? e.source}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>

      <RevealModal
        personId={person.id}
        personName={person.name}
        open={reveal !== null}
        initialField={reveal ?? 'idNumber'}
        onClose={() => setReveal(null)}
        onRevealed={(field, value) => setRevealed((r) => ({ ...r, [field]: value }))}
      />
    </Page>
  );
}

function HouseholdCard({ person }: { person: TPersonDetail }) {
  const { access } = useSession();
  const h = person.household;
  if (!h) {
    return (
      <Card size="small" title="家庭户">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未加入家庭户">
          {access.can('registry.household.write') ? (
            <Link to="/registry/households/new" state={{ headPersonId: person.id, headName: person.name }}>
              <Button icon={<PlusOutlined />}>以此人为户主登记家庭户</Button>
            </Link>
          ) : null}
        </Empty>
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={
        <Space>
          <HomeOutlined />
          家庭户{h.householdNumber ? `（户号 ${h.householdNumber}）` : ''}
        </Space>
      }
      extra={<Link to={`/registry/households/${h.id}`}>查看家庭户</Link>}
    >
      <Table<THouseholdMember>
        rowKey={(m) => m.person.id}
        size="small"
        pagination={false}
        dataSource={h.members}
        columns={[
          {
            title: '姓名',
            key: 'name',
            render: (_: unknown, m) =>
              m.person.id === person.id ? (
                <Typography.Text strong>{m.person.name}（本人）</Typography.Text>
              ) : (
                <Link to={`/registry/persons/${m.person.id}`}>{m.person.name}</Link>
              ),
          },
          { title: '与户主关系', dataIndex: 'relationLabel', width: 110 },
          { title: '性别', key: 'g', width: 60, render: (_: unknown, m) => genders[m.person.gender] },
          { title: '年龄', key: 'a', width: 60, render: (_: unknown, m) => m.person.age },
          {
            title: '身份证号',
            key: 'id',
            render: (_: unknown, m) => <span className="qt-mono">{m.person.idNumberMasked}</span>,
          },
        ]}
      />
    </Card>
  );
}
