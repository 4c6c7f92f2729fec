import { Alert, Button, Card, Col, Empty, Input, Row, Space, Tag, Tree, Typography } from 'antd';
import { useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportButtons } from '../../ExportButtons';
import { CsvImport } from './CsvImport';
import { OrgForm } from './OrgForm';
import {
  buildTree,
  useOrganizations,
  useOrgName,
  type OrgNode,
  type Organization,
} from '../../orgs';
import { useOrganizationsChanged } from './orgs';

/** What the right-hand panel shows: an organization to change, or a new one under a parent. */
type Editing = { id: string } | { parentId: string | null } | null;

/** The organizations whose name in any script contains `q`. */
function matching(orgs: Organization[], q: string): Organization[] {
  const needle = q.trim().toLocaleLowerCase();
  if (!needle) return [];
  return orgs.filter((o) =>
    [o.name, o.names?.uzCyrl, o.names?.ru].some((n) => n?.toLocaleLowerCase().includes(needle)),
  );
}

/** The organization tree: search, add (at the top or under one), change, move, CSV import. */
export default function Organizations() {
  const { t, i18n } = useTranslation();
  const orgs = useOrganizations('all');
  const name = useOrgName();
  const changed = useOrganizationsChanged();
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const list = useMemo(() => orgs.data ?? [], [orgs.data]);
  const byId = useMemo(() => new Map(list.map((o) => [o.id, o])), [list]);

  // A search keeps the matches and the way down to them; the tree is virtual, so thousands
  // of organizations scroll smoothly either way.
  const found = useMemo(() => (q.trim() ? matching(list, q) : null), [list, q]);
  const tree = useMemo(() => {
    if (!found) return buildTree(list, name, i18n.language);
    const shown = new Set(found.flatMap((o) => [o.id, ...o.ancestors]));
    return buildTree(list, name, i18n.language, { keep: (o) => shown.has(o.id) });
  }, [list, found, name, i18n.language]);
  const search = (value: string) => {
    setQ(value);
    setExpanded([...new Set(matching(list, value).flatMap((o) => o.ancestors))]);
  };

  const current = editing && 'id' in editing ? byId.get(editing.id) : undefined;
  const saved = (org: Organization) => {
    void changed();
    setExpanded((keys) => [...new Set([...keys, ...org.ancestors])]);
    setEditing({ id: org.id });
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('admin.orgs.tree')} size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Button onClick={() => setEditing({ parentId: null })}>
                {t('admin.orgs.newRoot')}
              </Button>
              <CsvImport
                path="/organizations/import"
                hint={t('admin.import.orgColumns')}
                onImported={() => void changed()}
              />
              <ExportButtons path="/organizations" query={{ q: q.trim() }} />
            </Space>
            <Input.Search
              aria-label={t('admin.orgs.search')}
              placeholder={t('admin.orgs.search')}
              allowClear
              onChange={(e) => search(e.target.value)}
              onSearch={search}
            />
            <Typography.Text type="secondary" role="status">
              {found
                ? t('admin.orgs.found', { count: found.length })
                : orgs.data && t('admin.orgs.count', { count: list.length })}
            </Typography.Text>
            {orgs.error && <Alert type="error" role="alert" title={orgs.error.message} />}
            {orgs.isPending ? (
              <Card loading variant="borderless" />
            ) : tree.length === 0 ? (
              <Empty description={t('admin.orgs.none')} />
            ) : (
              <Tree<OrgNode>
                aria-label={t('admin.orgs.tree')}
                treeData={tree}
                height={560}
                blockNode
                expandedKeys={expanded}
                onExpand={setExpanded}
                selectedKeys={current ? [current.id] : []}
                onSelect={(keys) => keys[0] && setEditing({ id: String(keys[0]) })}
                titleRender={(node) => (
                  <>
                    {node.title}
                    {byId.get(node.key)?.active === false && (
                      <Tag style={{ marginInlineStart: 8 }}>{t('admin.orgs.inactive')}</Tag>
                    )}
                  </>
                )}
              />
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          size="small"
          title={current ? name(current) : editing ? t('admin.orgs.new') : t('admin.orgs.details')}
          extra={
            current && (
              <Button onClick={() => setEditing({ parentId: current.id })}>
                {t('admin.orgs.addChild')}
              </Button>
            )
          }
        >
          {current ? (
            <OrgForm key={current.id} org={current} onSaved={saved} />
          ) : editing && 'parentId' in editing ? (
            <OrgForm
              key={`under-${editing.parentId}`}
              parentId={editing.parentId}
              onSaved={saved}
            />
          ) : (
            <Typography.Paragraph type="secondary">{t('admin.orgs.pick')}</Typography.Paragraph>
          )}
        </Card>
      </Col>
    </Row>
  );
}
