import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Pagination,
  Rate,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, must } from '../../api';
import { useFormat } from '../../format';
import type { components } from '../../schema';
import { keyOf, useAction, type Detail } from './data';
import './feedback-strings';
import type { May } from './may';
import { ActionForm, Panel, useRequired, useWords } from './ui';

type Item = components['schemas']['Feedback'];
type Status = Item['status'];
const PAGE = 20;
const COLORS: Record<Status, string> = { pending: 'gold', published: 'green', hidden: 'default' };

/**
 * Citizens' feedback on a public assignment: the counts the workflow keeps, the advice to
 * inspect when negative feedback passed the threshold, and the controller's moderation.
 */
export function Feedback({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const [status, setStatus] = useState<Status | 'all'>(may.control ? 'pending' : 'all');
  const [page, setPage] = useState(1);
  const query = { ...(status === 'all' ? {} : { status }), page, limit: PAGE };
  const list = useQuery({
    queryKey: [...keyOf(a.id), 'feedback', query],
    queryFn: () =>
      must(api.GET('/assignments/{id}/feedback', { params: { path: { id: a.id }, query } })),
    enabled: a.public || !!a.feedback,
  });
  if (!a.public && !a.feedback) return null;
  const tally = a.feedback;
  return (
    <Panel title={w('feedback.title')}>
      <Flex vertical gap="middle">
        {tally?.alerted && (
          <Alert
            type="warning"
            showIcon
            title={w('feedback.alert', { count: tally.sinceInspection })}
          />
        )}
        {tally && (
          <Typography.Text type="secondary">
            {w('feedback.counts', { received: tally.received, negative: tally.negative })}
          </Typography.Text>
        )}
        <Segmented<Status | 'all'>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['pending', 'published', 'hidden', 'all'] as const).map((s) => ({
            value: s,
            label: s === 'all' ? w('feedback.filter.all') : w(`feedback.status.${s}`),
          }))}
        />
        {list.error && <Alert type="error" role="alert" title={list.error.message} />}
        {list.data?.items.length === 0 && <Typography.Text>{w('feedback.none')}</Typography.Text>}
        {list.data?.items.map((f) => (
          <FeedbackItem key={f.id} a={a} f={f} moderates={may.control} />
        ))}
        {(list.data?.total ?? 0) > PAGE && (
          <Pagination
            current={page}
            pageSize={PAGE}
            total={list.data?.total}
            onChange={setPage}
            showSizeChanger={false}
          />
        )}
      </Flex>
    </Panel>
  );
}

function FeedbackItem({ a, f, moderates }: { a: Detail; f: Item; moderates: boolean }) {
  const w = useWords();
  const fmt = useFormat();
  const [hiding, setHiding] = useState(false);
  const params = { path: { id: a.id, feedbackId: f.id } };
  const decide = (body: { decision: 'publish' | 'hide'; reason?: string }) =>
    must(api.POST('/assignments/{id}/feedback/{feedbackId}/moderation', { params, body }));
  const publish = useAction(a.id, () => decide({ decision: 'publish' }), {
    done: w('feedback.published'),
  });
  return (
    <Card size="small" type="inner">
      <Space wrap size={8}>
        <Tag color={COLORS[f.status]}>{w(`feedback.status.${f.status}`)}</Tag>
        <Rate disabled value={f.rating} aria-label={w('feedback.rating', { rating: f.rating })} />
        <span>
          {f.region} · {w(`feedback.source.${f.source}`)} · {fmt.when(f.createdAt)}
        </span>
      </Space>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }}>
        {f.text}
      </Typography.Paragraph>
      {f.moderatedAt && (
        <Typography.Text type="secondary">
          {w('feedback.moderated', { when: fmt.when(f.moderatedAt) })}
          {f.moderationReason ? `: ${f.moderationReason}` : ''}
        </Typography.Text>
      )}
      {moderates && (
        <Flex vertical gap="small" style={{ marginTop: 8 }}>
          <Space wrap>
            {f.status !== 'published' && (
              <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate({})}>
                {w('feedback.publish')}
              </Button>
            )}
            {f.status !== 'hidden' && !hiding && (
              <Button onClick={() => setHiding(true)}>{w('feedback.hide')}</Button>
            )}
          </Space>
          {publish.error && <Alert type="error" role="alert" title={publish.error.message} />}
          {hiding && <HideForm a={a} decide={decide} done={() => setHiding(false)} />}
        </Flex>
      )}
    </Card>
  );
}

function HideForm(props: {
  a: Detail;
  decide: (body: { decision: 'hide'; reason: string }) => Promise<unknown>;
  done: () => void;
}) {
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<{ reason: string }>();
  const action = useAction(
    props.a.id,
    (v: { reason: string }) => props.decide({ decision: 'hide', ...v }),
    {
      done: w('feedback.hidden'),
      form,
      after: props.done,
    },
  );
  return (
    <ActionForm form={form} action={action} submit={w('feedback.hide')}>
      <Form.Item name="reason" label={w('feedback.reason')} rules={required}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </ActionForm>
  );
}
