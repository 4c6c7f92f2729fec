import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api';
import { useAction, useSubtree, type Detail } from './data';
import type { May } from './may';
import { treeBelow } from './names';
import {
  ActingOrgItem,
  ActionForm,
  DateItem,
  FormTitle,
  outside,
  useRequired,
  useWords,
} from './ui';
import { today } from '../../calendar';

interface Values {
  organizationId?: string;
  targets: { orgId: string; deadline: string; text?: string }[];
}

/**
 * An org head passes the assignment down to organizations below the one they act for, each
 * with a deadline no later than that organization's own.
 */
export function Distribute({ a, may }: { a: Detail; may: May }) {
  const { i18n } = useTranslation();
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<Values>();
  const acting = Form.useWatch('organizationId', form) ?? may.mine[0] ?? '';
  const orgs = useSubtree(may.me.organizationId).data?.items ?? [];
  const tree = treeBelow(orgs, acting, i18n.language);
  const latest = a.executions?.find((e) => e.organizationId === acting)?.deadline;
  const pass = useAction(
    a.id,
    (v: Values) =>
      must(
        api.POST('/assignments/{id}/distribute', {
          params: { path: { id: a.id } },
          body: {
            organizationId: v.organizationId ?? acting,
            targets: v.targets.map(({ orgId, deadline, text }) => ({
              orgId,
              deadline,
              ...(text?.trim() ? { text } : {}),
            })),
          },
        }),
      ),
    { done: w('sub.ok'), form },
  );
  return (
    <div>
      <FormTitle>{w('sub.distribute')}</FormTitle>
      <ActionForm
        form={form}
        action={pass}
        submit={w('sub.distribute')}
        initialValues={{ targets: [{}] as Values['targets'] }}
      >
        <ActingOrgItem mine={may.mine} />
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <Flex vertical gap="small" style={{ marginBottom: 16 }}>
              {fields.map((field) => (
                <Card size="small" type="inner" key={field.key}>
                  <Form.Item name={[field.name, 'orgId']} label={w('sub.org')} rules={required}>
                    <TreeSelect
                      treeData={tree}
                      showSearch={{ treeNodeFilterProp: 'title' }}
                      treeDefaultExpandAll
                    />
                  </Form.Item>
                  <DateItem
                    name={[field.name, 'deadline']}
                    label={w('deadline')}
                    required
                    disabledDate={outside(today(), latest)}
                  />
                  <Form.Item
                    name={[field.name, 'text']}
                    label={w('sub.text')}
                    extra={w('sub.textHint')}
                  >
                    <Input.TextArea rows={2} maxLength={20_000} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                      {w('sub.remove')}
                    </Button>
                  )}
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {w('sub.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </ActionForm>
    </div>
  );
}
