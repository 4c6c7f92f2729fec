import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Layout, List, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams, useSearchParams } from 'react-router';
import { api, must } from '../../api';
import { useFormat } from '../../format';
import { LocaleSelect } from '../../LocaleSelect';
import type { components } from '../../schema';
import { BAND_COLORS } from '../ratings/bands';
import { StatusTag } from '../StatusTag';
import { PublicFeedback } from './Feedback';
import './strings';

type Assignment = components['schemas']['PublicAssignment'];
type Locale = 'uz-Latn' | 'uz-Cyrl' | 'ru' | 'en';
const PAGE_SIZE = 20;

/**
 * The pages citizens read without signing in (public control, as on jamoatfikri.uz): public
 * assignments with their state and course, and the organizations' ratings.
 */
export default function PublicPages() {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: '#fff',
          display: 'flex',
          flexWrap: 'wrap',
          gap: 12,
          alignItems: 'center',
          justifyContent: 'space-between',
          height: 'auto',
          padding: '8px 16px',
        }}
      >
        <Link to="/public">
          <strong>Ijro</strong>
        </Link>
        <Space wrap>
          <LocaleSelect />
          <Link to="/">{t('public.signIn')}</Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1100, width: '100%', margin: '0 auto' }}>
        <main>
          <Routes>
            <Route index element={<Home />} />
            <Route path="assignments/:id" element={<One />} />
          </Routes>
        </main>
      </Layout.Content>
    </Layout>
  );
}

function Home() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'ratings' ? 'ratings' : 'assignments';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('public.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('public.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'ratings' ? { tab: key } : {})}
        items={[
          { key: 'assignments', label: t('public.assignments'), children: <Assignments /> },
          { key: 'ratings', label: t('public.ratings'), children: <Ratings /> },
        ]}
      />
    </>
  );
}

function Assignments() {
  const { t, i18n } = useTranslation();
  const { date } = useFormat();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const locale = i18n.language as Locale;
  const list = useQuery({
    queryKey: ['public', 'assignments', page, locale],
    queryFn: () =>
      must(
        api.GET('/public/assignments', {
          params: { query: { page, limit: PAGE_SIZE, locale } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
  if (list.error) return <Alert type="error" role="alert" message={list.error.message} />;
  return (
    <List
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: list.data?.total ?? 0,
        onChange: (p) => setParams({ page: String(p) }),
        showSizeChanger: false,
      }}
      renderItem={(a) => (
        <List.Item key={a.id}>
          <List.Item.Meta
            title={
              <Link to={`/public/assignments/${a.id}`}>
                {a.document ? `${a.document.number}, ` : ''}
                {a.clause}
              </Link>
            }
            description={
              <Space direction="vertical" size={2}>
                <Typography.Text>{a.text}</Typography.Text>
                <Space wrap size={4}>
                  <StatusTag status={a.status} />
                  {a.overdue && <Tag color="red">{t('public.overdue')}</Tag>}
                  <span>
                    {t('public.deadline')}: {date(a.deadline)}
                  </span>
                  <span>· {a.organization.name}</span>
                </Space>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

function One() {
  const { t, i18n } = useTranslation();
  const { date, when } = useFormat();
  const { id = '' } = useParams();
  const locale = i18n.language as Locale;
  const one = useQuery({
    queryKey: ['public', 'assignment', id, locale],
    queryFn: () =>
      must(api.GET('/public/assignments/{id}', { params: { path: { id }, query: { locale } } })),
    retry: false,
  });
  const back = <Link to="/public">← {t('public.back')}</Link>;
  if (one.error)
    return (
      <Space direction="vertical">
        {back}
        <Alert type="warning" role="alert" message={t('public.notFound')} />
      </Space>
    );
  const a: Assignment | undefined = one.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {back}
      {a && (
        <Card
          title={
            <Typography.Title level={1} style={{ fontSize: 20, margin: 0, whiteSpace: 'normal' }}>
              {a.document ? `${a.document.number} — ${a.document.title}` : a.clause}
            </Typography.Title>
          }
        >
          <Typography.Paragraph>
            <strong>{a.clause}.</strong> {a.text}
          </Typography.Paragraph>
          <Space wrap>
            <StatusTag status={a.status} />
            {a.overdue && <Tag color="red">{t('public.overdue')}</Tag>}
            <span>
              {t('public.deadline')}: {date(a.deadline)}
            </span>
            <span>
              {t('public.organization')}: {a.organization.name}
            </span>
          </Space>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {t('public.timeline')}
          </Typography.Title>
          <Timeline
            items={a.timeline.map((e) => ({
              children: (
                <>
                  <Typography.Text type="secondary">{when(e.at)}</Typography.Text>{' '}
                  {t(
                    `public.event.${e.event === 'returned' && e.deadline ? 'returned_deadline' : e.event}`,
                    { deadline: e.deadline ? date(e.deadline) : '' },
                  )}
                  {e.outcome && `: ${t(`public.outcome.${e.outcome}`)}`}
                  {e.text && (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                      {e.text}
                    </Typography.Paragraph>
                  )}
                </>
              ),
            }))}
          />
          <PublicFeedback id={a.id} open={a.status !== 'closed' && a.status !== 'cancelled'} />
        </Card>
      )}
    </Space>
  );
}

function Ratings() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const ratings = useQuery({
    queryKey: ['public', 'ratings', locale],
    queryFn: () => must(api.GET('/public/ratings', { params: { query: { locale } } })),
  });
  if (ratings.error) return <Alert type="error" role="alert" message={ratings.error.message} />;
  return (
    <Table
      rowKey="orgId"
      size="small"
      scroll={{ x: 'max-content' }}
      loading={ratings.isPending}
      dataSource={ratings.data?.items ?? []}
      pagination={{ pageSize: 50, showSizeChanger: false }}
      columns={[
        { key: 'name', title: t('public.organization'), render: (_, r) => r.name },
        { key: 'due', title: t('public.due'), align: 'right', render: (_, r) => r.due },
        { key: 'onTime', title: t('public.onTime'), align: 'right', render: (_, r) => r.onTime },
        { key: 'late', title: t('public.late'), align: 'right', render: (_, r) => r.late },
        { key: 'overdue', title: t('public.overdue'), align: 'right', render: (_, r) => r.overdue },
        {
          key: 'score',
          title: t('public.score'),
          align: 'right',
          render: (_, r) => (r.band ? <Tag color={BAND_COLORS[r.band]}>{r.score}</Tag> : '—'),
        },
      ]}
    />
  );
}
