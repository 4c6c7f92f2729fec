import { Button, Layout, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LOCALES, type Locale } from './i18n';
import { useLocaleChoice, useSignOut } from './session';

export function LocaleSelect() {
  const { t, i18n } = useTranslation();
  const choose = useLocaleChoice();
  return (
    <Select
      aria-label={t('nav.language')}
      value={i18n.language as Locale}
      onChange={(code) => choose.mutate(code)}
      options={LOCALES.map((l) => ({ value: l.code, label: l.label }))}
      style={{ width: 130 }}
    />
  );
}

/** The frame of every signed-in page: the name, the way home, the language and sign-out. */
export function Shell({ me, children }: { me: { fullName: string }; children: ReactNode }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap', height: 'auto' }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18 }}>
          {t('app.name')}
        </Link>
        <Link to="/" style={{ color: '#dbe7f5' }}>
          {t('nav.inbox')}
        </Link>
        <Space style={{ marginLeft: 'auto' }} wrap>
          <Typography.Text style={{ color: '#fff' }}>{me.fullName}</Typography.Text>
          <LocaleSelect />
          <Button onClick={() => signOut.mutate()} loading={signOut.isPending}>
            {t('nav.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: '16px', maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <main>{children}</main>
      </Layout.Content>
    </Layout>
  );
}
