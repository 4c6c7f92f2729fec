import { Empty, Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useFormat } from '../format';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Assignment } from '../api';
import { StatusTag } from './StatusTag';
import './rows.css';

const MAX_TEXT = 160;

/**
 * Assignments as a plain table, each linked to its page: light enough for the first page a
 * user opens (Ant Design's Table brings a tree, menus and checkboxes along), and one card per
 * row on a phone's width. `lead` adds a column naming the lead organization.
 */
export function AssignmentRows({
  rows,
  loading,
  empty,
  lead,
}: {
  rows: Assignment[] | undefined;
  loading: boolean;
  empty: string;
  lead?: { title: string; name: (row: Assignment) => ReactNode };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!rows?.length)
    return loading ? (
      <Spin style={{ display: 'block', margin: 24 }} />
    ) : (
      <Empty description={empty} />
    );
  return (
    <Spin spinning={loading}>
      <table className="ijro-rows">
        <thead>
          <tr>
            <th scope="col">{t('list.clause')}</th>
            <th scope="col">{t('list.text')}</th>
            {lead && <th scope="col">{lead.title}</th>}
            <th scope="col">{t('list.deadline')}</th>
            <th scope="col">{t('list.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="nowrap">
                <Link to={`/assignments/${row.id}`}>{row.clause}</Link>
              </td>
              <td>
                <Link to={`/assignments/${row.id}`} style={{ color: 'inherit' }}>
                  {row.text.length > MAX_TEXT ? `${row.text.slice(0, MAX_TEXT)}…` : row.text}
                </Link>
              </td>
              {lead && <td data-label={lead.title}>{lead.name(row)}</td>}
              <td className="nowrap" data-label={t('list.deadline')}>
                {f.date(row.deadline)}
              </td>
              <td>
                <StatusTag status={row.status} />
                {row.overdue && <Tag color="red">{t('list.overdue')}</Tag>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Spin>
  );
}
