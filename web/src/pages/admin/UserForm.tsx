import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api';
import { LOCALES } from '../../i18n';
import type { components } from '../../schema';
import { OrgPicker } from './orgs';
import { ROLES } from '../../../../models/vocabulary';
import { placeFieldErrors } from './refusal';

export type User = components['schemas']['User'];

interface Values {
  fullName: string;
  email: string;
  password?: string;
  organizationId?: string | null;
  roles: User['roles'];
  locale: User['locale'];
}

/**
 * Adds a user (with a first password, which the API requires) or, given `user`, changes them;
 * a new password there is optional (an imported user has none until one is set).
 */
export function UserForm({ user, onSaved }: { user?: User; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: ({ password, ...v }: Values) => {
      const body = { ...v, organizationId: v.organizationId ?? null };
      return user
        ? must(
            api.PATCH('/users/{id}', {
              params: { path: { id: user.id } },
              body: { ...body, ...(password ? { password } : {}) },
            }),
          )
        : must(api.POST('/users', { body: { ...body, password: password ?? '' } }));
    },
    onSuccess: () => {
      void message.success(t('admin.saved'));
      onSaved();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const required = { required: true, whitespace: true, message: t('signIn.required') };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={user ?? { roles: [], locale: 'uz-Latn', organizationId: null }}
      onFinish={(v) => save.mutate(v)}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="fullName" label={t('admin.users.fullName')} rules={[required]}>
            <Input maxLength={300} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="email"
            label={t('admin.users.email')}
            rules={[required, { type: 'email' }]}
          >
            <Input type="email" maxLength={254} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="organizationId" label={t('admin.users.organization')}>
        <OrgPicker placeholder={t('admin.users.noOrganization')} />
      </Form.Item>
      <Form.Item
        name="roles"
        label={t('admin.users.roles')}
        rules={[{ required: true, message: t('admin.users.oneRole') }]}
      >
        <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="locale" label={t('nav.language')} rules={[{ required: true }]}>
            <Select options={LOCALES.map((l) => ({ value: l.code, label: l.label }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="password"
            label={user ? t('admin.users.newPassword') : t('admin.users.password')}
            rules={[
              ...(user ? [] : [required]),
              { min: 12, message: t('admin.users.passwordLength') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
      </Row>
      {save.error && (
        <Alert type="error" role="alert" title={save.error.message} style={{ marginBottom: 16 }} />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {user ? t('admin.save') : t('admin.users.create')}
      </Button>
    </Form>
  );
}
