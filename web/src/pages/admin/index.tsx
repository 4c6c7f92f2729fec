import { Result, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../session';
import CalendarPage from './Calendar';
import Organizations from './Organizations';
import './strings';
import Users from './Users';

const SECTIONS = ['organizations', 'users', 'calendar'] as const;

/** The heading and the tabs; the open tab's page is the route below /admin. */
function AdminLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const section = useLocation().pathname.split('/')[2];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs
        activeKey={section}
        onChange={(key) => navigate(`/admin/${key}`)}
        items={SECTIONS.map((key) => ({
          key,
          label: t(`admin.tab.${key}`),
          children: key === section ? <Outlet /> : null,
        }))}
      />
    </>
  );
}

/** The admins' pages; anyone else is told they may not (the API refuses them anyway). */
export default function Admin() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me?.roles.includes('admin'))
    return (
      <Result
        status="403"
        title={
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            {t('admin.forbidden')}
          </Typography.Title>
        }
        subTitle={t('admin.forbiddenWhy')}
      />
    );
  return (
    <Routes>
      <Route index element={<Navigate to="organizations" replace />} />
      <Route element={<AdminLayout />}>
        <Route path="organizations" element={<Organizations />} />
        <Route path="users" element={<Users />} />
        <Route path="calendar" element={<CalendarPage />} />
      </Route>
      <Route path="*" element={<Result status="404" title={t('error.notFound')} />} />
    </Routes>
  );
}
