import { Card, Checkbox, Flex, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { Fragment, type ComponentType } from 'react';
import { api, must } from '../../api';
import { inspectionsOf, useAction, useUsers, type Detail, type Inspection } from './data';
import type { May } from './may';
import { OrgName, UserName } from './names';
import { ActionForm, DateItem, FormTitle, outside, Panel, useRequired, useWords } from './ui';
import { useFormat } from '../../format';
import { today } from '../../calendar';

const OUTCOMES = ['confirmed', 'partially_confirmed', 'not_confirmed'] as const;
const OUTCOME_COLORS = { confirmed: 'green', partially_confirmed: 'gold', not_confirmed: 'red' };

/** On-site control: an inspector starts it, and one of its inspectors records the result. */
export function Inspections({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const list = inspectionsOf(a);
  const canStart = may.inspect && may.open && !a.inspectionOpen;
  if (list.length === 0 && !canStart) return null;
  return (
    <Panel title={w('insp.title')}>
      <Flex vertical gap="middle">
        {list.map((i) => (
          <InspectionItem
            key={i.id}
            a={a}
            i={i}
            records={may.open && may.inspect && i.inspectorIds.includes(may.me.id)}
          />
        ))}
        {canStart && <StartForm a={a} may={may} />}
      </Flex>
    </Panel>
  );
}

/** Names separated by commas. */
function Names({ ids, of: Name }: { ids: string[]; of: ComponentType<{ id: string }> }) {
  return (
    <>
      {ids.map((id, n) => (
        <Fragment key={id}>
          {n > 0 && ', '}
          <Name id={id} />
        </Fragment>
      ))}
    </>
  );
}

function InspectionItem({ a, i, records }: { a: Detail; i: Inspection; records: boolean }) {
  const w = useWords();
  const f = useFormat();
  return (
    <Card size="small" type="inner">
      <Flex vertical gap={4}>
        <Space wrap size={4}>
          <Tag color={i.status === 'open' ? 'purple' : undefined}>
            {w(`insp.status.${i.status}`)}
          </Tag>
          {i.outcome && (
            <Tag color={OUTCOME_COLORS[i.outcome]}>{w(`insp.outcomes.${i.outcome}`)}</Tag>
          )}
          {i.referToProsecutor && <Tag color="red">{w('insp.referred')}</Tag>}
          <span>
            {w('insp.plannedAt')}: {f.date(i.plannedAt)}
          </span>
        </Space>
        <span>
          {w('insp.inspectors')}: <Names ids={i.inspectorIds} of={UserName} />
        </span>
        <span>
          {w('insp.orgs')}: <Names ids={i.orgIds} of={OrgName} />
        </span>
        {i.note && <Typography.Paragraph style={{ margin: 0 }}>{i.note}</Typography.Paragraph>}
        {i.findings && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {w('insp.findings')}: {i.findings}
          </Typography.Paragraph>
        )}
        {i.newDeadline && (
          <span>
            {w('newDeadline')}: {f.date(i.newDeadline)}
          </span>
        )}
        {records && i.status === 'open' && <ResultForm a={a} i={i} />}
      </Flex>
    </Card>
  );
}

interface StartValues {
  plannedAt: string;
  inspectorIds: string[];
  orgIds?: string[];
  note?: string;
}

function StartForm({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<StartValues>();
  const inspectors = useUsers({ role: 'inspector' });
  const start = useAction(
    a.id,
    (body: StartValues) =>
      must(api.POST('/assignments/{id}/inspections', { params: { path: { id: a.id } }, body })),
    { done: w('insp.startedOk'), form },
  );
  const people = inspectors.data?.items ?? [];
  return (
    <div>
      <FormTitle>{w('insp.start')}</FormTitle>
      <ActionForm
        form={form}
        action={start}
        submit={w('insp.start')}
        initialValues={{ inspectorIds: [may.me.id] }}
      >
        <DateItem
          name="plannedAt"
          label={w('insp.plannedAt')}
          required
          disabledDate={outside(today())}
        />
        <Form.Item name="inspectorIds" label={w('insp.inspectors')} rules={required}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={inspectors.isPending}
            options={[
              // The one starting it is an inspector too, whether the list has come or not.
              ...(people.some((u) => u.id === may.me.id) ? [] : [may.me]),
              ...people,
            ].map((u) => ({ value: u.id, label: u.fullName }))}
          />
        </Form.Item>
        <Form.Item name="orgIds" label={w('insp.orgs')} extra={w('insp.orgsHint')}>
          <Select
            mode="multiple"
            options={(a.executions ?? []).map((e) => ({
              value: e.organizationId,
              label: <OrgName id={e.organizationId} />,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={w('insp.note')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </ActionForm>
    </div>
  );
}

interface ResultValues {
  outcome: Inspection['outcome'];
  findings: string;
  newDeadline?: string;
  referToProsecutor?: boolean;
}

/** Not confirmed reopens the assignment: it then needs a new deadline. */
function ResultForm({ a, i }: { a: Detail; i: Inspection }) {
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<ResultValues>();
  const outcome = Form.useWatch('outcome', form);
  const record = useAction(
    a.id,
    (body: ResultValues) =>
      must(
        api.POST('/assignments/{id}/inspections/{inspectionId}/result', {
          params: { path: { id: a.id, inspectionId: i.id } },
          body: body as ResultValues & { outcome: NonNullable<Inspection['outcome']> },
        }),
      ),
    { done: w('insp.recordedOk'), form },
  );
  return (
    <div>
      <FormTitle>{w('insp.record')}</FormTitle>
      <ActionForm form={form} action={record} submit={w('insp.record')}>
        <Form.Item name="outcome" label={w('insp.outcome')} rules={required}>
          <Radio.Group
            options={OUTCOMES.map((value) => ({ value, label: w(`insp.outcomes.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="findings" label={w('insp.findings')} rules={required}>
          <Input.TextArea rows={4} maxLength={20_000} />
        </Form.Item>
        {outcome === 'not_confirmed' && (
          <>
            <DateItem
              name="newDeadline"
              label={w('newDeadline')}
              required
              disabledDate={outside(today())}
            />
            <Form.Item name="referToProsecutor" valuePropName="checked" preserve={false}>
              <Checkbox>{w('insp.prosecutor')}</Checkbox>
            </Form.Item>
          </>
        )}
      </ActionForm>
    </div>
  );
}
