import { BellOutlined, MenuOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Drawer, Grid, Layout, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, must } from './api';
import { LocaleSelect } from './LocaleSelect';
import { useSignOut } from './session';

/** The unread count, asked again each minute and whenever the window regains focus. */
export function useUnread() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => must(api.GET('/notifications', { params: { query: { limit: 1 } } })),
    select: (page) => page.unread,
    refetchInterval: 60_000,
  });
}

function Bell() {
  const { t } = useTranslation();
  const unread = useUnread().data ?? 0;
  return (
    <Link to="/notifications" aria-label={t('nav.notifications', { count: unread })}>
      <Badge count={unread} size="small">
        <BellOutlined style={{ color: '#fff', fontSize: 20 }} />
      </Badge>
    </Link>
  );
}

interface Me {
  fullName: string;
  roles: string[];
  passwordChangeDue?: boolean;
}

/** The sections of the app; each role sees those it works in (the server decides anyway). */
const SECTIONS = [
  { path: '/', key: 'nav.inbox' },
  { path: '/documents', key: 'nav.documents' },
  { path: '/dashboard', key: 'nav.dashboard' },
  { path: '/ratings', key: 'nav.ratings' },
  { path: '/admin', key: 'nav.admin', roles: ['admin'] },
] as const;

/**
 * The profile, the language and sign-out: in the header on a wide screen; on a phone behind
 * one button, so the header stays one or two lines.
 */
function Account({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const wide = Grid.useBreakpoint().md ?? true;
  const [open, setOpen] = useState(false);
  const parts = (
    <>
      <Link
        to="/profile"
        style={{ color: wide ? '#fff' : undefined }}
        onClick={() => setOpen(false)}
      >
        {me.fullName}
      </Link>
      <LocaleSelect />
      <Button onClick={() => signOut.mutate()} loading={signOut.isPending}>
        {t('nav.signOut')}
      </Button>
    </>
  );
  if (wide) return <Space>{parts}</Space>;
  return (
    <>
      <Button
        type="text"
        icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
        aria-label={t('nav.account')}
        aria-expanded={open}
        onClick={() => setOpen(true)}
      />
      <Drawer title={t('nav.account')} open={open} onClose={() => setOpen(false)} size={300}>
        <Space orientation="vertical" size="large">
          {parts}
        </Space>
      </Drawer>
    </>
  );
}

/** The frame of every signed-in page: the sections, notifications, profile, language and sign-out. */
export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const section = [...SECTIONS].reverse().find((s) => pathname.startsWith(s.path))?.path ?? '/';
  const items = SECTIONS.filter(
    (s) => !('roles' in s) || s.roles.some((r) => me.roles.includes(r)),
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: '4px 16px',
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: '48px',
          paddingInline: 'clamp(12px, 4vw, 50px)',
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18 }}>
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.sections')} style={{ flex: '1 1 auto' }}>
          <Space wrap size="middle">
            {items.map((s) => (
              <Link
                key={s.path}
                to={s.path}
                aria-current={s.path === section ? 'page' : undefined}
                style={{
                  color: '#fff',
                  padding: '4px 0',
                  borderBottom: `2px solid ${s.path === section ? '#fff' : 'transparent'}`,
                }}
              >
                {t(s.key)}
              </Link>
            ))}
          </Space>
        </nav>
        <Space>
          <Bell />
          <Account me={me} />
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: '16px', maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        {me.passwordChangeDue && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('profile.changeDue')}
            action={<Link to="/profile">{t('profile.changeNow')}</Link>}
          />
        )}
        {children}
      </Layout.Content>
    </Layout>
  );
}
