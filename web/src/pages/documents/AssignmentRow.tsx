import { DeleteOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useFormat } from '../../format';
import { useSettings } from '../../settings';
import { useTranslation } from 'react-i18next';
import type { useCalendar } from '../../calendar';
import { deadlineHint, isNonWorkingDay } from './deadline';
import type { OrgNode } from '../../orgs';
import { isoDay, type FormValues, type RowValues } from './registration';

export const EMPTY_ROW: Partial<RowValues> = { timing: 'once', coOrgIds: [], public: false };

interface Props {
  /** The row's name in the form's `assignments` list. */
  name: number;
  /** Its place as the reader counts, from 1. */
  n: number;
  onRemove?: () => void;
  orgs: OrgNode[];
  controllers: { value: string; label: string }[];
  calendar: ReturnType<typeof useCalendar>;
}

/** One assignment of the registration form: what, who, by when, and who checks it. */
export function AssignmentRow({ name, n, onRemove, orgs, controllers, calendar }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const form = Form.useFormInstance<FormValues>();
  const row = Form.useWatch(['assignments', name], form) as RowValues | undefined;
  const required = [{ required: true, message: t('signIn.required') }];
  const deadline = row?.deadline;
  const { see } = calendar;
  // The calendar of the deadline's year, also when it was typed rather than browsed to.
  useEffect(() => {
    if (deadline) see(deadline.year());
  }, [deadline, see]);
  const nonWorking = (d: dayjs.Dayjs) => isNonWorkingDay(isoDay(d), calendar.of(d.year()));
  const offset = useSettings().data?.coDeadlineOffsetDays;
  const hint =
    deadline && offset !== undefined
      ? deadlineHint(isoDay(deadline), calendar.of(deadline.year()), isoDay(dayjs()), offset)
      : undefined;
  const orgPicker = {
    treeData: orgs,
    showSearch: { treeNodeFilterProp: 'title' },
    allowClear: true,
  };
  const title = t('documents.form.assignment', { n });

  return (
    <Card
      size="small"
      title={title}
      role="group"
      aria-label={title}
      style={{ marginBottom: 12 }}
      extra={
        onRemove && (
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('documents.form.remove', { n })}
            title={t('documents.form.remove', { n })}
            onClick={onRemove}
          />
        )
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={4}>
          <Form.Item label={t('documents.form.clause')} name={[name, 'clause']} rules={required}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item label={t('documents.form.lead')} name={[name, 'leadOrgId']} rules={required}>
            <TreeSelect {...orgPicker} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            label={t('documents.form.co')}
            name={[name, 'coOrgIds']}
            dependencies={[['assignments', name, 'leadOrgId']]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value?: string[]) =>
                  value?.includes(getFieldValue(['assignments', name, 'leadOrgId']) as string)
                    ? Promise.reject(new Error(t('documents.form.coIsLead')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <TreeSelect multiple {...orgPicker} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t('documents.form.text')} name={[name, 'text']} rules={required}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20_000} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('documents.form.timing')} name={[name, 'timing']}>
            <Radio.Group
              options={[
                { value: 'once', label: t('documents.form.once') },
                { value: 'periodic', label: t('documents.form.periodic') },
              ]}
            />
          </Form.Item>
        </Col>
        {row?.timing === 'periodic' ? (
          <>
            <Col xs={24} sm={8} md={5}>
              <Form.Item
                label={t('documents.form.every')}
                name={[name, 'periodicity', 'every']}
                rules={required}
              >
                <Select
                  options={(['month', 'quarter', 'year'] as const).map((value) => ({
                    value,
                    label: t(`documents.form.${value}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8} md={5}>
              <Form.Item
                label={t('documents.form.dueDay')}
                name={[name, 'periodicity', 'dueDay']}
                rules={required}
              >
                <InputNumber min={1} max={28} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8} md={6}>
              <Form.Item
                label={t('documents.form.until')}
                name={[name, 'periodicity', 'until']}
                rules={required}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </>
        ) : (
          <Col xs={24} md={16}>
            <Form.Item
              label={t('documents.form.deadline')}
              name={[name, 'deadline']}
              rules={required}
              extra={
                hint && (
                  <>
                    {hint.deadline !== isoDay(deadline as dayjs.Dayjs) && (
                      <div>{t('documents.form.moved', { date: f.date(hint.deadline) })}</div>
                    )}
                    {(row?.coOrgIds?.length ?? 0) > 0 && (
                      <div>{t('documents.form.coDeadline', { date: f.date(hint.coDeadline) })}</div>
                    )}
                    {hint.past && (
                      <Typography.Text strong>
                        <WarningOutlined /> {t('documents.form.past')}
                      </Typography.Text>
                    )}
                  </>
                )
              }
            >
              <DatePicker
                disabledDate={nonWorking}
                onPanelChange={(value) => value && see(value.year())}
                style={{ width: 200, maxWidth: '100%' }}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={8}>
          <Form.Item
            label={t('documents.form.controller')}
            name={[name, 'controllerId']}
            extra={t('documents.form.controllerEmpty')}
          >
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={controllers} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('documents.form.chain')}
            name={[name, 'verificationChain']}
            extra={t('documents.form.chainHint')}
          >
            <Select
              mode="multiple"
              maxCount={5}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={controllers}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item
            label={t('documents.form.public')}
            name={[name, 'public']}
            valuePropName="checked"
            extra={t('documents.form.publicHint')}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
