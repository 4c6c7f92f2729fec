import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignIn } from '../session';
import { LocaleSelect } from '../LocaleSelect';

export function SignIn() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  return (
    <main style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
              {t('signIn.title')}
            </Typography.Title>
            <LocaleSelect />
          </Space>
          <Typography.Text type="secondary">
            {t('app.name')} — {t('app.tagline')}
          </Typography.Text>
          {signIn.error && <Alert type="error" role="alert" message={signIn.error.message} />}
          <Form
            layout="vertical"
            onFinish={(v: { email: string; password: string }) => signIn.mutate(v)}
          >
            <Form.Item
              label={t('signIn.email')}
              name="email"
              rules={[{ required: true, message: t('signIn.required') }]}
            >
              <Input type="email" autoComplete="username" />
            </Form.Item>
            <Form.Item
              label={t('signIn.password')}
              name="password"
              rules={[{ required: true, message: t('signIn.required') }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
          </Form>
          <Link to="/public">{t('nav.public')}</Link>
        </Space>
      </Card>
    </main>
  );
}
