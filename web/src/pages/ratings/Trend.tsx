import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api';
import type { components } from '../../schema';
import { BAND_COLORS } from './bands';

type Org = components['schemas']['OrganizationCounts'];

/** An organization's score month by month: snapshotted months as they stood when they ended. */
export function Trend({
  org,
  subtree,
  onClose,
}: {
  org: Org;
  subtree: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trend = useQuery({
    queryKey: ['stats', 'trend', org.orgId, subtree],
    queryFn: () =>
      must(
        api.GET('/stats/organizations/{id}/trend', {
          params: { path: { id: org.orgId }, query: { months: 12, subtree: String(subtree) } },
        }),
      ),
  });
  return (
    <Drawer open title={t('ratings.trend', { name: org.name })} onClose={onClose} size={520}>
      {trend.error && <Alert type="error" role="alert" message={trend.error.message} />}
      <Table
        rowKey="month"
        size="small"
        pagination={false}
        loading={trend.isPending}
        dataSource={trend.data?.items ?? []}
        columns={[
          {
            key: 'month',
            title: t('ratings.period'),
            render: (_, m) => (
              <>
                {dayjs(`${m.month}-01`).format('MM.YYYY')}{' '}
                {m.snapshot && (
                  <Typography.Text type="secondary">({t('ratings.snapshot')})</Typography.Text>
                )}
              </>
            ),
          },
          { key: 'due', title: t('ratings.due'), align: 'right', render: (_, m) => m.due },
          { key: 'late', title: t('ratings.late'), align: 'right', render: (_, m) => m.late },
          {
            key: 'overdue',
            title: t('ratings.overdue'),
            align: 'right',
            render: (_, m) => m.overdue,
          },
          {
            key: 'score',
            title: t('ratings.score'),
            align: 'right',
            render: (_, m) => (m.band ? <Tag color={BAND_COLORS[m.band]}>{m.score}</Tag> : '—'),
          },
        ]}
      />
    </Drawer>
  );
}
