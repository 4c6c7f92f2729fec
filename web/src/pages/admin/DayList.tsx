import { Button, Input, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { spokenDate } from './MonthGrid';

/** A day the calendar names: a fixed public holiday, a day off or a transferred working day. */
export interface ListedDay {
  date: string;
  name: string;
  kind: 'fixed' | 'holiday' | 'workday';
}

/**
 * The year's named days in date order; the admin's own ones can be renamed and removed, and
 * the API's problem with a day shows on its row.
 */
export function DayList({
  rows,
  problems,
  onRename,
  onRemove,
}: {
  rows: ListedDay[];
  problems: Map<string, string>;
  onRename: (row: ListedDay, name: string) => void;
  onRemove: (date: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const spoken = (date: string) => spokenDate(date, i18n.language);
  return (
    <Table<ListedDay>
      size="small"
      rowKey="date"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 560 }}
      columns={[
        { title: t('admin.calendar.date'), dataIndex: 'date', width: 180, render: spoken },
        {
          title: t('admin.calendar.kindTitle'),
          dataIndex: 'kind',
          width: 200,
          render: (kind: ListedDay['kind']) => t(`admin.calendar.kind.${kind}`),
        },
        {
          title: t('admin.calendar.name'),
          key: 'name',
          render: (_, row) => (
            <>
              {row.kind === 'fixed' ? (
                row.name
              ) : (
                <Input
                  aria-label={t('admin.calendar.nameOf', { date: spoken(row.date) })}
                  value={row.name}
                  maxLength={200}
                  status={problems.has(row.date) ? 'error' : undefined}
                  onChange={(e) => onRename(row, e.target.value)}
                />
              )}
              {problems.has(row.date) && (
                <Typography.Text type="danger">{problems.get(row.date)}</Typography.Text>
              )}
            </>
          ),
        },
        {
          title: t('admin.actions'),
          key: 'remove',
          width: 120,
          render: (_, row) =>
            row.kind !== 'fixed' && (
              <Button
                size="small"
                onClick={() => onRemove(row.date)}
                aria-label={t('admin.calendar.removeOne', { date: spoken(row.date) })}
              >
                {t('admin.calendar.remove')}
              </Button>
            ),
        },
      ]}
    />
  );
}
