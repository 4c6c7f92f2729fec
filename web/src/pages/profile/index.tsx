import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Space,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, must } from '../../api';
import { useMe } from '../../session';
import { LocaleSelect } from '../../LocaleSelect';
import './strings';

type Mail = 'immediate' | 'digest' | 'none';
interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** Who I am, my language and mail, and my own password. */
export default function Profile() {
  const { t } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const mail = useMutation({
    mutationFn: (mailPreference: Mail) => must(api.PATCH('/me', { body: { mailPreference } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['me'] });
      void message.success(t('profileWords.saved'));
    },
  });
  const password = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordForm) =>
      must(api.POST('/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['me'] });
      void message.success(t('profileWords.changed'));
    },
    onError: (err) => {
      if (err instanceof ApiError)
        form.setFields(
          err.fields.map((f) => ({ name: f.path as keyof PasswordForm, errors: [f.message] })),
        );
    },
  });
  if (!me) return null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 640 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('profileWords.title')}
      </Typography.Title>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('signIn.email')}>{me.email}</Descriptions.Item>
        <Descriptions.Item label={t('profileWords.organization')}>
          {me.organization?.name ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('profileWords.roles')}>{me.roles.join(', ')}</Descriptions.Item>
        <Descriptions.Item label={t('nav.language')}>
          <LocaleSelect />
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('profileWords.mail')}>
        {mail.error && <Alert type="error" role="alert" message={mail.error.message} />}
        <Radio.Group
          aria-label={t('profileWords.mail')}
          value={me.mailPreference ?? 'digest'}
          onChange={(e) => mail.mutate(e.target.value as Mail)}
          options={(['immediate', 'digest', 'none'] as const).map((value) => ({
            value,
            label: t(`profileWords.${value}`),
          }))}
        />
      </Card>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('profileWords.password')}</h2>}
      >
        {password.error &&
          !(password.error instanceof ApiError && password.error.fields.length) && (
            <Alert
              type="error"
              role="alert"
              message={password.error.message}
              style={{ marginBottom: 12 }}
            />
          )}
        <Form form={form} layout="vertical" onFinish={(v) => password.mutate(v)}>
          <Form.Item
            label={t('profileWords.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('profileWords.next')}
            name="newPassword"
            rules={[{ required: true, min: 12, message: t('profileWords.min') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('profileWords.repeat')}
            name="repeat"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('signIn.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('profileWords.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={password.isPending}>
            {t('profileWords.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
