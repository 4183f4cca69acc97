import { roles } from '@qiaoti/contracts';
import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { allowed, routes } from '../../app/routes.tsx';
import { useMe, useSession } from '../../app/session.tsx';
import { MyWorkItems } from './my-work-items.tsx';

const descriptions: Record<string, string> = {
  '/registry/persons': '按身份证号、手机号或姓名加村查找人员',
  '/registry/persons/new': '登记新的人员信息，自动校验身份证号',
  '/registry/households': '按户号或成员身份证号查找家庭户',
  '/registry/households/new': '登记家庭户及其成员',
  '/imports': '从 Excel / CSV 批量导入人员和家庭户',
  '/admin/accounts': '创建、停用账号，重置密码',
  '/admin/roles': '授予和收回角色（三员分立）',
  '/audit': '查看审计日志，校验日志链完整性',
  '/policy/library': '政策文件与条款、参数及其历史、规则',
  '/policy/trial': '按规则计算一个具体情况，逐条给出依据',
  '/policy/impact': '测算参数调整影响多少家庭，再排定生效日期',
};

interface Counts {
  label: string;
  value: number | string;
  suffix?: string;
}

/** 工作台: who you are, what you can do here (from the routes table), and a few counts that cost one call each. */
export function HomePage() {
  const me = useMe();
  const { access } = useSession();
  const [counts, setCounts] = useState<Counts[]>([]);

  useEffect(() => {
    const jobs: Promise<Counts | null>[] = [];
    if (access.can('registry.import'))
      jobs.push(
        api
          .get<{ items: { kind: string; status: string }[] }>('/api/jobs')
          .then((r) => ({
            label: '进行中的导入',
            value: r.items.filter((j) => j.status === 'running' || j.status === 'queued').length,
            suffix: '个',
          }))
          .catch(() => null),
      );
    if (access.can('audit.read'))
      jobs.push(
        api
          .get<{ total: number }>(
            `/api/audit${query({ from: dayjs().startOf('day').toISOString(), pageSize: 1 })}`,
          )
          .then((r) => ({ label: '今日审计记录', value: r.total, suffix: '条' }))
          .catch(() => null),
      );
    if (access.can('identity.account.manage') || access.can('identity.role.grant'))
      jobs.push(
        api
          .get<{ total: number }>('/api/admin/accounts?pageSize=1')
          .then((r) => ({ label: '账号总数', value: r.total, suffix: '个' }))
          .catch(() => null),
      );
    void Promise.all(jobs).then((r) => setCounts(r.filter((c): c is Counts => c !== null)));
  }, [access]);

  const actions = routes.filter((r) => r.menu && r.path !== '/' && !r.portal && allowed(r, access));
  const hour = new Date().getHours();
  const greeting = hour < 11 ? '上午好' : hour < 13 ? '中午好' : hour < 18 ? '下午好' : '晚上好';

  return (
    <Page title="工作台">
      <Card size="small">
        <Space orientation="vertical" size={4}>
          <Typography.Text style={{ fontSize: 16 }}>
            {greeting}，{me.displayName}
          </Typography.Text>
          <Space size={[6, 6]} wrap>
            {me.organisation ? (
              <Typography.Text type="secondary">{me.organisation.name}</Typography.Text>
            ) : null}
            {me.roles.map((r) => (
              <Tag key={r} color="blue">
                {roles[r]?.label ?? r}
              </Tag>
            ))}
          </Space>
        </Space>
      </Card>
      {counts.length ? (
        <Row gutter={12} style={{ marginTop: 12 }}>
          {counts.map((c) => (
            <Col key={c.label} xs={12} md={6}>
              <Card size="small">
                <Statistic title={c.label} value={c.value} suffix={c.suffix} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      <MyWorkItems />
      <Card size="small" title="我能办理的事项" style={{ marginTop: 12 }}>
        {actions.length === 0 ? (
          <Typography.Text type="secondary">您的账号尚未授予业务角色，请联系安全管理员。</Typography.Text>
        ) : (
          <Row gutter={[12, 12]}>
            {actions.map((r) => (
              <Col key={r.path} xs={24} sm={12} lg={8} xxl={6}>
                <Link to={r.path}>
                  <Card size="small" hoverable>
                    <Space align="start">
                      <span style={{ fontSize: 22, color: '#1f4e8c' }}>{r.icon}</span>
                      <div>
                        <Typography.Text strong>{r.label}</Typography.Text>
                        <div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {descriptions[r.path] ?? ''}
                          </Typography.Text>
                        </div>
                      </div>
                    </Space>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </Page>
  );
}
