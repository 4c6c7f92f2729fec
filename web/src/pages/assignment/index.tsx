import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, must } from '../../api';
import { useMe } from '../../session';
import { StatusTag } from '../StatusTag';

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');

export default function AssignmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe().data;
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: 'interim' | 'final'; text: string }>();
  const key = ['assignment', id];
  const one = useQuery({
    queryKey: key,
    queryFn: () => must(api.GET('/assignments/{id}', { params: { path: { id } } })),
  });
  const refresh = (next: unknown) => {
    client.setQueryData(key, next);
    void client.invalidateQueries({ queryKey: ['assignments'] });
  };
  const acknowledge = useMutation({
    mutationFn: () =>
      must(api.POST('/assignments/{id}/acknowledge', { params: { path: { id } }, body: {} })),
    onSuccess: (next) => {
      refresh(next);
      void message.success(t('assignment.acknowledgedOk'));
    },
  });
  const report = useMutation({
    mutationFn: (body: { kind: 'interim' | 'final'; text: string }) =>
      must(api.POST('/assignments/{id}/reports', { params: { path: { id } }, body })),
    onSuccess: (answer) => {
      refresh(answer.assignment);
      form.resetFields();
      void message.success(t('assignment.reportedOk'));
    },
    onError: (err) => {
      // The API's words next to the field they are about.
      if (err instanceof ApiError)
        form.setFields(
          err.fields.map((f) => ({ name: f.path.split('.')[0] as 'text', errors: [f.message] })),
        );
    },
  });

  if (one.error) return <Alert type="error" role="alert" message={one.error.message} />;
  const a = one.data;
  if (!a) return <Card loading />;
  const mine = a.executions?.find((e) => e.organizationId === me?.organizationId);
  const acts = a.status === 'in_execution' && mine !== undefined;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/">← {t('assignment.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {a.clause}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.text}</Typography.Paragraph>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('assignment.status')}>
          <StatusTag status={a.status} />
          {a.overdue && (
            <Tag color="red">
              {a.overdueDays
                ? t('assignment.overdueDays', { count: a.overdueDays })
                : t('assignment.overdue')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.deadline')}>{a.deadline}</Descriptions.Item>
      </Descriptions>

      <Card title={t('assignment.executions')} size="small">
        <List
          dataSource={a.executions ?? []}
          renderItem={(e) => (
            <List.Item>
              <Space wrap>
                <Tag>{t(`assignment.${e.role}`)}</Tag>
                <code>{e.organizationId}</code>
                <span>{e.deadline}</span>
                <Typography.Text type={e.acknowledgedAt ? 'success' : 'warning'}>
                  {e.acknowledgedAt
                    ? t('assignment.acknowledged', { when: when(e.acknowledgedAt) })
                    : t('assignment.notAcknowledged')}
                </Typography.Text>
                {e.reportedAt && (
                  <span>{t('assignment.reported', { when: when(e.reportedAt) })}</span>
                )}
              </Space>
            </List.Item>
          )}
        />
        {acts && !mine.acknowledgedAt && (
          <Space direction="vertical">
            {acknowledge.error && (
              <Alert type="error" role="alert" message={acknowledge.error.message} />
            )}
            <Button
              type="primary"
              onClick={() => acknowledge.mutate()}
              loading={acknowledge.isPending}
            >
              {t('assignment.acknowledge')}
            </Button>
          </Space>
        )}
      </Card>

      <Card title={t('assignment.reports')} size="small">
        <List
          dataSource={
            (a.reports ?? []) as { id: string; kind: string; status: string; text?: string }[]
          }
          locale={{ emptyText: t('assignment.noReports') }}
          renderItem={(r) => (
            <List.Item>
              <Space direction="vertical">
                <Space>
                  <Tag>{t(`assignment.${r.kind}`, { defaultValue: r.kind })}</Tag>
                  <Tag>{r.status}</Tag>
                </Space>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {r.text}
                </Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      </Card>

      {acts && (
        <Card title={t('assignment.report')} size="small">
          {report.error && (
            <Alert
              type="error"
              role="alert"
              message={report.error.message}
              style={{ marginBottom: 12 }}
            />
          )}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'final' }}
            onFinish={(v) => report.mutate(v)}
          >
            <Form.Item label={t('assignment.reportKind')} name="kind">
              <Radio.Group
                options={[
                  { value: 'interim', label: t('assignment.interim') },
                  { value: 'final', label: t('assignment.final') },
                ]}
              />
            </Form.Item>
            <Form.Item
              label={t('assignment.reportText')}
              name="text"
              rules={[{ required: true, message: t('signIn.required') }]}
            >
              <Input.TextArea rows={5} maxLength={50_000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={report.isPending}>
              {t('assignment.send')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
