import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A problem of an imported file as the API words it: where, which field, what. */
export interface RowProblem {
  row?: number;
  line?: number;
  path?: string;
  message: string;
}

/** The API leads a row's message with its field's path; the table shows the field apart. */
const withoutPath = (p: RowProblem) =>
  p.path && p.message.startsWith(`${p.path}: `) ? p.message.slice(p.path.length + 2) : p.message;

/** Every problem of a file, in the file's order, as a table of row, field and message. */
export function RowErrors({ problems }: { problems: RowProblem[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('documents.upload.problems')}
      </Typography.Title>
      <Table<RowProblem & { key: number }>
        size="small"
        pagination={problems.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 480 }}
        dataSource={problems.map((p, key) => ({ ...p, key }))}
        columns={[
          {
            title: t('documents.upload.row'),
            key: 'row',
            width: 80,
            render: (_, p) => p.row ?? p.line ?? '—',
          },
          { title: t('documents.upload.field'), key: 'field', render: (_, p) => p.path ?? '—' },
          {
            title: t('documents.upload.message'),
            key: 'message',
            render: (_, p) => withoutPath(p),
          },
        ]}
      />
    </>
  );
}
