import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Progress, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, must } from '../../api';
import { RowErrors, type RowProblem } from './RowErrors';

/** The file as POST /documents/import takes it: JSON as the body, a workbook as an upload. */
function sendImport(file: File) {
  if (file.name.toLowerCase().endsWith('.json') || file.type === 'application/json') {
    return api.POST('/documents/import', {
      body: file as never,
      bodySerializer: (body: unknown) => body as Blob,
      headers: { 'content-type': 'application/json' },
    });
  }
  const form = new FormData();
  form.append('file', file);
  return api.POST('/documents/import', { body: form as never });
}

/** Bulk registration from a file: the upload, the job's progress, and every row's problems. */
export function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string>();
  const start = useMutation({
    mutationFn: (file: File) => must(sendImport(file)),
    onMutate: () => setJobId(undefined),
    onSuccess: (answer) => setJobId(answer.jobId),
  });
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => must(api.GET('/jobs/{id}', { params: { path: { id: jobId as string } } })),
    enabled: jobId !== undefined,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const status = job.data?.status;
  useEffect(() => {
    if (status && status !== 'running') void client.invalidateQueries({ queryKey: ['documents'] });
  }, [status, client]);

  // A refused file's problems carry their row (or line) and field; a job's, their row.
  const problems: RowProblem[] =
    start.error instanceof ApiError ? start.error.fields : (job.data?.errors ?? []);
  const busy = start.isPending || status === 'running';
  const percent = job.data?.total ? Math.floor((job.data.processed * 100) / job.data.total) : 0;

  return (
    <>
      <Link to="/documents">← {t('documents.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 8 }}>
        {t('documents.upload.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('documents.upload.formats')}</Typography.Paragraph>
      <Typography.Paragraph>{t('documents.upload.whole')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          start.mutate(file);
          return Upload.LIST_IGNORE;
        }}
        style={{ marginBottom: 16 }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">
          {start.isPending ? t('documents.upload.sending') : t('documents.upload.drop')}
        </p>
      </Upload.Dragger>
      {(start.error ?? job.error) && (
        <Alert
          type="error"
          role="alert"
          title={(start.error ?? job.error)?.message}
          style={{ marginBottom: 16 }}
        />
      )}
      {job.data && (
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          <Progress
            percent={percent}
            status={status === 'running' ? 'active' : status === 'done' ? 'success' : 'exception'}
            aria-label={t('documents.upload.progress')}
          />
          <Typography.Text role="status">
            {status === 'running'
              ? t('documents.upload.running', {
                  processed: job.data.processed,
                  total: job.data.total,
                })
              : status === 'done'
                ? t('documents.upload.done', { count: job.data.total })
                : t('documents.upload.failed')}
          </Typography.Text>
          {job.data.documentId && status !== 'running' && (
            <div>
              <Button
                type="primary"
                onClick={() => void navigate(`/documents/${job.data.documentId as string}`)}
              >
                {t('documents.upload.open')}
              </Button>
            </div>
          )}
        </Flex>
      )}
      {problems.length > 0 && <RowErrors problems={problems} />}
    </>
  );
}
