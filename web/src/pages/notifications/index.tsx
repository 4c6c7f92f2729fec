import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, List, Space, Switch, Tag, Typography } from 'antd';
import { useFormat } from '../../format';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, must } from '../../api';
import './strings';

const PAGE_SIZE = 20;

/** The caller's notifications, newest first; each names its assignment and links to it. */
export default function Notifications() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === 'true';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { page, limit: PAGE_SIZE, ...(unreadOnly ? { unread: 'true' as const } : {}) };
  const list = useQuery({
    queryKey: ['notifications', query],
    queryFn: () => must(api.GET('/notifications', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const read = useMutation({
    mutationFn: (id: string) =>
      must(api.POST('/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('notifications.title')}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Switch
          id="unread-only"
          checked={unreadOnly}
          onChange={(on) => setParams(on ? { unread: 'true' } : {})}
        />
        <label htmlFor="unread-only">{t('notifications.unreadOnly')}</label>
        {list.data && <Tag>{t('notifications.unread', { count: list.data.unread })}</Tag>}
      </Space>
      {list.error && <Alert type="error" role="alert" message={list.error.message} />}
      {read.error && <Alert type="error" role="alert" message={read.error.message} />}
      <List
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('notifications.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (next) =>
            setParams({ ...(unreadOnly ? { unread: 'true' } : {}), page: String(next) }),
        }}
        renderItem={(n) => (
          <List.Item
            actions={[
              n.subjectRef && (
                <Link key="open" to={`/assignments/${n.subjectRef}`}>
                  {t('notifications.open')}
                </Link>
              ),
              !n.readAt && (
                <Button key="read" size="small" onClick={() => read.mutate(n.id)}>
                  {t('notifications.markRead')}
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={<Typography.Text strong={!n.readAt}>{n.subject}</Typography.Text>}
              description={
                <>
                  <div>{f.when(n.createdAt)}</div>
                  <Typography.Paragraph
                    ellipsis={{ rows: 3, expandable: true }}
                    style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  >
                    {n.body}
                  </Typography.Paragraph>
                </>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
