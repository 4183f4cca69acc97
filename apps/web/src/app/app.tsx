import { App as AntApp, Button, ConfigProvider, Result, Spin, theme } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNImport from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { LoginPage } from '../pages/identity/login-page.tsx';
import { PortalLayout, StaffLayout, useCurrentRoute } from './layout.tsx';
import { PageBoundary } from './page-boundary.tsx';
import { allowed, homePath, routes } from './routes.tsx';
import { SessionProvider, useSession } from './session.tsx';

dayjs.locale('zh-cn');

// TypeScript (NodeNext) reads antd's locale typing as CommonJS ({ default: Locale }); Vite hands over the ES
// module's default export, the Locale itself. Accept either.
const zhCN: Locale = 'default' in zhCNImport ? zhCNImport.default : zhCNImport;

function Loading() {
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

function RequireSession() {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}

/** Staff get the sider console; citizens and employers the one-column portal. */
function Shell() {
  const { access } = useSession();
  return access.isPortalOnly ? <PortalLayout /> : <StaffLayout />;
}

function Guarded({ children, path }: { children: React.ReactNode; path: string }) {
  const { access } = useSession();
  const { route } = useCurrentRoute();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const r = route ?? routes.find((x) => x.path === path);
  if (r && !allowed(r, access)) {
    if (r.path === '/') return <Navigate to={homePath(access)} replace />;
    return (
      <Result
        status="403"
        title="没有权限"
        subTitle="您的账号没有访问此页面的权限。如需开通，请联系本单位的系统管理员。"
        extra={<Button onClick={() => navigate(homePath(access))}>返回首页</Button>}
      />
    );
  }
  return <PageBoundary key={pathname}>{children}</PageBoundary>;
}

function NotFound() {
  const navigate = useNavigate();
  const { access } = useSession();
  return (
    <Result
      status="404"
      title="页面不存在"
      extra={<Button onClick={() => navigate(homePath(access))}>返回首页</Button>}
    />
  );
}

export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1f4e8c',
          borderRadius: 4,
          fontSize: 14,
          fontFamily:
            "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
        },
        components: {
          Layout: { headerBg: '#1f4e8c', siderBg: '#ffffff', bodyBg: '#f0f2f5' },
          Menu: {
            itemHeight: 38,
            subMenuItemBg: '#ffffff',
            itemSelectedBg: '#e6edf7',
            itemSelectedColor: '#1f4e8c',
            itemActiveBg: '#eef2f8',
          },
          Table: { headerBg: '#f5f7fa' },
        },
      }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<RequireSession />}>
                <Route element={<Shell />}>
                  {routes.map((r) => (
                    <Route
                      key={r.path}
                      path={r.path}
                      element={<Guarded path={r.path}>{r.element}</Guarded>}
                    />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
