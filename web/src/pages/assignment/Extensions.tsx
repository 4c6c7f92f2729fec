import { Card, Flex, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { api, must } from '../../api';
import { extensionsOf, useAction, type Detail, type ExtensionRequest } from './data';
import type { May } from './may';
import { UserName } from './names';
import { ActionForm, DateItem, FormTitle, outside, Panel, useRequired, useWords } from './ui';
import { useFormat } from '../../format';
import { addDays } from '../../../../workflows/calendar';
import { today } from '../../calendar';

const STATUS_COLORS: Record<ExtensionRequest['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

/** Requests to move the deadline: the lead executor asks, the controller decides. */
export function Extensions({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const requests = extensionsOf(a);
  const lead = a.executions?.find((e) => e.role === 'lead');
  const canAsk =
    may.open &&
    a.status === 'in_execution' &&
    !a.extensionPending &&
    !a.periodicity &&
    !!lead &&
    may.mine.includes(lead.organizationId);
  if (requests.length === 0 && !canAsk) return null;
  return (
    <Panel title={w('ext.title')}>
      <Flex vertical gap="middle">
        {requests.map((r) => (
          <RequestItem key={r.id} a={a} r={r} decides={may.open && may.control} />
        ))}
        {canAsk && <AskForm a={a} />}
      </Flex>
    </Panel>
  );
}

function RequestItem({ a, r, decides }: { a: Detail; r: ExtensionRequest; decides: boolean }) {
  const w = useWords();
  const f = useFormat();
  return (
    <Card size="small" type="inner">
      <Space wrap size={4}>
        <Tag color={STATUS_COLORS[r.status]}>{w(`ext.status.${r.status}`)}</Tag>
        <Typography.Text strong>
          {w('ext.proposed')}: {f.date(r.proposedDeadline)}
        </Typography.Text>
        <span>({w('ext.was', { date: f.date(r.previousDeadline) })})</span>
        <span>
          <UserName id={r.requestedBy} /> · {f.when(r.requestedAt)}
        </span>
      </Space>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>
        {r.reason}
      </Typography.Paragraph>
      {r.decidedAt && (
        <Typography.Paragraph style={{ margin: 0 }}>
          <UserName id={r.decidedBy} /> · {f.when(r.decidedAt)}
          {r.comment && `: ${r.comment}`}
        </Typography.Paragraph>
      )}
      {decides && r.status === 'pending' && (
        <div style={{ marginTop: 12 }}>
          <DecisionForm a={a} r={r} />
        </div>
      )}
    </Card>
  );
}

function AskForm({ a }: { a: Detail }) {
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<{ proposedDeadline: string; reason: string }>();
  const ask = useAction(
    a.id,
    (body: { proposedDeadline: string; reason: string }) =>
      must(
        api.POST('/assignments/{id}/extension-requests', {
          params: { path: { id: a.id } },
          body,
        }),
      ),
    { done: w('ext.ok'), form },
  );
  // The proposed deadline must be after the current one, and not in the past.
  const earliest = [addDays(a.deadline, 1), today()].sort()[1];
  return (
    <div>
      <FormTitle>{w('ext.request')}</FormTitle>
      <ActionForm form={form} action={ask} submit={w('ext.request')}>
        <DateItem
          name="proposedDeadline"
          label={w('ext.proposed')}
          required
          disabledDate={outside(earliest)}
        />
        <Form.Item name="reason" label={w('ext.reason')} rules={required}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </ActionForm>
    </div>
  );
}

function DecisionForm({ a, r }: { a: Detail; r: ExtensionRequest }) {
  const w = useWords();
  const required = useRequired();
  type Values = { decision: 'approve' | 'reject'; comment?: string };
  const [form] = Form.useForm<Values>();
  const decide = useAction(
    a.id,
    (body: Values) =>
      must(
        api.POST('/assignments/{id}/extension-requests/{requestId}/decision', {
          params: { path: { id: a.id, requestId: r.id } },
          body,
        }),
      ),
    { done: w('decisionOk'), form },
  );
  return (
    <ActionForm form={form} action={decide} submit={w('saveDecision')}>
      <Form.Item name="decision" label={w('ext.decision')} rules={required}>
        <Radio.Group
          options={[
            { value: 'approve', label: w('ext.approve') },
            { value: 'reject', label: w('ext.reject') },
          ]}
        />
      </Form.Item>
      <Form.Item name="comment" label={w('comment')}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </ActionForm>
  );
}
