import { useQuery } from '@tanstack/react-query';
import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, DatePicker, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult, SortOrder } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RATING_FIELDS } from '../../../../models/vocabulary';
import { api, must } from '../../api';
import { ExportButtons } from '../../ExportButtons';
import type { components, paths } from '../../schema';
import { useMe } from '../../session';
import { BAND_COLORS } from './bands';
import { Trend } from './Trend';
import './strings';

type Row = components['schemas']['OrganizationCounts'];
type Sort = NonNullable<paths['/stats/organizations']['get']['parameters']['query']>['sort'];
const PAGE_SIZE = 20;

/**
 * The discipline rating of the organizations the reader sees, for a period of months: sorted
 * and paged on the server, each line opening its organization's overdue assignments and the
 * organizations under it. The filters live in the address, so a view can be passed on.
 */
export default function Ratings() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [trendOf, setTrendOf] = useState<Row>();
  const isHead = me.data?.roles.includes('org_head') ?? false;
  const thisMonth = dayjs().format('YYYY-MM');
  const query = {
    from: params.get('from') ?? dayjs().subtract(11, 'month').format('YYYY-MM'),
    to: params.get('to') ?? thisMonth,
    // An org head reads their organization with everything under it unless they say otherwise.
    subtree: (params.get('subtree') ?? String(isHead)) === 'true',
    orgId: params.get('orgId') ?? undefined,
    sort: (params.get('sort') ?? 'score') as Sort,
    dir: (params.get('dir') ?? undefined) as 'asc' | 'desc' | undefined,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (changes: Record<string, string | undefined>) =>
    setParams((p) => {
      for (const [k, v] of Object.entries(changes)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      if (!('page' in changes)) p.delete('page');
      return p;
    });

  const list = useQuery({
    queryKey: ['stats', 'ratings', query, page],
    queryFn: () =>
      must(
        api.GET('/stats/organizations', {
          params: {
            query: { ...query, subtree: String(query.subtree), page, limit: PAGE_SIZE },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
  const within = useQuery({
    queryKey: ['organizations', query.orgId],
    queryFn: () => must(api.GET('/organizations/{id}', { params: { path: { id: query.orgId! } } })),
    enabled: query.orgId !== undefined,
  });

  const sortOrder = (key: string): SortOrder =>
    query.sort === key
      ? (query.dir ?? (key === 'score' || key === 'name' ? 'asc' : 'desc')) === 'asc'
        ? 'ascend'
        : 'descend'
      : null;
  // The score next to the name: on a narrow screen the figures scroll, the verdict stays in view.
  const columns: ColumnsType<Row> = [
    {
      key: 'name',
      title: t('ratings.organization'),
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, r) =>
        r.hasChildren ? (
          <Link
            to={`?${new URLSearchParams({ ...Object.fromEntries(params), orgId: r.orgId, page: '1' })}`}
            aria-label={t('ratings.openBelow', { name: r.name })}
          >
            {r.name}
          </Link>
        ) : (
          r.name
        ),
    },
    {
      key: 'score',
      title: t('ratings.score'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('score'),
      render: (_, r) =>
        r.rating.band ? (
          <Tag
            color={BAND_COLORS[r.rating.band]}
            style={{ cursor: 'pointer' }}
            onClick={() => setTrendOf(r)}
            role="button"
            tabIndex={0}
            onKeyDown={(e) => e.key === 'Enter' && setTrendOf(r)}
            aria-label={`${t('ratings.score')} ${r.rating.score}, ${t(`ratings.band.${r.rating.band}`)}`}
          >
            {r.rating.score}
          </Tag>
        ) : (
          <Typography.Text type="secondary">{t('ratings.noScore')}</Typography.Text>
        ),
    },
    ...RATING_FIELDS.map((f) => ({
      key: f,
      title: t(`ratings.${f}`),
      align: 'right' as const,
      sorter: true,
      sortOrder: sortOrder(f),
      render: (_: unknown, r: Row) => r.rating[f],
    })),
    {
      key: 'overdueNow',
      title: t('ratings.overdueNow'),
      align: 'right',
      render: (_, r) =>
        r.overdue > 0 ? (
          <Link
            to={`/?overdue=true&leadOrgId=${r.orgId}`}
            aria-label={t('ratings.openOverdue', { name: r.name, count: r.overdue })}
          >
            {r.overdue}
          </Link>
        ) : (
          0
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ratings.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('ratings.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }} align="center">
        <DatePicker.RangePicker
          picker="month"
          aria-label={t('ratings.period')}
          allowClear={false}
          value={[dayjs(`${query.from}-01`), dayjs(`${query.to}-01`)]}
          onChange={(v) =>
            v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM'), to: v[1].format('YYYY-MM') })
          }
        />
        <Space>
          <Switch
            id="ratings-subtree"
            checked={query.subtree}
            onChange={(on) => set({ subtree: String(on) })}
          />
          <label htmlFor="ratings-subtree">{t('ratings.subtree')}</label>
        </Space>
        <ExportButtons
          path="/stats/organizations"
          query={{ ...query, subtree: String(query.subtree) }}
          disabled={list.isError}
        />
        {(['pdf', 'xlsx'] as const).map((format) => (
          <Button
            key={format}
            icon={<FileTextOutlined />}
            href={`/api/v1/reports/discipline.${format}?${new URLSearchParams({
              from: query.from,
              to: query.to,
              ...(query.orgId ? { orgId: query.orgId } : {}),
            })}`}
            download
          >
            {t(`ratings.report.${format}`)}
          </Button>
        ))}
      </Space>
      {query.orgId && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            { title: <Link to="?">{t('ratings.all')}</Link> },
            {
              title: t('ratings.below', { name: within.data?.name ?? '…' }),
            },
          ]}
        />
      )}
      {list.error && (
        <Alert
          type="error"
          role="alert"
          message={list.error.message}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<Row>
        rowKey="orgId"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
        }}
        onChange={(pagination, _filters, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Row> | undefined;
          const key = s?.order ? String(s.columnKey) : undefined;
          set({
            sort: key,
            dir: s?.order ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined,
            page: String(pagination.current ?? 1),
          });
        }}
      />
      {trendOf && (
        <Trend org={trendOf} subtree={query.subtree} onClose={() => setTrendOf(undefined)} />
      )}
    </>
  );
}
