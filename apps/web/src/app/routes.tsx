import {
  AuditOutlined,
  BookOutlined,
  CalculatorOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LineChartOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  SearchOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserAddOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '@qiaoti/contracts';
import { lazy, type ReactNode } from 'react';
import type { Access } from './access.ts';

// Each page is its own chunk: the login page and the layout load first, a page when it is opened.
const AccountsPage = lazy(() =>
  import('../pages/admin/accounts-page.tsx').then((m) => ({ default: m.AccountsPage })),
);
const RolesPage = lazy(() => import('../pages/admin/roles-page.tsx').then((m) => ({ default: m.RolesPage })));
const AuditPage = lazy(() => import('../pages/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const MyInfoPage = lazy(() =>
  import('../pages/citizen/my-info-page.tsx').then((m) => ({ default: m.MyInfoPage })),
);
const HomePage = lazy(() => import('../pages/home/home-page.tsx').then((m) => ({ default: m.HomePage })));
const PasswordPage = lazy(() =>
  import('../pages/identity/password-page.tsx').then((m) => ({ default: m.PasswordPage })),
);
const ImportPage = lazy(() =>
  import('../pages/imports/import-page.tsx').then((m) => ({ default: m.ImportPage })),
);
const HouseholdCreatePage = lazy(() =>
  import('../pages/registry/household-create-page.tsx').then((m) => ({ default: m.HouseholdCreatePage })),
);
const HouseholdPage = lazy(() =>
  import('../pages/registry/household-page.tsx').then((m) => ({ default: m.HouseholdPage })),
);
const HouseholdSearchPage = lazy(() =>
  import('../pages/registry/household-search-page.tsx').then((m) => ({ default: m.HouseholdSearchPage })),
);
const PersonEditPage = lazy(() =>
  import('../pages/registry/person-form-page.tsx').then((m) => ({ default: m.PersonEditPage })),
);
const PersonPage = lazy(() =>
  import('../pages/registry/person-page.tsx').then((m) => ({ default: m.PersonPage })),
);
const PolicyLibraryPage = lazy(() =>
  import('../pages/policy/library-page.tsx').then((m) => ({ default: m.PolicyLibraryPage })),
);
const PolicyTrialPage = lazy(() =>
  import('../pages/policy/trial-page.tsx').then((m) => ({ default: m.PolicyTrialPage })),
);
const DecisionPage = lazy(() =>
  import('../pages/policy/decision-page.tsx').then((m) => ({ default: m.DecisionPage })),
);
const PolicyImpactPage = lazy(() =>
  import('../pages/policy/impact-page.tsx').then((m) => ({ default: m.PolicyImpactPage })),
);
const GigConsolePage = lazy(() =>
  import('../pages/employment/gig/gig-console-page.tsx').then((m) => ({ default: m.GigConsolePage })),
);
const GigPortalPage = lazy(() =>
  import('../pages/employment/gig/gig-portal-page.tsx').then((m) => ({ default: m.GigPortalPage })),
);
const GigTaskPage = lazy(() =>
  import('../pages/employment/gig/gig-task-page.tsx').then((m) => ({ default: m.GigTaskPage })),
);
const IndicatorsPage = lazy(() =>
  import('../pages/employment/indicators/indicators-page.tsx').then((m) => ({ default: m.IndicatorsPage })),
);
const IdentificationPage = lazy(() =>
  import('../pages/employment/assistance/identification-page.tsx').then((m) => ({
    default: m.IdentificationPage,
  })),
);
const AssistanceCasesPage = lazy(() =>
  import('../pages/employment/assistance/cases-page.tsx').then((m) => ({ default: m.AssistanceCasesPage })),
);
const AssistanceCasePage = lazy(() =>
  import('../pages/employment/assistance/case-page.tsx').then((m) => ({ default: m.AssistanceCasePage })),
);
const ZeroEmploymentPage = lazy(() =>
  import('../pages/employment/assistance/zero-employment-page.tsx').then((m) => ({
    default: m.ZeroEmploymentPage,
  })),
);
const SubsidiesPage = lazy(() =>
  import('../pages/employment/subsidies/subsidies-page.tsx').then((m) => ({ default: m.SubsidiesPage })),
);
const EmployerSubsidiesPage = lazy(() =>
  import('../pages/employment/subsidies/employer-subsidies-page.tsx').then((m) => ({
    default: m.EmployerSubsidiesPage,
  })),
);
const NotificationsPage = lazy(() =>
  import('../pages/notifications/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const PostingsPage = lazy(() =>
  import('../pages/employment/postings-page.tsx').then((m) => ({ default: m.PostingsPage })),
);
const SeekersPage = lazy(() =>
  import('../pages/employment/seekers-page.tsx').then((m) => ({ default: m.SeekersPage })),
);
const MatchingPage = lazy(() =>
  import('../pages/employment/matching-page.tsx').then((m) => ({ default: m.MatchingPage })),
);
const ReferralsPage = lazy(() =>
  import('../pages/employment/referrals-page.tsx').then((m) => ({ default: m.ReferralsPage })),
);
const JobsPage = lazy(() => import('../pages/portal/jobs-page.tsx').then((m) => ({ default: m.JobsPage })));
const ApplicationsPage = lazy(() =>
  import('../pages/portal/applications-page.tsx').then((m) => ({ default: m.ApplicationsPage })),
);
const MySeekerPage = lazy(() =>
  import('../pages/portal/seeker-page.tsx').then((m) => ({ default: m.MySeekerPage })),
);
const EmployerPage = lazy(() =>
  import('../pages/portal/employer-page.tsx').then((m) => ({ default: m.EmployerPage })),
);
const DigitalIndexPage = lazy(() =>
  import('../pages/archives/digital/digital-index-page.tsx').then((m) => ({ default: m.DigitalIndexPage })),
);
const DigitalArchivePage = lazy(() =>
  import('../pages/archives/digital/digital-archive-page.tsx').then((m) => ({
    default: m.DigitalArchivePage,
  })),
);
const BorrowsPage = lazy(() =>
  import('../pages/archives/digital/borrows-page.tsx').then((m) => ({ default: m.BorrowsPage })),
);
const LivelihoodSearchPage = lazy(() =>
  import('../pages/archives/livelihood/livelihood-search-page.tsx').then((m) => ({
    default: m.LivelihoodSearchPage,
  })),
);
const MyLivelihoodPage = lazy(() =>
  import('../pages/citizen/livelihood-page.tsx').then((m) => ({ default: m.MyLivelihoodPage })),
);
const ArchiveQueuesPage = lazy(() =>
  import('../pages/archives/core/queues-page.tsx').then((m) => ({ default: m.ArchiveQueuesPage })),
);
const HeldArchivesPage = lazy(() =>
  import('../pages/archives/core/held-page.tsx').then((m) => ({ default: m.HeldArchivesPage })),
);
const IntakePage = lazy(() =>
  import('../pages/archives/core/intake-page.tsx').then((m) => ({ default: m.IntakePage })),
);
const ArchivePage = lazy(() =>
  import('../pages/archives/core/archive-page.tsx').then((m) => ({ default: m.ArchivePage })),
);
const TransferPage = lazy(() =>
  import('../pages/archives/core/transfer-page.tsx').then((m) => ({ default: m.TransferPage })),
);
const PledgesPage = lazy(() =>
  import('../pages/archives/core/pledges-page.tsx').then((m) => ({ default: m.PledgesPage })),
);
const StartTransferPage = lazy(() =>
  import('../pages/archives/core/start-transfer-page.tsx').then((m) => ({ default: m.StartTransferPage })),
);
const ArchiveAgenciesPage = lazy(() =>
  import('../pages/archives/core/agencies-page.tsx').then((m) => ({ default: m.AgenciesPage })),
);
const ArchiveStatusPage = lazy(() =>
  import('../pages/citizen/archive-status-page.tsx').then((m) => ({ default: m.ArchiveStatusPage })),
);
const PersonSearchPage = lazy(() =>
  import('../pages/registry/person-search-page.tsx').then((m) => ({ default: m.PersonSearchPage })),
);

/**
 * THE routes table: the router and the menu are both filtered from it by access. A route without `menu` is
 * reachable but not listed (detail pages). `portal` routes use the phone-friendly layout without the sider.
 */
export interface AppRoute {
  path: string;
  label: string;
  icon?: ReactNode;
  /** Required permission; none means any signed-in account. */
  permission?: Permission;
  /** Staff only: hidden from portal-only accounts (citizens, employers). */
  staff?: boolean;
  /** Menu group label; routes without one are top-level items. */
  group?: string;
  menu?: boolean;
  portal?: boolean;
  element: ReactNode;
}

export const menuGroups: Record<string, { label: string; icon: ReactNode }> = {
  registry: { label: '人员与家庭', icon: <TeamOutlined /> },
  policy: { label: '政策依据', icon: <BookOutlined /> },
  employment: { label: '就业服务', icon: <SolutionOutlined /> },
  archives: { label: '人事档案', icon: <FolderOpenOutlined /> },
  system: { label: '系统管理', icon: <SafetyCertificateOutlined /> },
};

export const routes: AppRoute[] = [
  { path: '/', label: '工作台', icon: <DashboardOutlined />, menu: true, staff: true, element: <HomePage /> },
  {
    path: '/registry/persons',
    label: '人员查询',
    icon: <SearchOutlined />,
    permission: 'registry.person.read',
    group: 'registry',
    menu: true,
    element: <PersonSearchPage />,
  },
  {
    path: '/registry/persons/new',
    label: '登记人员',
    icon: <UserAddOutlined />,
    permission: 'registry.person.write',
    group: 'registry',
    menu: true,
    element: <PersonEditPage />,
  },
  {
    path: '/registry/persons/:id',
    label: '人员信息',
    permission: 'registry.person.read',
    element: <PersonPage />,
  },
  {
    path: '/registry/persons/:id/edit',
    label: '修改人员信息',
    permission: 'registry.person.write',
    element: <PersonEditPage />,
  },
  {
    path: '/registry/households',
    label: '家庭户查询',
    icon: <HomeOutlined />,
    permission: 'registry.household.read',
    group: 'registry',
    menu: true,
    element: <HouseholdSearchPage />,
  },
  {
    path: '/registry/households/new',
    label: '登记家庭户',
    icon: <UsergroupAddOutlined />,
    permission: 'registry.household.write',
    group: 'registry',
    menu: true,
    element: <HouseholdCreatePage />,
  },
  {
    path: '/registry/households/:id',
    label: '家庭户信息',
    permission: 'registry.household.read',
    element: <HouseholdPage />,
  },
  {
    path: '/imports',
    label: '批量导入',
    icon: <CloudUploadOutlined />,
    permission: 'registry.import',
    group: 'registry',
    menu: true,
    element: <ImportPage />,
  },
  {
    path: '/policy/library',
    label: '政策库',
    icon: <BookOutlined />,
    permission: 'policy.read',
    group: 'policy',
    menu: true,
    element: <PolicyLibraryPage />,
  },
  {
    path: '/policy/trial',
    label: '政策试算',
    icon: <CalculatorOutlined />,
    permission: 'policy.read',
    group: 'policy',
    menu: true,
    element: <PolicyTrialPage />,
  },
  {
    path: '/policy/decisions/:id',
    label: '决定记录',
    permission: 'policy.read',
    element: <DecisionPage />,
  },
  {
    path: '/policy/impact',
    label: '参数影响测算',
    icon: <ExperimentOutlined />,
    permission: 'policy.manage',
    group: 'policy',
    menu: true,
    element: <PolicyImpactPage />,
  },
  {
    path: '/employment/postings',
    label: '岗位管理',
    icon: <ShopOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <PostingsPage />,
  },
  {
    path: '/employment/seekers',
    label: '求职登记',
    icon: <UserAddOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <SeekersPage />,
  },
  {
    path: '/employment/matching',
    label: '人岗匹配',
    icon: <SearchOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <MatchingPage />,
  },
  {
    path: '/employment/referrals',
    label: '推荐跟踪',
    icon: <SolutionOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <ReferralsPage />,
  },
  { path: '/portal/jobs', label: '找工作', permission: 'self.read', portal: true, element: <JobsPage /> },
  {
    path: '/portal/applications',
    label: '我的申请',
    permission: 'self.read',
    portal: true,
    element: <ApplicationsPage />,
  },
  {
    path: '/portal/seeker',
    label: '求职登记',
    permission: 'self.read',
    portal: true,
    element: <MySeekerPage />,
  },
  {
    path: '/portal/employer',
    label: '我的岗位',
    permission: 'employment.employer',
    portal: true,
    element: <EmployerPage />,
  },
  {
    path: '/employment/gig',
    label: '灵工市场',
    icon: <ShopOutlined />,
    permission: 'employment.gig',
    staff: true,
    group: 'employment',
    menu: true,
    element: <GigConsolePage />,
  },
  // Task page: staff, employers and household posters (the server decides who may see and manage a task).
  {
    path: '/employment/gig/tasks/:id',
    label: '零工任务',
    permission: 'employment.gig',
    element: <GigTaskPage />,
  },
  {
    path: '/employment/indicators',
    label: '就业指标',
    icon: <LineChartOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <IndicatorsPage />,
  },
  {
    path: '/employment/assistance/identification',
    label: '就业困难人员认定',
    icon: <AuditOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <IdentificationPage />,
  },
  {
    path: '/employment/assistance/cases',
    label: '援助个案',
    icon: <SolutionOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <AssistanceCasesPage />,
  },
  {
    path: '/employment/assistance/cases/:id',
    label: '援助个案',
    permission: 'employment.read',
    staff: true,
    element: <AssistanceCasePage />,
  },
  {
    path: '/employment/zero-employment',
    label: '零就业家庭',
    icon: <HomeOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <ZeroEmploymentPage />,
  },
  {
    path: '/employment/subsidies',
    label: '补贴申请',
    icon: <CalculatorOutlined />,
    permission: 'employment.read',
    staff: true,
    group: 'employment',
    menu: true,
    element: <SubsidiesPage />,
  },
  {
    path: '/portal/employer/subsidies',
    label: '补贴申请',
    icon: <CalculatorOutlined />,
    permission: 'employment.employer',
    portal: true,
    menu: true,
    element: <EmployerSubsidiesPage />,
  },
  {
    path: '/portal/gig',
    label: '零工市场',
    icon: <ShopOutlined />,
    permission: 'self.read',
    portal: true,
    menu: true,
    element: <GigPortalPage />,
  },
  { path: '/notifications', label: '我的消息', element: <NotificationsPage /> },
  {
    path: '/admin/accounts',
    label: '账号管理',
    icon: <UserOutlined />,
    permission: 'identity.account.manage',
    group: 'system',
    menu: true,
    element: <AccountsPage />,
  },
  {
    path: '/admin/roles',
    label: '角色授权',
    icon: <KeyOutlined />,
    permission: 'identity.role.grant',
    group: 'system',
    menu: true,
    element: <RolesPage />,
  },
  {
    path: '/archives/queues',
    label: '档案转递工作台',
    icon: <FolderOpenOutlined />,
    permission: 'archives.read',
    group: 'archives',
    menu: true,
    element: <ArchiveQueuesPage />,
  },
  {
    path: '/archives/held',
    label: '本机构档案',
    icon: <FolderOpenOutlined />,
    permission: 'archives.read',
    group: 'archives',
    menu: true,
    element: <HeldArchivesPage />,
  },
  { path: '/archives/intake', label: '接收档案', permission: 'archives.manage', element: <IntakePage /> },
  {
    path: '/archives/pledges',
    label: '告知承诺',
    icon: <FolderOpenOutlined />,
    permission: 'archives.read',
    group: 'archives',
    menu: true,
    element: <PledgesPage />,
  },
  {
    path: '/archives/transfers/new',
    label: '发起转递',
    icon: <FolderOpenOutlined />,
    permission: 'archives.manage',
    group: 'archives',
    menu: true,
    element: <StartTransferPage />,
  },
  {
    path: '/archives/agencies',
    label: '档案管理机构',
    icon: <FolderOpenOutlined />,
    permission: 'archives.read',
    group: 'archives',
    menu: true,
    element: <ArchiveAgenciesPage />,
  },
  {
    path: '/archives/transfers/:id',
    label: '档案转递',
    permission: 'archives.read',
    element: <TransferPage />,
  },
  {
    path: '/me/archive',
    label: '我的档案',
    icon: <FolderOpenOutlined />,
    permission: 'self.read',
    portal: true,
    menu: true,
    element: <ArchiveStatusPage />,
  },
  {
    path: '/archives/digital',
    label: '档案数字化',
    icon: <ScanOutlined />,
    permission: 'archives.read',
    group: 'archives',
    menu: true,
    element: <DigitalIndexPage />,
  },
  {
    path: '/archives/digital/:id',
    label: '数字化目录',
    permission: 'archives.read',
    element: <DigitalArchivePage />,
  },
  {
    path: '/archives/borrows',
    label: '借阅查阅',
    icon: <ReadOutlined />,
    permission: 'archives.read',
    group: 'archives',
    menu: true,
    element: <BorrowsPage />,
  },
  {
    path: '/archives/livelihood',
    label: '民生档案查询',
    icon: <FileSearchOutlined />,
    permission: 'archives.livelihood.query',
    group: 'archives',
    menu: true,
    element: <LivelihoodSearchPage />,
  },
  {
    path: '/audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    menu: true,
    element: <AuditPage />,
  },
  {
    path: '/me',
    label: '我的信息',
    icon: <IdcardOutlined />,
    permission: 'self.read',
    portal: true,
    menu: true,
    element: <MyInfoPage />,
  },
  { path: '/archives/:id', label: '人事档案', permission: 'archives.read', element: <ArchivePage /> },
  {
    path: '/me/livelihood',
    label: '我的民生档案',
    icon: <FileSearchOutlined />,
    permission: 'self.read',
    portal: true,
    menu: true,
    element: <MyLivelihoodPage />,
  },
  { path: '/account/password', label: '修改密码', icon: <KeyOutlined />, element: <PasswordPage /> },
];

export function allowed(route: AppRoute, access: Access): boolean {
  if (route.permission && !access.can(route.permission)) return false;
  if (route.staff && access.isPortalOnly) return false;
  return true;
}

/** Where an account lands after login. */
export function homePath(access: Access): string {
  return access.isPortalOnly ? '/me' : '/';
}
