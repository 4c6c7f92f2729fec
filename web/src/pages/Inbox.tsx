import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, must, type Assignment } from '../api';
import { StatusTag } from './StatusTag';

const TABS = ['all', 'in_execution', 'under_review', 'overdue'] as const;
type Tab = (typeof TABS)[number];
const PAGE_SIZE = 20;

/** The caller's assignments, filtered on the server; the filters live in the address. */
export function Inbox() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((x) => x === params.get('tab')) ?? 'all') as Tab;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (changes: Record<string, string>) =>
    setParams((p) => {
      for (const [k, v] of Object.entries(changes)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      return p;
    });

  const query = {
    page,
    limit: PAGE_SIZE,
    ...(q ? { q } : {}),
    ...(tab === 'overdue' ? { overdue: 'true' as const } : {}),
    ...(tab === 'in_execution' || tab === 'under_review' ? { status: tab } : {}),
  };
  const list = useQuery({
    queryKey: ['assignments', query],
    queryFn: () => must(api.GET('/assignments', { params: { query } })),
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('nav.inbox')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key === 'all' ? '' : key, page: '' })}
        items={TABS.map((key) => ({
          key,
          label:
            key === 'all'
              ? t('list.all')
              : key === 'overdue'
                ? t('list.overdue')
                : t(`status.${key}`),
        }))}
      />
      <Input.Search
        aria-label={t('list.search')}
        placeholder={t('list.search')}
        defaultValue={q}
        allowClear
        onSearch={(value) => set({ q: value.trim(), page: '' })}
        style={{ maxWidth: 420, marginBottom: 12 }}
      />
      {list.error && <Alert type="error" role="alert" message={list.error.message} />}
      <Table<Assignment>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items as Assignment[] | undefined}
        locale={{ emptyText: t('list.empty') }}
        scroll={{ x: 640 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('list.total', { count }),
          onChange: (next) => set({ page: next > 1 ? String(next) : '' }),
        }}
        columns={[
          {
            title: t('list.clause'),
            dataIndex: 'clause',
            width: 90,
            render: (clause: string, row) => <Link to={`/assignments/${row.id}`}>{clause}</Link>,
          },
          {
            title: t('list.text'),
            dataIndex: 'text',
            render: (text: string, row) => (
              <Link to={`/assignments/${row.id}`} style={{ color: 'inherit' }}>
                {text.length > 160 ? `${text.slice(0, 160)}…` : text}
              </Link>
            ),
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
