import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, must, type Assignment } from '../../api';
import { StatusTag } from '../StatusTag';
import { useOrgName, useOrganizations } from './directory';

/** A document's fields and the assignments of it the caller may see. */
export function DocumentPage() {
  const { t } = useTranslation();
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
  const to = (a: Assignment) => `/assignments/${a.id}`;

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
        <Descriptions.Item label={t('documents.signedAt')}>{doc.signedAt}</Descriptions.Item>
        <Descriptions.Item label={t('documents.state')}>
          {t(`documents.states.${doc.status}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('documents.registeredAt')}>
          {new Date(doc.createdAt).toLocaleDateString()}
        </Descriptions.Item>
      </Descriptions>
      {doc.text && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{doc.text}</Typography.Paragraph>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('documents.assignments')}
      </Typography.Title>
      <Table<Assignment>
        rowKey="id"
        dataSource={doc.assignments}
        pagination={doc.assignments.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t('documents.noAssignments') }}
        // An assignment's `children` are its sub-assignments' states, not rows of this table.
        expandable={{ childrenColumnName: 'none' }}
        scroll={{ x: 720 }}
        columns={[
          {
            title: t('list.clause'),
            dataIndex: 'clause',
            width: 90,
            render: (clause: string, row) => <Link to={to(row)}>{clause}</Link>,
          },
          {
            title: t('list.text'),
            dataIndex: 'text',
            render: (text: string, row) => (
              <Link to={to(row)} style={{ color: 'inherit' }}>
                {text.length > 160 ? `${text.slice(0, 160)}…` : text}
              </Link>
            ),
          },
          {
            title: t('documents.lead'),
            dataIndex: 'leadOrgId',
            width: 220,
            render: (orgId: string) => orgName(byId.get(orgId)),
          },
          { title: t('list.deadline'), dataIndex: 'deadline', width: 120 },
          {
            title: t('list.status'),
            key: 'status',
            width: 190,
            render: (_, row) => (
              <>
                <StatusTag status={row.status} />
                {row.overdue && <Tag color="red">{t('list.overdue')}</Tag>}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
