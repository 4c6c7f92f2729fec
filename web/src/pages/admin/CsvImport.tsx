import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { components } from '../../schema';
import { RowErrors } from '../documents/RowErrors';
// The words of the row-problem table, which the document import shares.
import '../documents/strings';

type Problem = components['schemas']['Problem'];
type Outcome = { imported: number } | { problem: Problem };

/**
 * Imports a registry's CSV file (organizations or users). The API takes all rows or none; when
 * it refuses, each row's problem is listed by line and column.
 */
export function CsvImport({
  path,
  hint,
  onImported,
}: {
  path: '/organizations/import' | '/users/import';
  /** The columns the file must have, in the reader's words. */
  hint: string;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const upload = useMutation({
    mutationFn: async (file: File): Promise<Outcome> => {
      const { data, error } = await api.POST(path, {
        body: await file.text(),
        bodySerializer: (text: string) => text,
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      });
      if (data) return { imported: data.imported };
      return { problem: error as Problem };
    },
    onSuccess: (outcome) => {
      if ('imported' in outcome) onImported();
    },
  });
  const outcome = upload.data;
  const show = () => {
    upload.reset();
    setOpen(true);
  };

  return (
    <>
      <Button onClick={show}>{t('admin.import.open')}</Button>
      <Modal
        open={open}
        title={t('admin.import.title')}
        onCancel={() => setOpen(false)}
        footer={<Button onClick={() => setOpen(false)}>{t('admin.close')}</Button>}
        width={720}
        destroyOnHidden
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>
            {hint} {t('admin.import.allOrNothing')}
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".csv,text/csv"
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              upload.mutate(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">{t('admin.import.choose')}</p>
          </Upload.Dragger>
          {upload.isPending && <Alert type="info" title={t('admin.import.sending')} />}
          {upload.error && <Alert type="error" role="alert" title={upload.error.message} />}
          {outcome && 'imported' in outcome && (
            <Alert
              type="success"
              role="status"
              title={t('admin.import.done', { count: outcome.imported })}
            />
          )}
          {outcome && 'problem' in outcome && (
            <>
              <Alert type="error" role="alert" title={outcome.problem.detail} />
              {outcome.problem.errors?.length ? (
                <RowErrors problems={outcome.problem.errors} />
              ) : null}
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}
