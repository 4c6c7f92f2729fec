import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Typography,
  type FormInstance,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, must } from '../../api';
import { AssignmentRow, EMPTY_ROW } from './AssignmentRow';
import { useCalendar } from '../../calendar';
import { buildTree, useOrgName, useOrganizations } from '../../orgs';
import { useControllers } from './directory';
import { DOCUMENT_KINDS, formName, toInput, type FormValues } from './registration';

/** A document and many assignment rows at once; the API's refusals land on their fields. */
export function RegisterForm() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const calendar = useCalendar();
  const orgs = useOrganizations('active');
  const orgName = useOrgName();
  const tree = useMemo(
    () => buildTree(orgs.data ?? [], orgName, i18n.language),
    [orgs.data, orgName, i18n.language],
  );
  const controllers = useControllers();
  const people = (controllers.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName }));
  // Problems the API named a field for that the form does not show (a hidden field).
  const [elsewhere, setElsewhere] = useState<string[]>([]);

  const register = useMutation({
    mutationFn: (values: FormValues) => must(api.POST('/documents', { body: toInput(values) })),
    onMutate: () => setElsewhere([]),
    onSuccess: (doc) => {
      void client.invalidateQueries({ queryKey: ['documents'] });
      void message.success(t('documents.form.registered'));
      void navigate(`/documents/${doc.id}`);
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      // The paths come from the API, not from the form's type.
      const byPath: FormInstance = form;
      const shown = err.fields.filter((f) => byPath.getFieldInstance(formName(f.path)));
      byPath.setFields(shown.map((f) => ({ name: formName(f.path), errors: [f.message] })));
      setElsewhere(
        err.fields.filter((f) => !shown.includes(f)).map((f) => `${f.path}: ${f.message}`),
      );
      if (shown[0]) byPath.scrollToField(formName(shown[0].path));
    },
  });
  const required = [{ required: true, message: t('signIn.required') }];
  const loadError = orgs.error ?? controllers.error;

  return (
    <>
      <Link to="/documents">← {t('documents.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 8 }}>
        {t('documents.register')}
      </Typography.Title>
      {loadError && <Alert type="error" role="alert" title={loadError.message} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'PQ', assignments: [EMPTY_ROW] }}
        onFinish={(values) => register.mutate(values)}
        // Enter confirms a typed date or a picked option; it must not register a half-filled
        // document (registration starts the workflows at once), so only the button submits.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
        scrollToFirstError
      >
        <Card size="small" title={t('documents.form.document')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Form.Item label={t('documents.kind')} name="kind" rules={required}>
                <Select
                  options={DOCUMENT_KINDS.map((k) => ({
                    value: k,
                    label: t(`documents.kinds.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={7}>
              <Form.Item label={t('documents.number')} name="number" rules={required}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={7}>
              <Form.Item label={t('documents.signedAt')} name="signedAt" rules={required}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label={t('documents.name')} name="title" rules={required}>
                <Input maxLength={1000} />
              </Form.Item>
              <Form.Item label={t('documents.text')} name="text">
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} maxLength={200_000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Form.List name="assignments">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <AssignmentRow
                  key={row.key}
                  name={row.name}
                  n={i + 1}
                  onRemove={rows.length > 1 ? () => remove(row.name) : undefined}
                  orgs={tree}
                  controllers={people}
                  calendar={calendar}
                />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add(EMPTY_ROW)}
                style={{ marginBottom: 16 }}
              >
                {t('documents.form.add')}
              </Button>
            </>
          )}
        </Form.List>
        {register.error && (
          <Alert
            type="error"
            role="alert"
            title={register.error.message}
            description={
              elsewhere.length > 0 && (
                <ul style={{ margin: 0 }}>
                  {elsewhere.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )
            }
            style={{ marginBottom: 12 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={register.isPending}>
          {t('documents.form.submit')}
        </Button>
      </Form>
    </>
  );
}
