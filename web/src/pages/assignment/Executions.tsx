import { Button, Card, Flex, Form, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, must } from '../../api';
import { useAction, useUsers, type Detail } from './data';
import type { May } from './may';
import { OrgName, UserName } from './names';
import { ActionForm, Panel, Refusal, useRequired, useWords } from './ui';
import { useFormat } from '../../format';

type Execution = NonNullable<Detail['executions']>[number];

/** Each executor organization: its deadline, receipt, report and the person answering for it. */
export function Executions({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  return (
    <Panel title={w('exec.title')}>
      <Flex vertical gap="small">
        {(a.executions ?? []).map((e) => (
          <ExecutionItem key={e.organizationId} a={a} e={e} may={may} />
        ))}
      </Flex>
    </Panel>
  );
}

function ExecutionItem({ a, e, may }: { a: Detail; e: Execution; may: May }) {
  const w = useWords();
  const f = useFormat();
  const acts = may.open && may.mine.includes(e.organizationId);
  const acknowledge = useAction(
    a.id,
    () =>
      must(
        api.POST('/assignments/{id}/acknowledge', {
          params: { path: { id: a.id } },
          body: { organizationId: e.organizationId },
        }),
      ),
    { done: w('exec.acknowledgedOk') },
  );
  return (
    <Card size="small" type="inner">
      <Flex vertical gap={8}>
        <Space wrap>
          <Typography.Text strong>
            <OrgName id={e.organizationId} />
          </Typography.Text>
          <Tag color={e.role === 'lead' ? 'blue' : undefined}>{w(`exec.${e.role}`)}</Tag>
          <span>{w('exec.deadline', { date: f.date(e.deadline) })}</span>
          <span>
            {e.acknowledgedAt
              ? w('exec.acknowledged', { when: f.when(e.acknowledgedAt) })
              : w('exec.notAcknowledged')}
          </span>
          {e.reportedAt && <span>{w('exec.reported', { when: f.when(e.reportedAt) })}</span>}
        </Space>
        <span>
          {w('exec.responsible')}:{' '}
          {e.responsibleId ? <UserName id={e.responsibleId} /> : w('exec.responsibleDefault')}
        </span>
        {acts && !e.acknowledgedAt && (
          <div>
            <Refusal error={acknowledge.error} />
            <Button
              type="primary"
              loading={acknowledge.isPending}
              onClick={() => acknowledge.mutate(undefined)}
            >
              {w('exec.acknowledge')}
            </Button>
          </div>
        )}
        {acts && may.head && <Responsible a={a} e={e} />}
      </Flex>
    </Card>
  );
}

/** An org head names who answers for the organization's execution (they get its mail). */
function Responsible({ a, e }: { a: Detail; e: Execution }) {
  const w = useWords();
  const required = useRequired();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ userId: string }>();
  const users = useUsers({ organizationId: e.organizationId }, open);
  const save = useAction(
    a.id,
    (v: { userId: string }) =>
      must(
        api.POST('/assignments/{id}/responsible', {
          params: { path: { id: a.id } },
          body: { organizationId: e.organizationId, userId: v.userId },
        }),
      ),
    { done: w('exec.responsibleOk'), form, after: () => setOpen(false) },
  );
  if (!open)
    return (
      <div>
        <Button onClick={() => setOpen(true)}>{w('exec.changeResponsible')}</Button>
      </div>
    );
  // Only executors and heads can answer for an execution (api/routes/lifecycle.ts).
  const options = (users.data?.items ?? [])
    .filter((u) => u.roles.includes('executor') || u.roles.includes('org_head'))
    .map((u) => ({ value: u.id, label: u.fullName }));
  return (
    <ActionForm form={form} action={save} submit={w('exec.save')}>
      <Form.Item name="userId" label={w('exec.person')} rules={required}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isPending}
          options={options}
        />
      </Form.Item>
    </ActionForm>
  );
}
