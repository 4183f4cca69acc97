import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { routes } from '../../app/routes.tsx';
import { useSession } from '../../app/session.tsx';

/** Where another engineer's employer subsidy page lives; the link shows once that route exists. */
export const SUBSIDY_PORTAL_PATH = '/portal/employer/subsidies';
const GIG_PORTAL_PATH = '/portal/gig';

/** The portal's own tabs (the portal layout has no sider): citizen job pages, or the employer's. */
export function PortalNav() {
  const { access } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const employer = access.can('employment.employer');
  const items = employer
    ? [
        { value: '/portal/employer', label: '我的岗位' },
        ...(routes.some((r) => r.path === SUBSIDY_PORTAL_PATH)
          ? [{ value: SUBSIDY_PORTAL_PATH, label: '补贴申请' }]
          : []),
        { value: '/me', label: '账号' },
      ]
    : [
        { value: '/portal/jobs', label: '找工作' },
        { value: '/portal/applications', label: '申请' },
        { value: '/portal/seeker', label: '登记' },
        ...(routes.some((r) => r.path === GIG_PORTAL_PATH)
          ? [{ value: GIG_PORTAL_PATH, label: '零工' }]
          : []),
        { value: '/me', label: '我的' },
      ];
  // The longest matching tab: /portal/employer/subsidies lights 补贴申请, not 我的岗位.
  const current = items
    .filter((i) => pathname === i.value || pathname.startsWith(`${i.value}/`))
    .sort((a, b) => b.value.length - a.value.length)[0]?.value;
  return (
    <Segmented
      block
      size="middle"
      style={{ marginBottom: 12 }}
      value={current ?? ''}
      options={items}
      onChange={(v) => navigate(String(v))}
      data-testid="portal-nav"
    />
  );
}
