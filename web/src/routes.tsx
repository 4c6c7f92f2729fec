import { Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes as Switch } from 'react-router';
import { Inbox } from './pages/Inbox';
import { SignIn } from './pages/SignIn';
import { useMe } from './session';
import { Shell } from './Shell';

// Sign-in and the inbox are what every user opens first; every other page is its own chunk,
// loaded when it is first visited (the build's budget, scripts/web-budget.ts, counts on it).
const AssignmentPage = lazy(() => import('./pages/assignment'));
const Documents = lazy(() => import('./pages/documents'));
const Dashboard = lazy(() => import('./pages/dashboard'));
const Admin = lazy(() => import('./pages/admin'));
const Notifications = lazy(() => import('./pages/Notifications'));

export function Routes() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError)
    return <Result status="error" title={t('error.generic')} subTitle={me.error.message} />;
  if (!me.data) return <SignIn />;
  return (
    <Shell me={me.data}>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
        <Switch>
          <Route path="/" element={<Inbox />} />
          <Route path="/assignments/:id" element={<AssignmentPage />} />
          <Route path="/documents/*" element={<Documents />} />
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/admin/*" element={<Admin />} />
          <Route path="/notifications" element={<Notifications />} />
          <Route path="*" element={<Result status="404" title={t('error.notFound')} />} />
        </Switch>
      </Suspense>
    </Shell>
  );
}
