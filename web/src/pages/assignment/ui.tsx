import type { UseMutationResult } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Select,
  Typography,
  type FormInstance,
  type FormItemProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgName } from './names';

/** A section of the page, its title a heading of its own for screen readers. */
export function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {title}
        </Typography.Title>
      }
    >
      {children}
    </Card>
  );
}

/** A sub-heading inside a panel, above a form. */
export function FormTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
      {children}
    </Typography.Title>
  );
}

/** The API's refusal, by the action it refused. */
export function Refusal({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <Alert type="error" role="alert" showIcon title={error.message} style={{ marginBottom: 12 }} />
  );
}

/** A form for one action: its fields, the refusal if any, and the button that sends it. */
export function ActionForm<V>(props: {
  form: FormInstance<V>;
  action: UseMutationResult<unknown, Error, V>;
  submit: string;
  initialValues?: Partial<V>;
  danger?: boolean;
  children: ReactNode;
}) {
  const { form, action, submit, initialValues, danger, children } = props;
  return (
    <Form<V>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(values) => action.mutate(values)}
    >
      {children}
      <Refusal error={action.error} />
      <Button type="primary" danger={danger} htmlType="submit" loading={action.isPending}>
        {submit}
      </Button>
    </Form>
  );
}

/** This page's words: `w('exec.title')` is `assignmentPage.exec.title` (strings.ts). */
export function useWords() {
  return useTranslation('translation', { keyPrefix: 'assignmentPage' }).t;
}

export function useRequired() {
  const w = useWords();
  return [{ required: true, message: w('required') }];
}

// Shown the local way, typed either way: 31.05.2027 or 2027-05-31.
const DATE_FORMATS = ['DD.MM.YYYY', 'YYYY-MM-DD'];

/** Dates outside [min, max] (`YYYY-MM-DD`, either end open) cannot be picked. */
export const outside = (min?: string, max?: string) => (d: Dayjs) => {
  const day = d.format('YYYY-MM-DD');
  return (!!min && day < min) || (!!max && day > max);
};

/** A date field whose value is the API's `YYYY-MM-DD` string. */
export function DateItem(props: {
  name: FormItemProps['name'];
  label: string;
  required?: boolean;
  disabledDate?: (d: Dayjs) => boolean;
}) {
  const required = useRequired();
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      rules={props.required ? required : []}
      preserve={false}
      getValueProps={(v?: string) => ({ value: v ? dayjs(v) : undefined })}
      normalize={(d?: Dayjs | null) => d?.format('YYYY-MM-DD')}
    >
      <DatePicker
        format={DATE_FORMATS}
        disabledDate={props.disabledDate}
        style={{ width: '100%' }}
        // Enter takes the date typed; it does not send the form as well.
        onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
      />
    </Form.Item>
  );
}

/** Which executor organization acts, asked only of someone who acts for several here. */
export function ActingOrgItem({ mine }: { mine: string[] }) {
  const w = useWords();
  const required = useRequired();
  if (mine.length < 2) return null;
  return (
    <Form.Item name="organizationId" label={w('actingFor')} rules={required} initialValue={mine[0]}>
      <Select options={mine.map((id) => ({ value: id, label: <OrgName id={id} /> }))} />
    </Form.Item>
  );
}
