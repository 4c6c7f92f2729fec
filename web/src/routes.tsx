import { Alert, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes as Switch, useLocation } from 'react-router';
import { useMe } from './session';
import { Shell } from './Shell';

// Every page is its own chunk, loaded when it is first visited: what a user downloads before
// the sign-in page or the assignment list works stays small (scripts/web-budget.ts checks it
// in the build).
const SignIn = lazy(() => import('./pages/SignIn').then((m) => ({ default: m.SignIn })));
const Inbox = lazy(() => import('./pages/Inbox').then((m) => ({ default: m.Inbox })));
const AssignmentPage = lazy(() => import('./pages/assignment'));
const Documents = lazy(() => import('./pages/documents'));
const Dashboard = lazy(() => import('./pages/dashboard'));
const Ratings = lazy(() => import('./pages/ratings'));
const Admin = lazy(() => import('./pages/admin'));
const Notifications = lazy(() => import('./pages/notifications'));
const Profile = lazy(() => import('./pages/profile'));
const PublicPages = lazy(() => import('./pages/public'));

export function Routes() {
  const { pathname } = useLocation();
  // The public pages are read without signing in, whoever is signed in or not.
  if (pathname === '/public' || pathname.startsWith('/public/'))
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <Switch>
          <Route path="/public/*" element={<PublicPages />} />
        </Switch>
      </Suspense>
    );
  return <Signed />;
}

function Signed() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        message={t('error.generic')}
        description={me.error.message}
      />
    );
  if (!me.data)
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <SignIn />
      </Suspense>
    );
  return (
    <Shell me={me.data}>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
        <Switch>
          <Route path="/" element={<Inbox />} />
          <Route path="/assignments/:id" element={<AssignmentPage />} />
          <Route path="/documents/*" element={<Documents />} />
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/ratings" element={<Ratings />} />
          <Route path="/admin/*" element={<Admin />} />
          <Route path="/notifications" element={<Notifications />} />
          <Route path="/profile" element={<Profile />} />
          <Route
            path="*"
            element={<Alert type="warning" showIcon message={t('error.notFound')} />}
          />
        </Switch>
      </Suspense>
    </Shell>
  );
}
