import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes as Switch } from 'react-router';
import { AssignmentPage } from './pages/AssignmentPage';
import { Inbox } from './pages/Inbox';
import { SignIn } from './pages/SignIn';
import { useMe } from './session';
import { Shell } from './Shell';

export function Routes() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError)
    return <Result status="error" title={t('error.generic')} subTitle={me.error.message} />;
  if (!me.data) return <SignIn />;
  return (
    <Shell me={me.data}>
      <Switch>
        <Route path="/" element={<Inbox />} />
        <Route path="/assignments/:id" element={<AssignmentPage />} />
        <Route path="*" element={<Result status="404" title={t('error.notFound')} />} />
      </Switch>
    </Shell>
  );
}
