import { GlobalOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { api, must } from '../../api';
import { reportsOf, useAction, type Detail, type Report } from './data';
import type { May } from './may';
import { OrgName, UserName } from './names';
import { ReviewForm } from './ReviewForm';
import { Panel, useWords } from './ui';
import { useFormat } from '../../format';

const STATUS_COLORS: Record<Report['status'], string> = {
  submitted: 'blue',
  under_review: 'gold',
  accepted: 'green',
  returned: 'red',
};

/** Every report with its files and its reviews; a reviewer reviews the one waiting for them. */
export function Reports({ a, may }: { a: Detail; may: May }) {
  const w = useWords();
  const reports = reportsOf(a);
  return (
    <Panel title={w('report.title')}>
      {reports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w('report.none')} />
      ) : (
        <Flex vertical gap="middle">
          {reports.map((r) => (
            <ReportItem key={r.id} a={a} r={r} may={may} />
          ))}
        </Flex>
      )}
    </Panel>
  );
}

function ReportItem({ a, r, may }: { a: Detail; r: Report; may: May }) {
  const w = useWords();
  const f = useFormat();
  const files = new Map(a.attachments.map((file) => [file.id, file]));
  const published = a.publishedReportIds.includes(r.id);
  return (
    <Card size="small" type="inner">
      <Flex vertical gap={8}>
        <Space wrap size={4}>
          <Tag>{w(`report.kind.${r.kind}`)}</Tag>
          <Tag color={STATUS_COLORS[r.status]}>{w(`report.status.${r.status}`)}</Tag>
          {r.role === 'input' && <Tag>{w('report.input')}</Tag>}
          {published && (
            <Tag color="cyan" icon={<GlobalOutlined />}>
              {w('report.published')}
            </Tag>
          )}
          <span>
            <OrgName id={r.organizationId} /> · <UserName id={r.authorId} /> ·{' '}
            {f.when(r.submittedAt)}
          </span>
        </Space>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {r.text}
        </Typography.Paragraph>
        {r.attachmentIds.length > 0 && (
          <Space wrap>
            <span>{w('report.attachments')}:</span>
            {r.attachmentIds.map((id, i) => {
              const file = files.get(id);
              return (
                <a key={id} href={`/api/v1/attachments/${id}`} download>
                  <PaperClipOutlined /> {file?.filename ?? w('report.file', { n: i + 1 })}
                  {file && (
                    <Typography.Text type="secondary"> ({f.size(file.size)})</Typography.Text>
                  )}
                </a>
              );
            })}
          </Space>
        )}
        {r.reviews.map((v) => (
          <div key={`${v.level}-${v.at}`}>
            <Space wrap size={4}>
              <Tag>{w('review.level', { level: v.level + 1 })}</Tag>
              <UserName id={v.reviewerId} />
              <Typography.Text strong>
                {w(`review.${v.decision === 'accept' ? 'accepted' : 'returned'}`)}
              </Typography.Text>
              {v.rating && (
                <span>
                  {w('review.rating')}: {v.rating}/5
                </span>
              )}
              {v.newDeadline && (
                <span>
                  {w('newDeadline')}: {f.date(v.newDeadline)}
                </span>
              )}
              <span>{f.when(v.at)}</span>
            </Space>
            {v.comment && (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {v.comment}
              </Typography.Paragraph>
            )}
          </div>
        ))}
        {may.open && may.review(r) && <ReviewForm a={a} r={r} />}
        {may.control && a.public && r.role === 'lead' && reviewed(r) && (
          <Publication a={a} r={r} published={published} />
        )}
      </Flex>
    </Card>
  );
}

const reviewed = (r: Report) => r.status === 'accepted' || r.status === 'returned';

/** The controller puts a reviewed report's text on the public timeline, or takes it off. */
function Publication({ a, r, published }: { a: Detail; r: Report; published: boolean }) {
  const w = useWords();
  const decision = published ? 'withdraw' : 'publish';
  const action = useAction(
    a.id,
    () =>
      must(
        api.POST('/assignments/{id}/reports/{reportId}/publication', {
          params: { path: { id: a.id, reportId: r.id } },
          body: { decision },
        }),
      ),
    { done: w(published ? 'report.withdrawnOk' : 'report.publishedOk') },
  );
  return (
    <Flex vertical gap="small">
      <Space>
        <Button
          icon={<GlobalOutlined />}
          loading={action.isPending}
          onClick={() => action.mutate(undefined)}
        >
          {w(`report.${decision}`)}
        </Button>
      </Space>
      {action.error && <Alert type="error" role="alert" title={action.error.message} />}
    </Flex>
  );
}
