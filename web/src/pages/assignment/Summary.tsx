import { useQuery } from '@tanstack/react-query';
import { Descriptions, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api';
import { StatusTag } from '../StatusTag';
import type { Detail } from './data';
import { OrgName, UserName } from './names';
import { useWords } from './ui';
import { useFormat } from '../../format';
import { useWorkdaysLeft } from '../../calendar';

const FLAGS = ['overdue', 'extensionPending', 'inspectionOpen', 'escalated', 'public'] as const;
const FLAG_COLORS: Record<(typeof FLAGS)[number], string> = {
  overdue: 'red',
  extensionPending: 'gold',
  inspectionOpen: 'purple',
  escalated: 'volcano',
  public: 'cyan',
};

/** The document, the text and where the assignment stands. */
export function Summary({ a }: { a: Detail }) {
  const w = useWords();
  const f = useFormat();
  const doc = useQuery({
    queryKey: ['document', a.documentId],
    queryFn: () => must(api.GET('/documents/{id}', { params: { path: { id: a.documentId } } })),
    staleTime: 5 * 60_000,
  }).data;
  const items: DescriptionsProps['items'] = [
    {
      key: 'document',
      label: w('document'),
      children: (
        <Link to={`/documents/${a.documentId}`}>{doc ? `${doc.number} — ${doc.title}` : '…'}</Link>
      ),
    },
    {
      key: 'status',
      label: w('status'),
      children: (
        <Space wrap size={4}>
          <StatusTag status={a.status} />
          {FLAGS.filter((flag) => a[flag]).map((flag) => (
            <Tag key={flag} color={FLAG_COLORS[flag]}>
              {w(`flags.${flag}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'deadline',
      label: w('deadline'),
      children: (
        <Space wrap>
          <span>{f.date(a.deadline)}</span>
          {(a.status === 'in_execution' || a.status === 'under_review') && (
            <DaysLeft deadline={a.deadline} />
          )}
        </Space>
      ),
    },
    { key: 'lead', label: w('leadOrg'), children: <OrgName id={a.leadOrgId} /> },
    { key: 'controller', label: w('controller'), children: <UserName id={a.controllerId} /> },
  ];
  if (a.parentId)
    items.push({
      key: 'parent',
      label: w('parent'),
      children: <Link to={`/assignments/${a.parentId}`}>{w('open')}</Link>,
    });
  if (a.periodicity)
    items.push({
      key: 'periodicity',
      label: w('periodicity'),
      children: w('periodicityText', {
        every: w(`every.${a.periodicity.every}`),
        dueDay: a.periodicity.dueDay,
        until: f.date(a.periodicity.until),
      }),
    });
  if (a.period) items.push({ key: 'period', label: w('period'), children: a.period });
  if (a.cancelReason)
    items.push({ key: 'cancel', label: w('cancelReason'), children: a.cancelReason });
  if (a.closeComment)
    items.push({ key: 'close', label: w('closeComment'), children: a.closeComment });

  return (
    <>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.text}</Typography.Paragraph>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
    </>
  );
}

function DaysLeft({ deadline }: { deadline: string }) {
  const w = useWords();
  const left = useWorkdaysLeft(deadline);
  if (left === undefined) return null;
  if (left < 0) return <Tag color="red">{w('overdueDays', { count: -left })}</Tag>;
  return (
    <Typography.Text strong={left <= 3}>
      {left === 0 ? w('dueToday') : w('daysLeft', { count: left })}
    </Typography.Text>
  );
}
