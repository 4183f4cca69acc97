import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Dropdown, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { Link, matchPath, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../pages/notifications/notification-bell.tsx';
import { type AppRoute, allowed, menuGroups, routes } from './routes.tsx';
import { useMe, useSession } from './session.tsx';

const { Header, Sider, Content } = Layout;

export const brand = {
  name: '桥梯',
  full: '中牟县人力资源社会流动平台',
  primary: '#1f4e8c',
};

function Logo({ compact }: { compact?: boolean }) {
  return (
    <Link
      to="/"
      className="qt-logo"
      style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff' }}
    >
      <img src="/favicon.svg" alt="" width={compact ? 24 : 28} height={compact ? 24 : 28} />
      <span style={{ fontSize: compact ? 16 : 18, fontWeight: 600, letterSpacing: 1 }}>{brand.name}</span>
      {compact ? null : (
        <span style={{ fontSize: 14, opacity: 0.85, fontWeight: 400, whiteSpace: 'nowrap' }}>
          {brand.full}
        </span>
      )}
    </Link>
  );
}

/** The route the current path belongs to, and the menu item to highlight (a detail page lights its list). */
export function useCurrentRoute(): { route: AppRoute | undefined; menuKey: string | undefined } {
  const { pathname } = useLocation();
  return useMemo(() => {
    const route = routes.find((r) => matchPath({ path: r.path, end: true }, pathname));
    let menuKey = route?.menu ? route.path : undefined;
    if (!menuKey) {
      const parent = routes
        .filter((r) => r.menu && r.path !== '/' && pathname.startsWith(`${r.path}/`))
        .sort((a, b) => b.path.length - a.path.length)[0];
      menuKey = parent?.path;
    }
    return { route, menuKey };
  }, [pathname]);
}

function UserMenu({ compact }: { compact?: boolean }) {
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
  ];
  const onClick: MenuProps['onClick'] = async ({ key }) => {
    if (key === 'password') navigate('/account/password');
    if (key === 'logout') {
      await logout();
      navigate('/login', { replace: true });
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <button type="button" className="qt-user" data-testid="user-menu">
        <Space size={6}>
          <UserOutlined />
          <span>{me.displayName || me.username}</span>
          {compact ? null : <DownOutlined style={{ fontSize: 10 }} />}
        </Space>
      </button>
    </Dropdown>
  );
}

/** Staff console: blue header with the organisation and user, a light sider menu filtered from the routes table. */
export function StaffLayout() {
  const me = useMe();
  const { access } = useSession();
  const navigate = useNavigate();
  const { menuKey } = useCurrentRoute();

  const items = useMemo<MenuProps['items']>(() => {
    const visible = routes.filter((r) => r.menu && !r.portal && allowed(r, access));
    const out: NonNullable<MenuProps['items']> = [];
    const groups = new Map<string, { key: string; label: string; icon: ReactNode }[]>();
    for (const r of visible) {
      const item = { key: r.path, label: r.label, icon: r.icon };
      if (!r.group) {
        out.push(item);
        continue;
      }
      let g = groups.get(r.group);
      if (!g) {
        g = [];
        groups.set(r.group, g);
        const meta = menuGroups[r.group];
        out.push({ key: `group:${r.group}`, label: meta?.label ?? r.group, icon: meta?.icon, children: g });
      }
      g.push(item);
    }
    return out;
  }, [access]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="qt-header">
        <Logo />
        <Space size={20} style={{ color: '#fff' }}>
          {me.organisation ? <span data-testid="header-org">{me.organisation.name}</span> : null}
          <NotificationBell />
          <UserMenu />
        </Space>
      </Header>
      <Layout>
        <Sider width={200} theme="light" breakpoint="lg" collapsedWidth={56} className="qt-sider">
          <Menu
            mode="inline"
            selectedKeys={menuKey ? [menuKey] : []}
            defaultOpenKeys={Object.keys(menuGroups).map((g) => `group:${g}`)}
            items={items}
            onClick={({ key }) => navigate(key)}
            style={{ borderInlineEnd: 0 }}
          />
        </Sider>
        <Content className="qt-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}

/** Citizen and employer portal: one column, no sider, usable at 375 px. */
export function PortalLayout() {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f3f5f8' }}>
      <Header className="qt-header qt-header-portal">
        <Logo compact />
        <Space size={12}>
          <NotificationBell />
          <UserMenu compact />
        </Space>
      </Header>
      <Content className="qt-portal-content">
        <Outlet />
      </Content>
      <Typography.Text type="secondary" style={{ textAlign: 'center', fontSize: 12, padding: '12px 0 20px' }}>
        中牟县人力资源和社会保障局
      </Typography.Text>
    </Layout>
  );
}

/** A page's title row and body: the same look on every page. */
export function Page({
  title,
  extra,
  children,
  subTitle,
}: {
  title: ReactNode;
  extra?: ReactNode;
  subTitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="qt-page">
      <div className="qt-page-head">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subTitle ? <Typography.Text type="secondary">{subTitle}</Typography.Text> : null}
        </div>
        {extra ? <Space wrap>{extra}</Space> : null}
      </div>
      {children}
    </div>
  );
}
