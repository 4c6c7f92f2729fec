import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api';
import { StatusTag } from '../StatusTag';
import { keyOf } from './data';
import { UserName } from './names';
import { Panel, useWords } from './ui';
import { useFormat } from '../../format';

/** Refused requests are recorded under their route; they name the same actions. */
const ROUTES: Record<string, string> = {
  acknowledge: 'acknowledge',
  responsible: 'responsible',
  reports: 'report',
  'reports/:reportId/review': 'review',
  'extension-requests': 'extension_request',
  'extension-requests/:requestId/decision': 'extension_decide',
  inspections: 'inspection_start',
  'inspections/:inspectionId/result': 'inspection_result',
  distribute: 'distribute',
  close: 'close',
  cancel: 'cancel',
};

/** `assignment.extension.request` → `extension_request`; `report.publish` → `report_publish`; `POST /assignments/:id/close` → `close`. */
function eventKey(action: string): string | undefined {
  if (action.startsWith('assignment.')) return action.slice(11).replace(/\./g, '_');
  if (action.startsWith('feedback.') || action.startsWith('report.'))
    return action.replace('.', '_');
  const route = /^[A-Z]+ \/assignments\/:id\/(.+)$/.exec(action)?.[1];
  return route ? ROUTES[route] : undefined;
}

/** Every event on the assignment's audit chain, oldest first, and whether the chain holds. */
export function History({ id }: { id: string }) {
  const w = useWords();
  const f = useFormat();
  const params = { params: { path: { id } } };
  const history = useQuery({
    queryKey: [...keyOf(id), 'history'],
    queryFn: () => must(api.GET('/assignments/{id}/history', params)),
  });
  let deadline: string | undefined;
  const items = (history.data?.items ?? []).map((e) => {
    const key = eventKey(e.action);
    const after = (e.after ?? {}) as { deadline?: string };
    // The deadline is shown where it moved (and not on the first event, where it was set).
    const moved = after.deadline && deadline && after.deadline !== deadline ? after.deadline : '';
    if (after.deadline) deadline = after.deadline;
    return {
      key: e.seq,
      color: e.outcome === 'ok' ? 'blue' : 'red',
      content: (
        <>
          <Typography.Text strong>
            {key ? w(`history.events.${key}`, { defaultValue: e.action }) : e.action}
          </Typography.Text>{' '}
          {e.outcome !== 'ok' && <Tag color="red">{w(`history.${e.outcome}`)}</Tag>}
          <div>
            {f.when(e.at)} · <UserName id={e.actorId} />
            {moved && ` · ${w('history.deadline', { date: f.date(moved) })}`}
          </div>
          {e.detail && <Detail text={e.detail} />}
        </>
      ),
    };
  });
  return (
    <Panel title={w('history.title')}>
      <ChainBadge id={id} />
      {history.error && <Alert type="error" role="alert" title={history.error.message} />}
      <Timeline items={items} />
    </Panel>
  );
}

/** A sub-assignment's change (`<id>: <status>`) as a link and a status; other details as said. */
function Detail({ text }: { text: string }) {
  const w = useWords();
  const child = /^([a-f0-9]{24}): ([a-z_]+)$/.exec(text);
  if (!child) return <div style={{ overflowWrap: 'anywhere' }}>{text}</div>;
  return (
    <Space size={4}>
      <StatusTag status={child[2] as string} />
      <Link to={`/assignments/${child[1]}`}>{w('open')}</Link>
    </Space>
  );
}

/** GET /history/verify: the hash chain recomputed on the server, event by event. */
function ChainBadge({ id }: { id: string }) {
  const w = useWords();
  const verdict = useQuery({
    queryKey: [...keyOf(id), 'verify'],
    queryFn: () => must(api.GET('/assignments/{id}/history/verify', { params: { path: { id } } })),
  });
  const v = verdict.data;
  if (verdict.isError) return null;
  const style = { marginBottom: 16, whiteSpace: 'normal' as const };
  if (!v) return <Tag style={style}>{w('history.checking')}</Tag>;
  if (v.valid)
    return (
      <Tag color="green" icon={<SafetyCertificateOutlined />} style={style}>
        {w('history.verified', { count: v.events })}
      </Tag>
    );
  return (
    <Tag color="red" icon={<WarningOutlined />} style={style}>
      {w('history.broken', { seq: v.brokenAt })}
      {v.reason && `: ${v.reason}`}
    </Tag>
  );
}
