import { PaperClipOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Form,
  Input,
  Radio,
  Select,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import { api, must } from '../../api';
import { useAction, type Attachment, type Detail, type ReportKind } from './data';
import type { May } from './may';
import { ActingOrgItem, ActionForm, Panel, useRequired, useWords } from './ui';
import { uploadFile } from './upload';

type UploadRequest = Parameters<NonNullable<UploadProps<Attachment>['customRequest']>>[0];

interface Values {
  organizationId?: string;
  kind: ReportKind;
  period?: string;
  text: string;
  files?: UploadFile<Attachment>[];
}

/**
 * The kinds of report that fit now: a periodic assignment is reported on period by period;
 * the report that completes it (a period's `periodic`, else `final`) only while in execution.
 */
function reportKinds(a: Detail): ReportKind[] {
  if (a.periodicity) return ['periodic'];
  const completes: ReportKind = a.period ? 'periodic' : 'final';
  return a.status === 'in_execution' ? ['interim', completes] : ['interim'];
}

/** An executor's report (a co-executor's input to the lead), with files uploaded first. */
export function ReportForm({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const required = useRequired();
  const [form] = Form.useForm<Values>();
  const files = Form.useWatch('files', form) ?? [];
  const kinds = reportKinds(a);
  const periods = (a.children ?? []).flatMap((c) =>
    c.period && c.status === 'in_execution' ? [c.period] : [],
  );
  const report = useAction(
    a.id,
    (v: Values) =>
      must(
        api.POST('/assignments/{id}/reports', {
          params: { path: { id: a.id } },
          body: {
            organizationId: v.organizationId ?? may.mine[0],
            kind: v.kind,
            text: v.text,
            ...(v.period ? { period: v.period } : {}),
            attachmentIds: (v.files ?? []).flatMap((f) => (f.response ? [f.response.id] : [])),
          },
        }),
      ),
    { done: w('report.ok'), form },
  );
  const send = ({ file, onProgress, onSuccess, onError }: UploadRequest) => {
    uploadFile(file as File, (percent) => onProgress?.({ percent }), w('report.uploadFailed'))
      .then((attachment) => onSuccess?.(attachment))
      .catch((err: Error) => onError?.(err));
  };
  const failed = files.filter((f) => f.status === 'error');
  if (a.periodicity && periods.length === 0) return null;

  return (
    <Panel title={w('report.formTitle')}>
      <ActionForm
        form={form}
        action={report}
        submit={w('report.send')}
        initialValues={{ kind: kinds[kinds.length - 1] }}
      >
        <ActingOrgItem mine={may.mine} />
        <Form.Item name="kind" label={w('report.kindLabel')} hidden={kinds.length < 2}>
          <Radio.Group
            options={kinds.map((value) => ({ value, label: w(`report.kind.${value}`) }))}
          />
        </Form.Item>
        {a.periodicity && (
          <Form.Item name="period" label={w('period')} rules={required}>
            <Select options={periods.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        )}
        <Form.Item name="text" label={w('report.text')} rules={required}>
          <Input.TextArea rows={5} maxLength={50_000} />
        </Form.Item>
        <Form.Item
          name="files"
          label={w('report.attachments')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile<Attachment>[] }) => e.fileList}
          rules={[
            {
              validator: (_, list?: UploadFile[]) =>
                list?.some((f) => f.status === 'uploading')
                  ? Promise.reject(new Error(w('report.wait')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Upload customRequest={send} multiple maxCount={20}>
            <Button icon={<PaperClipOutlined />}>{w('report.attach')}</Button>
          </Upload>
        </Form.Item>
        {failed.length > 0 && (
          <Alert
            type="error"
            role="alert"
            showIcon
            style={{ marginBottom: 12 }}
            title={failed.map((f) => `${f.name}: ${String(f.error?.message)}`).join('; ')}
          />
        )}
      </ActionForm>
    </Panel>
  );
}
