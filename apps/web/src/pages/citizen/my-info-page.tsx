import { educationLevels, genders, hukouKinds, type TPersonDetail } from '@qiaoti/contracts';
import { Alert, Card, Descriptions, Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { factLabels, registryApi } from '../registry/registry.api.ts';
import { PortalServices } from './portal-services.tsx';

/**
 * 我的信息 (citizen portal): one's own record, in one column for a phone screen. ID and phone stay masked here
 * too; a citizen who needs the full value has the card in hand.
 */
export function MyInfoPage() {
  const me = useMe();
  const [person, setPerson] = useState<TPersonDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me.personId) return;
    registryApi
      .getPerson(me.personId)
      .then(setPerson)
      .catch((e) => setError(errorMessage(e)));
  }, [me.personId]);

  if (!me.personId) {
    return (
      <>
        <PortalServices />
        <Card size="small" title="我的账号">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="姓名">{me.displayName}</Descriptions.Item>
            <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
            {me.organisation ? (
              <Descriptions.Item label="单位">{me.organisation.name}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            title={
              me.organisation?.kind === 'employer'
                ? '这是单位账号，不关联个人登记信息。'
                : '该账号未关联个人登记信息，请联系所在村（社区）或县人社局核实。'
            }
          />
        </Card>
      </>
    );
  }
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!person)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );

  return (
    <div className="qt-portal" data-testid="my-info">
      <PortalServices />
      <Typography.Title level={4} style={{ margin: '4px 0 12px' }}>
        我的信息
      </Typography.Title>
      <Card size="small" title="基本信息">
        <Descriptions column={1} size="small" styles={{ label: { width: 88 } }}>
          <Descriptions.Item label="姓名">{person.name}</Descriptions.Item>
          <Descriptions.Item label="性别">{genders[person.gender]}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{person.birthDate}</Descriptions.Item>
          <Descriptions.Item label="身份证号">
            <span className="qt-mono">{person.idNumberMasked}</span>
          </Descriptions.Item>
          <Descriptions.Item label="手机号">
            <span className="qt-mono">{person.phoneMasked ?? '未登记'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="学历">
            {person.education ? educationLevels[person.education] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="户口性质">
            {person.hukouKind ? hukouKinds[person.hukouKind] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="居住地">
            {[person.townshipName, person.villageName].filter(Boolean).join(' ') || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {person.household ? (
        <Card size="small" title="家庭成员" style={{ marginTop: 12 }}>
          <List
            size="small"
            dataSource={person.household.members}
            renderItem={(m) => (
              <List.Item extra={<Tag>{m.relationLabel}</Tag>}>
                {m.person.name}
                {m.person.id === person.id ? '（本人）' : ''}
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      <Card size="small" title="当前情况" style={{ marginTop: 12 }}>
        {person.facts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
        ) : (
          <List
            size="small"
            dataSource={person.facts}
            renderItem={(f) => (
              <List.Item>
                <List.Item.Meta
                  title={`${factLabels[f.fact] ?? f.fact}：${f.label}`}
                  description={`自 ${f.validFrom} 起 · 来源：${f.source}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title="变动记录" style={{ marginTop: 12 }}>
        {person.mobilityEvents.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变动记录" />
        ) : (
          <List
            size="small"
            dataSource={person.mobilityEvents}
            renderItem={(e) => (
              <List.Item>
                <List.Item.Meta
                  title={`${e.kindLabel}：${e.fromLabel ?? '—'} → ${e.toLabel ?? '—'}`}
                  description={e.occurredOn}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        如信息有误，请携带身份证到所在村（社区）或县人社局窗口申请更正。
      </Typography.Paragraph>
    </div>
  );
}
