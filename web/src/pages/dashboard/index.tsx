import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Alert, Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, must } from '../../api';
import { Chart } from './Chart';
import './strings';

/** The date `days` from today here, as the list's `dueBefore` takes it. */
const inDays = (days: number) => dayjs().add(days, 'day').format('YYYY-MM-DD');

const STATUS_COLORS = ['#1f5fa8', '#d48806', '#389e0d', '#595959', '#a8071a'];

/** The caller's figures at a glance; each figure opens the list it counts. */
export default function Dashboard() {
  const { t } = useTranslation();
  const overview = useQuery({
    queryKey: ['stats', 'overview'],
    queryFn: () => must(api.GET('/stats/overview')),
  });
  const orgs = useQuery({
    queryKey: ['stats', 'organizations'],
    queryFn: () => must(api.GET('/stats/organizations', { params: { query: { limit: 10 } } })),
  });
  const trend = useQuery({
    queryKey: ['stats', 'trend'],
    queryFn: () => must(api.GET('/stats/trend', { params: { query: { months: 12 } } })),
  });
  const error = overview.error ?? orgs.error ?? trend.error;
  const o = overview.data;
  const figures = o
    ? [
        { label: t('dashboard.total'), value: o.total, to: '/' },
        {
          label: t('dashboard.inExecution'),
          value: o.byStatus.in_execution,
          to: '/?status=in_execution',
        },
        {
          label: t('dashboard.underReview'),
          value: o.byStatus.under_review,
          to: '/?status=under_review',
        },
        { label: t('dashboard.overdue'), value: o.overdue, to: '/?overdue=true', danger: true },
        {
          label: t('dashboard.dueSoon'),
          value: o.dueWithin7Days,
          to: `/?status=in_execution&overdue=false&dueBefore=${inDays(7)}`,
        },
        {
          label: t('dashboard.extensions'),
          value: o.extensionPending,
          to: '/?extensionPending=true',
        },
        { label: t('dashboard.inspections'), value: o.inspectionOpen, to: '/?inspectionOpen=true' },
      ]
    : [];
  const overdueOrgs = (orgs.data?.items ?? []).filter((c) => c.overdue > 0);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('dashboard.title')}
      </Typography.Title>
      {error && (
        <Alert type="error" role="alert" message={error.message} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[12, 12]}>
        {figures.map((f) => (
          <Col key={f.label} xs={12} sm={8} lg={6} xl={3}>
            <Link to={f.to}>
              <Card size="small" hoverable>
                <Statistic
                  title={f.label}
                  value={f.value}
                  valueStyle={f.danger && f.value > 0 ? { color: '#a8071a' } : undefined}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.statusMix')}</h2>}
            loading={!o}
          >
            {o && (
              <Chart
                label={t('dashboard.statusMix')}
                option={{
                  color: STATUS_COLORS,
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0 },
                  series: [
                    {
                      type: 'pie',
                      radius: ['40%', '70%'],
                      data: Object.entries(o.byStatus).map(([status, value]) => ({
                        name: t(`status.${status}`),
                        value,
                      })),
                    },
                  ],
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.byOrg')}</h2>}
            loading={orgs.isPending}
          >
            <Typography.Paragraph type="secondary">{t('dashboard.byOrgHint')}</Typography.Paragraph>
            {overdueOrgs.length === 0 ? (
              <Empty description={t('dashboard.none')} />
            ) : (
              <ol style={{ paddingLeft: 20, margin: 0 }}>
                {overdueOrgs.map((c) => (
                  <li key={c.orgId} style={{ marginBottom: 6 }}>
                    {/* The list of exactly the rows counted: those it leads, overdue. */}
                    <Link to={`/?overdue=true&leadOrgId=${c.orgId}`}>{c.name}</Link>{' '}
                    <Typography.Text type="danger">
                      {t('dashboard.overdue')}: {c.overdue}
                    </Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {t('dashboard.open')}: {c.open}
                    </Typography.Text>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.trend')}</h2>}
            loading={trend.isPending}
          >
            {trend.data && (
              <Chart
                label={t('dashboard.trend')}
                option={{
                  color: ['#389e0d', '#a8071a'],
                  tooltip: { trigger: 'axis' },
                  legend: { bottom: 0 },
                  grid: { left: 40, right: 16, top: 16, bottom: 48 },
                  xAxis: { type: 'category', data: trend.data.items.map((m) => m.month) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    {
                      name: t('dashboard.onTime'),
                      type: 'bar',
                      stack: 'done',
                      data: trend.data.items.map((m) => m.onTime),
                    },
                    {
                      name: t('dashboard.late'),
                      type: 'bar',
                      stack: 'done',
                      data: trend.data.items.map((m) => m.late),
                    },
                  ],
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
