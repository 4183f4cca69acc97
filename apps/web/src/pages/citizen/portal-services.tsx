import {
  AuditOutlined,
  ContainerOutlined,
  FileSearchOutlined,
  ScheduleOutlined,
  SearchOutlined,
  SolutionOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { allowed, routes } from '../../app/routes.tsx';
import { useMe, useSession } from '../../app/session.tsx';

/**
 * 办事服务: the citizen's entry to every portal service, on the page they land on after login (/me). Each domain's
 * portal page is listed only when its route exists and the account may open it, so a service added later appears
 * here by adding its path below.
 */
/** `personal`: for an account with a person behind it (not an employer's). */
const services: { path: string; title: string; hint: string; icon: ReactNode; personal?: boolean }[] = [
  { path: '/portal/jobs', title: '找工作', hint: '岗位搜索与推荐', personal: true, icon: <SearchOutlined /> },
  {
    path: '/portal/applications',
    title: '我的申请',
    hint: '推荐进展、面试',
    personal: true,
    icon: <ScheduleOutlined />,
  },
  {
    path: '/portal/seeker',
    title: '求职登记',
    hint: '意向、技能、期望工资',
    personal: true,
    icon: <SolutionOutlined />,
  },
  { path: '/portal/gig', title: '零工市场', hint: '附近零工、接单签到', icon: <ToolOutlined /> },
  {
    path: '/me/archive',
    title: '我的档案',
    hint: '存放位置、转递进度',
    personal: true,
    icon: <ContainerOutlined />,
  },
  {
    path: '/me/livelihood',
    title: '民生档案',
    hint: '婚姻、社保、房产等一站查',
    personal: true,
    icon: <FileSearchOutlined />,
  },
  { path: '/portal/employer', title: '我的岗位', hint: '发布岗位、查看候选人', icon: <AuditOutlined /> },
];

export function PortalServices() {
  const { access } = useSession();
  const me = useMe();
  const shown = services.filter((s) => {
    // An employer's account has no person behind it: no job search, registration or archive of its own.
    if (s.personal && !me.personId) return false;
    const route = routes.find((r) => r.path === s.path);
    return route !== undefined && allowed(route, access);
  });
  if (shown.length === 0) return null;
  return (
    <Card size="small" title="办事服务" style={{ marginBottom: 12 }} data-testid="portal-services">
      <Row gutter={[8, 8]}>
        {shown.map((s) => (
          <Col key={s.path} xs={12} sm={8}>
            <Link to={s.path} aria-label={s.title}>
              <Card size="small" hoverable styles={{ body: { padding: 10 } }}>
                <Typography.Text strong>
                  <span style={{ marginRight: 6, color: '#1677ff' }}>{s.icon}</span>
                  {s.title}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.hint}
                  </Typography.Text>
                </div>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
