import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Typography } from 'antd';
import { useMemo } from 'react';
import { useFormat } from '../../format';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, must, type Assignment } from '../../api';
import { AssignmentRows } from '../AssignmentRows';
import { useOrgName, useOrganizations } from '../../orgs';

/** A document's fields and the assignments of it the caller may see. */
export function DocumentPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const one = useQuery({
    queryKey: ['documents', id],
    queryFn: () => must(api.GET('/documents/{id}', { params: { path: { id } } })),
  });
  const orgs = useOrganizations('all');
  const orgName = useOrgName();
  const byId = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o])), [orgs.data]);

  if (one.error) return <Alert type="error" role="alert" title={one.error.message} />;
  const doc = one.data;
  if (!doc) return <Card loading />;

  return (
    <>
      <Link to="/documents">← {t('documents.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 8 }}>
        {doc.title}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('documents.kind')}>
          {t(`documents.kinds.${doc.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('documents.number')}>{doc.number}</Descriptions.Item>
        <Descriptions.Item label={t('documents.signedAt')}>
          {f.date(doc.signedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('documents.state')}>
          {t(`documents.states.${doc.status}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('documents.registeredAt')}>
          {f.when(doc.createdAt)}
        </Descriptions.Item>
      </Descriptions>
      {doc.text && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{doc.text}</Typography.Paragraph>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('documents.assignments')}
      </Typography.Title>
      <AssignmentRows
        rows={doc.assignments as Assignment[]}
        loading={false}
        empty={t('documents.noAssignments')}
        lead={{ title: t('documents.lead'), name: (row) => orgName(byId.get(row.leadOrgId)) }}
      />
    </>
  );
}
