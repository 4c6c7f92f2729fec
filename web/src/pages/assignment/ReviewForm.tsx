import { Form, Input, Radio } from 'antd';
import { api, must } from '../../api';
import { useAction, type Detail, type Report } from './data';
import { ActionForm, DateItem, FormTitle, outside, useRequired, useWords } from './ui';
import { today } from '../../calendar';

interface Values {
  decision: 'accept' | 'return';
  rating?: number;
  comment?: string;
  newDeadline?: string;
}

/**
 * A reviewer's decision at their level of the chain: accept with a quality rating, or return
 * with what to fix and, if need be, a new deadline (the API takes one only with a return).
 */
export function ReviewForm({ a, r }: { a: Detail; r: Report }) {
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch('decision', form);
  const review = useAction(
    a.id,
    (body: Values) =>
      must(
        api.POST('/assignments/{id}/reports/{reportId}/review', {
          params: { path: { id: a.id, reportId: r.id } },
          body,
        }),
      ),
    { done: w('decisionOk'), form },
  );
  return (
    <>
      <FormTitle>{w('review.title')}</FormTitle>
      <ActionForm form={form} action={review} submit={w('saveDecision')}>
        <Form.Item name="decision" label={w('review.decision')} rules={required}>
          <Radio.Group
            options={[
              { value: 'accept', label: w('review.accept') },
              { value: 'return', label: w('review.return') },
            ]}
          />
        </Form.Item>
        {decision === 'accept' && (
          <Form.Item name="rating" label={w('review.rating')} rules={required} preserve={false}>
            {/* Numbered buttons rather than stars: each has a name a screen reader says. */}
            <Radio.Group optionType="button" options={[1, 2, 3, 4, 5]} />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={w('comment')}
          rules={decision === 'return' ? required : []}
        >
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        {decision === 'return' && (
          <DateItem name="newDeadline" label={w('newDeadline')} disabledDate={outside(today())} />
        )}
      </ActionForm>
    </>
  );
}
