import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, List, Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, must } from '../../api';
import { useFormat } from '../../format';
import './feedback-strings';

/** A rating is required; checked without marking the stars' list aria-required. */
const chosen = (message: string) => (_: unknown, value?: number) =>
  value ? Promise.resolve() : Promise.reject(new Error(message));

type Values = { text: string; rating: number; region: string; website?: string };

const useWords = () => useTranslation('translation', { keyPrefix: 'publicFeedback' }).t;

/** Published feedback on a public assignment, and the form a citizen sends theirs with. */
export function PublicFeedback({ id, open }: { id: string; open: boolean }) {
  const w = useWords();
  const { when } = useFormat();
  const list = useQuery({
    queryKey: ['public', 'feedback', id],
    queryFn: () =>
      must(
        api.GET('/public/assignments/{id}/feedback', {
          params: { path: { id }, query: { limit: 50 } },
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
        {w('title')}
      </Typography.Title>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text>{w('none')}</Typography.Text> }}
        renderItem={(f) => (
          <List.Item key={f.id}>
            <List.Item.Meta
              title={
                <>
                  <Rate disabled value={f.rating} style={{ fontSize: 14 }} /> {f.region} ·{' '}
                  {when(f.createdAt)}
                </>
              }
              description={<span style={{ whiteSpace: 'pre-wrap' }}>{f.text}</span>}
            />
          </List.Item>
        )}
      />
      {open ? <SendForm id={id} /> : <Alert type="info" title={w('closed')} />}
    </>
  );
}

function SendForm({ id }: { id: string }) {
  const w = useWords();
  const [form] = Form.useForm<Values>();
  const required = [{ required: true, message: w('required') }];
  const send = useMutation<unknown, Error, Values>({
    mutationFn: (v) =>
      must(api.POST('/public/feedback', { body: { ...v, assignmentId: id, text: v.text ?? '' } })),
    onSuccess: () => form.resetFields(),
    onError: (err) => {
      if (err instanceof ApiError && err.fields.length)
        form.setFields(
          err.fields.map((f) => ({ name: f.path as keyof Values, errors: [f.message] })),
        );
    },
  });
  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {w('send')}
      </Typography.Title>
      <Form.Item name="text" label={w('text')} rules={required}>
        <Input.TextArea rows={4} minLength={10} maxLength={4000} showCount />
      </Form.Item>
      {/* Checked by a validator: a `required` rule would put aria-required on the stars' list. */}
      <Form.Item name="rating" label={w('rating')} rules={[{ validator: chosen(w('required')) }]}>
        <Rate />
      </Form.Item>
      <Form.Item name="region" label={w('region')} rules={required}>
        <Input maxLength={100} autoComplete="address-level1" />
      </Form.Item>
      {/* People never see this field; robots fill it, and what they send is dropped. */}
      <div aria-hidden="true" style={{ position: 'absolute', left: -10_000, top: 'auto' }}>
        <Form.Item name="website" label={w('website')}>
          <Input tabIndex={-1} autoComplete="off" />
        </Form.Item>
      </div>
      {send.error && (
        <Alert
          type="error"
          role="alert"
          showIcon
          title={send.error.message}
          style={{ marginBottom: 12 }}
        />
      )}
      {send.isSuccess && (
        <Alert
          type="success"
          role="status"
          showIcon
          title={w('thanks')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {w('submit')}
      </Button>
    </Form>
  );
}
