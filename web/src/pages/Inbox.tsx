import { CloseOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Pagination, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, must, type Assignment } from '../api';
import type { paths } from '../schema';
import { useMe } from '../session';
import { ExportButtons } from '../ExportButtons';
import { AssignmentRows } from './AssignmentRows';
import './inbox-strings';

/** The list's query as the address gives it (words, never numbers). */
type ListQuery = Omit<
  NonNullable<paths['/assignments']['get']['parameters']['query']>,
  'page' | 'limit' | 'dueWithinWorkingDays'
>;
type Counts = paths['/assignments/counts']['get']['responses'][200]['content']['application/json'];
type Tab = Exclude<keyof Counts, 'all'>;
type Role = NonNullable<ReturnType<typeof useMe>['data']>['roles'][number];

const EXECUTING: Role[] = ['executor', 'org_head'];
const CONTROLLING: Role[] = ['controller', 'org_head'];
/** The inbox tabs (the API says what each lists), in order, with the roles each concerns. */
const TABS: [Tab, Role[]][] = [
  ['toAcknowledge', EXECUTING],
  ['toExecute', EXECUTING],
  ['dueSoon', EXECUTING],
  ['overdue', EXECUTING],
  ['returned', EXECUTING],
  ['toReview', CONTROLLING],
  ['onMyControl', CONTROLLING],
  ['extensions', CONTROLLING],
  ['inspections', ['inspector']],
];
const STATUSES = ['in_execution', 'under_review', 'accepted', 'closed', 'cancelled'] as const;
/** Filters a link may put in the address (the dashboard's, a document's), named as the API names them. */
const FILTERS = [
  'status',
  'orgId',
  'leadOrgId',
  'documentId',
  'overdue',
  'dueBefore',
  'extensionPending',
  'inspectionOpen',
] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZE = 20;

/** The list the address asks for: a tab, the filters a link set, the words and the order. */
function listOf(params: URLSearchParams) {
  const named = params.get('tab');
  const tab = TABS.find(([key]) => key === named)?.[0];
  const filters: Partial<Record<Filter, string>> = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  // Links made for the first inbox named a status as their tab.
  const status = STATUSES.find((s) => s === named);
  if (status) filters.status ??= status;
  const query: ListQuery = {
    ...(filters as ListQuery),
    ...(tab ? { tab } : {}),
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    ...(params.get('sort') === '-deadline' ? { sort: '-deadline' as const } : {}),
  };
  return { tab, filters, query };
}

/** The caller's assignments by inbox tab, filtered on the server; the filters live in the address. */
export function Inbox() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const { tab, filters, query } = listOf(params);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (changes: Record<string, string>) =>
    setParams((p) => {
      for (const [k, v] of Object.entries(changes)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      return p;
    });

  // Fresh whenever the inbox is opened: what was done elsewhere a moment ago shows at once.
  const counts = useQuery({
    queryKey: ['assignments', 'counts'],
    queryFn: () => must(api.GET('/assignments/counts')),
    staleTime: 0,
  });
  const list = useQuery({
    queryKey: ['assignments', query, page],
    queryFn: () =>
      must(api.GET('/assignments', { params: { query: { ...query, page, limit: PAGE_SIZE } } })),
    placeholderData: (previous) => previous,
    staleTime: 0,
  });

  const roles = me.data?.roles ?? [];
  const shown = TABS.filter(([key, who]) => key === tab || who.some((r) => roles.includes(r)));
  const label = (key: Tab | 'all') => (
    <span>
      {t(`inbox.tabs.${key}`)}{' '}
      {counts.data && (
        <Tag
          color={
            counts.data[key] > 0 && key !== 'all' ? (key === 'overdue' ? 'red' : 'blue') : undefined
          }
        >
          {counts.data[key]}
        </Tag>
      )}
    </span>
  );
  const chip = (key: Filter, value: string) =>
    key === 'status'
      ? t('inbox.filter.status', { value: t(`status.${value}`) })
      : key === 'dueBefore'
        ? t('inbox.filter.dueBefore', { value })
        : key === 'overdue' && ['false', '0', 'no'].includes(value)
          ? t('inbox.filter.notOverdue')
          : t(`inbox.filter.${key}`);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('nav.inbox')}
      </Typography.Title>
      {counts.error && <Refusal error={counts.error} />}
      <Tabs
        activeKey={tab ?? 'all'}
        onChange={(key) =>
          // A tab is a list of its own: the words and the order stay, a link's filters go.
          setParams((p) => {
            const next = new URLSearchParams();
            for (const k of ['q', 'sort']) if (p.get(k)) next.set(k, p.get(k)!);
            if (key !== 'all') next.set('tab', key);
            return next;
          })
        }
        items={[
          { key: 'all', label: label('all') },
          ...shown.map(([key]) => ({ key, label: label(key) })),
        ]}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('list.search')}
          placeholder={t('list.search')}
          defaultValue={query.q}
          allowClear
          onSearch={(value) => set({ q: value.trim(), page: '' })}
          style={{ width: 320, maxWidth: '100%' }}
        />
        <Select
          aria-label={t('inbox.sort.label')}
          value={query.sort ?? 'deadline'}
          onChange={(sort) => set({ sort: sort === '-deadline' ? sort : '', page: '' })}
          options={[
            { value: 'deadline', label: t('inbox.sort.soonest') },
            { value: '-deadline', label: t('inbox.sort.latest') },
          ]}
          style={{ width: 230 }}
        />
        <ExportButtons path="/assignments" query={query} disabled={!!list.error} />
      </Space>
      {Object.keys(filters).length > 0 && (
        <Space
          wrap
          role="group"
          aria-label={t('inbox.filter.label')}
          style={{ display: 'flex', marginBottom: 12 }}
        >
          {FILTERS.filter((key) => filters[key]).map((key) => {
            const name = chip(key, filters[key]!);
            return (
              <Button
                key={key}
                size="small"
                icon={<CloseOutlined />}
                iconPlacement="end"
                aria-label={t('inbox.filter.remove', { name })}
                onClick={() =>
                  // A status named as the tab (an old link) goes with the status.
                  set({ [key]: '', page: '', ...(key === 'status' && !tab ? { tab: '' } : {}) })
                }
              >
                {name}
              </Button>
            );
          })}
        </Space>
      )}
      {list.error && <Refusal error={list.error} />}
      <AssignmentRows
        rows={list.data?.items as Assignment[] | undefined}
        loading={list.isFetching}
        empty={t('list.empty')}
      />
      <Pagination
        style={{ marginTop: 12 }}
        align="end"
        current={page}
        pageSize={PAGE_SIZE}
        total={list.data?.total ?? 0}
        showSizeChanger={false}
        showTotal={(count) => t('list.total', { count })}
        onChange={(next) => set({ page: next > 1 ? String(next) : '' })}
      />
    </>
  );
}

/** The API's refusal of the list (a filter from the address it does not take), field by field. */
function Refusal({ error }: { error: Error }) {
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert
      type="error"
      role="alert"
      message={error.message}
      description={fields.map((f) => (
        <div key={f.path}>
          {f.path}: {f.message}
        </div>
      ))}
      style={{ marginBottom: 12 }}
    />
  );
}
