import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api';
import { ExportButtons } from '../../ExportButtons';
import { CsvImport } from './CsvImport';
import { useOrganizations, useOrgName } from '../../orgs';
import { OrgPicker } from './orgs';
import { ROLES } from '../../../../models/vocabulary';
import { UserForm, type User } from './UserForm';

const PAGE_SIZE = 20;
const KEY = ['admin', 'users'] as const;

type Filters = {
  q?: string;
  organizationId?: string;
  role?: User['roles'][number];
  active?: 'true' | 'false';
};

/** Users, paged and filtered on the server; add, change, disable and enable, CSV import. */
export default function Users() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  // The form in the dialog: a new user, or the one being changed.
  const [dialog, setDialog] = useState<{ user?: User } | null>(null);
  const orgs = useOrganizations('all');
  const name = useOrgName();
  const orgById = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o])), [orgs.data]);

  const filter = (changes: Filters) => {
    setFilters((f) => ({ ...f, ...changes }));
    setPage(1);
  };
  const query = { page, limit: PAGE_SIZE, ...filters };
  const list = useQuery({
    queryKey: [...KEY, query],
    queryFn: () => must(api.GET('/users', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const refresh = () => client.invalidateQueries({ queryKey: KEY });
  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      must(api.PATCH('/users/{id}', { params: { path: { id } }, body: { active } })),
    onSuccess: refresh,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" onClick={() => setDialog({})}>
          {t('admin.users.new')}
        </Button>
        <CsvImport path="/users/import" hint={t('admin.import.userColumns')} onImported={refresh} />
        <ExportButtons path="/users" query={filters} disabled={!!list.error} />
      </Space>
      <Space wrap>
        <Input.Search
          aria-label={t('admin.users.search')}
          placeholder={t('admin.users.search')}
          allowClear
          onSearch={(value) => filter({ q: value.trim() || undefined })}
          style={{ width: 260 }}
        />
        <OrgPicker
          aria-label={t('admin.users.organization')}
          placeholder={t('admin.users.anyOrganization')}
          value={filters.organizationId ?? null}
          onChange={(id) => filter({ organizationId: id ?? undefined })}
          style={{ width: 260 }}
        />
        <Select
          aria-label={t('admin.users.role')}
          placeholder={t('admin.users.anyRole')}
          allowClear
          value={filters.role}
          onChange={(role) => filter({ role })}
          options={ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
          style={{ width: 180 }}
        />
        <Select
          aria-label={t('admin.users.state')}
          placeholder={t('admin.users.anyState')}
          allowClear
          value={filters.active}
          onChange={(active) => filter({ active })}
          options={[
            { value: 'true', label: t('admin.active') },
            { value: 'false', label: t('admin.disabled') },
          ]}
          style={{ width: 160 }}
        />
      </Space>
      {list.error && <Alert type="error" role="alert" title={list.error.message} />}
      {setActive.error && <Alert type="error" role="alert" title={setActive.error.message} />}
      <Table<User>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('admin.users.total', { count }),
          onChange: setPage,
        }}
        columns={[
          { title: t('admin.users.fullName'), dataIndex: 'fullName' },
          { title: t('admin.users.email'), dataIndex: 'email' },
          {
            title: t('admin.users.organization'),
            key: 'org',
            render: (_, u) => {
              const org = u.organizationId ? orgById.get(u.organizationId) : undefined;
              return org ? name(org) : '—';
            },
          },
          {
            title: t('admin.users.roles'),
            key: 'roles',
            render: (_, u) => u.roles.map((r) => <Tag key={r}>{t(`admin.role.${r}`)}</Tag>),
          },
          {
            title: t('admin.users.state'),
            key: 'active',
            width: 110,
            render: (_, u) =>
              u.active ? (
                <Tag color="#237804">{t('admin.active')}</Tag>
              ) : (
                <Tag>{t('admin.disabled')}</Tag>
              ),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 200,
            render: (_, u) => (
              <Space wrap>
                <Button
                  size="small"
                  onClick={() => setDialog({ user: u })}
                  aria-label={t('admin.users.editOne', { name: u.fullName })}
                >
                  {t('admin.edit')}
                </Button>
                {u.active ? (
                  <Popconfirm
                    title={t('admin.users.disableConfirm', { name: u.fullName })}
                    okText={t('admin.users.disable')}
                    cancelText={t('admin.cancel')}
                    onConfirm={() => setActive.mutate({ id: u.id, active: false })}
                  >
                    <Button
                      size="small"
                      aria-label={t('admin.users.disableOne', { name: u.fullName })}
                    >
                      {t('admin.users.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    onClick={() => setActive.mutate({ id: u.id, active: true })}
                    aria-label={t('admin.users.enableOne', { name: u.fullName })}
                  >
                    {t('admin.users.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={dialog !== null}
        title={dialog?.user ? dialog.user.fullName : t('admin.users.new')}
        onCancel={() => setDialog(null)}
        footer={null}
        width={720}
        destroyOnHidden
      >
        {dialog && (
          <UserForm
            user={dialog.user}
            onSaved={() => {
              setDialog(null);
              void refresh();
            }}
          />
        )}
      </Modal>
    </Space>
  );
}
