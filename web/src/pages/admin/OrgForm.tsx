import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api';
import { ORG_TYPES } from '../../../../models/vocabulary';
import type { Organization } from '../../orgs';
import { OrgPicker } from './orgs';
import { placeFieldErrors } from './refusal';

interface Values {
  name: string;
  names?: { uzCyrl?: string; ru?: string };
  type: Organization['type'];
  parentId?: string | null;
  email?: string;
  active?: boolean;
}

const filled = (s?: string) => s?.trim() || undefined;

/** What the API takes from the form; blank optional fields are left out, not sent empty. */
function toBody(v: Values) {
  const names = { uzCyrl: filled(v.names?.uzCyrl), ru: filled(v.names?.ru) };
  const email = filled(v.email);
  return {
    name: v.name.trim(),
    type: v.type,
    parentId: v.parentId ?? null,
    ...(names.uzCyrl || names.ru ? { names } : {}),
    ...(email ? { email } : {}),
  };
}

/** Adds an organization (under `parentId`) or, given `org`, changes it, including its place. */
export function OrgForm({
  org,
  parentId = null,
  onSaved,
}: {
  org?: Organization;
  parentId?: string | null;
  onSaved: (saved: Organization) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) =>
      org
        ? must(
            api.PATCH('/organizations/{id}', {
              params: { path: { id: org.id } },
              body: { ...toBody(v), active: v.active },
            }),
          )
        : must(api.POST('/organizations', { body: toBody(v) })),
    onSuccess: (saved) => {
      void message.success(t('admin.saved'));
      onSaved(saved);
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const initial: Partial<Values> = org
    ? { ...org, names: { ...org.names } }
    : { parentId, type: parentId ? 'subdivision' : 'ministry', active: true };
  const required = [{ required: true, whitespace: true, message: t('signIn.required') }];

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => save.mutate(v)}
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="name" label={t('admin.orgs.name')} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['names', 'uzCyrl']} label={t('admin.orgs.nameCyrl')}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['names', 'ru']} label={t('admin.orgs.nameRu')}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="type" label={t('admin.orgs.type')} rules={[{ required: true }]}>
            <Select
              options={ORG_TYPES.map((v) => ({ value: v, label: t(`admin.orgType.${v}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="email" label={t('admin.orgs.email')} rules={[{ type: 'email' }]}>
            <Input type="email" maxLength={254} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="parentId" label={t('admin.orgs.parent')}>
        <OrgPicker exclude={org?.id} placeholder={t('admin.orgs.topLevel')} />
      </Form.Item>
      {org && (
        <Form.Item name="active" label={t('admin.orgs.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
      {save.error && (
        <Alert type="error" role="alert" title={save.error.message} style={{ marginBottom: 16 }} />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {org ? t('admin.save') : t('admin.orgs.create')}
      </Button>
    </Form>
  );
}
