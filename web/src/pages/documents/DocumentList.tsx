import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Table, Typography } from 'antd';
import { useFormat } from '../../format';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, must } from '../../api';
import type { components } from '../../schema';
import { ExportButtons } from '../../ExportButtons';
import { useMayRegister } from './access';

type Document = components['schemas']['Document'];
const PAGE_SIZE = 20;

/** Registered documents, newest first, a page at a time from the server; the page is in the address. */
export function DocumentList() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const mayRegister = useMayRegister();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { page, limit: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['documents', query],
    queryFn: () => must(api.GET('/documents', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const open = (row: Document) => `/documents/${row.id}`;

  return (
    <>
      <Flex wrap gap={12} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('documents.title')}
        </Typography.Title>
        <Flex wrap gap={8}>
          {mayRegister && (
            <>
              <Button type="primary" onClick={() => void navigate('new')}>
                {t('documents.register')}
              </Button>
              <Button onClick={() => void navigate('import')}>{t('documents.importFile')}</Button>
            </>
          )}
          <ExportButtons path="/documents" query={{}} disabled={!!list.error} />
        </Flex>
      </Flex>
      {list.error && <Alert type="error" role="alert" title={list.error.message} />}
      <Table<Document>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{ emptyText: t('documents.empty') }}
        scroll={{ x: 640 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('documents.total', { count }),
          onChange: (next) => setParams(next > 1 ? { page: String(next) } : {}),
        }}
        columns={[
          {
            title: t('documents.number'),
            dataIndex: 'number',
            width: 140,
            render: (number: string, row) => <Link to={open(row)}>{number}</Link>,
          },
          {
            title: t('documents.name'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Link to={open(row)} style={{ color: 'inherit' }}>
                {title}
              </Link>
            ),
          },
          {
            title: t('documents.kind'),
            dataIndex: 'kind',
            width: 220,
            render: (kind: string) => t(`documents.kinds.${kind}`),
          },
          {
            title: t('documents.signedAt'),
            dataIndex: 'signedAt',
            width: 130,
            render: (d: string) => f.date(d),
          },
        ]}
      />
    </>
  );
}
