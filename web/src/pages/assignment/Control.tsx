import { Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { api, must } from '../../api';
import { useAction, type Detail } from './data';
import type { May } from './may';
import { ActionForm, useRequired, useWords } from './ui';

/** The controller's (or an admin's) last word: remove from control, or cancel. */
export function Control({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  if (!may.control || !may.open) return null;
  const params = { path: { id: a.id } };
  return (
    <Space wrap>
      {a.status === 'accepted' && !a.periodicity && (
        <Confirmed
          id={a.id}
          label={w('control.close')}
          question={w('control.closeConfirm')}
          field={{ name: 'comment', label: w('comment') }}
          run={(body) => must(api.POST('/assignments/{id}/close', { params, body }))}
          done={w('control.closedOk')}
        />
      )}
      <Confirmed
        id={a.id}
        danger
        label={w('control.cancel')}
        question={w('control.cancelConfirm')}
        field={{ name: 'reason', label: w('control.reason'), required: true }}
        run={(body) =>
          must(
            api.POST('/assignments/{id}/cancel', { params, body: { reason: body.reason ?? '' } }),
          )
        }
        done={w('control.cancelledOk')}
      />
    </Space>
  );
}

type Values = { comment?: string; reason?: string };

/** A button that asks first: the dialog holds the one field the action takes, and its refusal. */
function Confirmed(props: {
  id: string;
  label: string;
  question: string;
  field: { name: keyof Values; label: string; required?: boolean };
  run: (values: Values) => Promise<unknown>;
  done: string;
  danger?: boolean;
}) {
  const { id, label, question, field, run, done, danger } = props;
  const required = useRequired();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const action = useAction(id, run, { done, form, after: () => setOpen(false) });
  return (
    <>
      <Button danger={danger} type={danger ? 'default' : 'primary'} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={question}
        footer={null}
        onCancel={() => {
          setOpen(false);
          action.reset();
        }}
        destroyOnHidden
      >
        <ActionForm form={form} action={action} submit={label} danger={danger}>
          <Form.Item name={field.name} label={field.label} rules={field.required ? required : []}>
            <Input.TextArea rows={3} maxLength={field.required ? 2000 : 5000} />
          </Form.Item>
        </ActionForm>
      </Modal>
    </>
  );
}
