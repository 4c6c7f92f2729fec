import { useQueryClient } from '@tanstack/react-query';
import { Progress, Space, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { useState, type Key } from 'react';
import { Link } from 'react-router';
import { StatusTag } from '../StatusTag';
import { fetchDetail, keyOf, type Detail } from './data';
import { Distribute } from './Distribute';
import type { May } from './may';
import { OrgName } from './names';
import { Panel, useWords } from './ui';
import { useFormat } from '../../format';

type Child = NonNullable<Detail['children']>[number];

/** What was passed down (or, for a periodic assignment, its periods), and how far it got. */
export function SubAssignments({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const children = a.children ?? [];
  const canPass = may.head && may.open && a.status === 'in_execution' && !a.periodicity;
  if (children.length === 0 && !canPass) return null;
  const { total, done, overdue, cancelled } = a.rollup;
  return (
    <Panel title={w(a.periodicity ? 'sub.periods' : 'sub.title')}>
      {total === 0 ? (
        <Typography.Paragraph>{w('sub.none')}</Typography.Paragraph>
      ) : (
        <>
          <Space wrap>
            <span>{w('sub.rollup', { done, total })}</span>
            {overdue > 0 && <Tag color="red">{w('sub.overdue', { count: overdue })}</Tag>}
            {cancelled > 0 && <Tag>{w('sub.cancelled', { count: cancelled })}</Tag>}
          </Space>
          <Progress
            percent={Math.round((done / total) * 100)}
            aria-label={w('sub.rollup', { done, total })}
          />
          <SubTree items={children} />
        </>
      )}
      {canPass && <Distribute a={a} may={may} />}
    </Panel>
  );
}

/** The sub-assignments as a tree; a branch's own sub-assignments load when it is opened. */
function SubTree({ items }: { items: Child[] }) {
  const client = useQueryClient();
  const [below, setBelow] = useState<Record<string, Child[]>>({});
  const node = (c: Child): TreeDataNode => ({
    key: c.id,
    title: <ChildTitle c={c} />,
    isLeaf: below[c.id]?.length === 0,
    children: below[c.id]?.map(node),
  });
  const load = async ({ key }: { key: Key }) => {
    const id = String(key);
    const child = await client.fetchQuery({ queryKey: keyOf(id), queryFn: () => fetchDetail(id) });
    setBelow((known) => ({ ...known, [id]: child.children ?? [] }));
  };
  return <Tree treeData={items.map(node)} loadData={load} selectable={false} blockNode />;
}

function ChildTitle({ c }: { c: Child }) {
  const w = useWords();
  const f = useFormat();
  return (
    <Space wrap size={4}>
      <Link to={`/assignments/${c.id}`}>{c.period ?? <OrgName id={c.organizationId} />}</Link>
      <span>{f.date(c.deadline)}</span>
      <StatusTag status={c.status} />
      {c.overdue && <Tag color="red">{w('flags.overdue')}</Tag>}
    </Space>
  );
}
