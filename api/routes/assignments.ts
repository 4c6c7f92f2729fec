import type { Request } from 'express';
import { trusted } from 'mongoose';
import { z } from 'zod';
import { AssignmentModel, ASSIGNMENT_STATUSES } from '../../models/assignment';
import { Attachment } from '../../models/attachment';
import { AuditEvent } from '../../models/audit';
import { ReportPublication } from '../../models/report-publication';
import { chainOf, verifyChain } from '../../lib/audit';
import { authorize, policyOf } from '../access';
import { assignmentTable } from '../assignment-export';
import { attachmentView } from './attachments';
import { exportRoutes } from './exports';
import {
  checkFilters,
  Filters,
  filterQuery,
  INBOX_TABS,
  sortQuery,
  TAB_NAMES,
  type InboxTab,
} from '../assignment-filters';
import { HttpError } from '../errors';
import type { Action } from '../policy';
import { currentViews } from '../views';
import { addDays } from '../../workflows/calendar';
import { localDate } from '../../workflows/timers';
import type { Api } from '../route';
import {
  assignmentDetailSchema,
  assignmentRowSchema,
  auditEventSchema,
  chainVerdictSchema,
  idParams,
  listOf,
  overviewSchema,
  pageQuery,
} from '../schemas';

const listQuery = filterQuery.extend({ ...pageQuery, ...sortQuery }).superRefine(checkFilters);
const count = (about: string) => z.number().int().meta({ description: about });
const countsSchema = z
  .object({
    all: count('every assignment the caller may see'),
    ...(Object.fromEntries(TAB_NAMES.map((tab) => [tab, count(INBOX_TABS[tab].about)])) as Record<
      InboxTab,
      z.ZodNumber
    >),
  })
  .meta({ id: 'InboxCounts' });

const statusCounts = (counts: Record<string, number>) =>
  Object.fromEntries(ASSIGNMENT_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<
    (typeof ASSIGNMENT_STATUSES)[number],
    number
  >;

const NOT_FOUND = 'No such assignment.';

/** Why an action on a visible assignment is refused, in words a person can act on. */
const WHO_MAY: Partial<Record<Action, string>> = {
  'assignment.execute':
    'Only executors of this assignment’s organizations (or their org heads) may do this.',
  'assignment.review': 'Only controllers review reports.',
  'assignment.control': 'Only this assignment’s controller or an admin may do this.',
  'assignment.inspect': 'Only inspectors start or record on-site control.',
  'assignment.distribute':
    'Only the head of an executor organization passes an assignment down its own subtree.',
};

const readFor = new WeakMap<Request, Map<string, ReturnType<typeof readRow>>>();
const readRow = (id: string) => AssignmentModel.findById(id).exec();

/**
 * The row as read once in this request: an action checks the caller's organization and then
 * the action on the same row, and a second read of it was one more round trip per action.
 */
function rowOf(req: Request, id: string) {
  const rows = readFor.get(req) ?? new Map<string, ReturnType<typeof readRow>>();
  readFor.set(req, rows);
  let row = rows.get(id);
  if (!row) rows.set(id, (row = readRow(id)));
  return row;
}

/**
 * Loads an assignment the caller may act on. One they may not even see is "not found", so ids
 * do not leak; one they see but may not act on is 403. Both are audited on its chain.
 */
export async function assignmentFor(req: Request, id: string, action: Action) {
  const subject = `assignment:${id}`;
  const row = await rowOf(req, id);
  if (!row) throw new HttpError(404, NOT_FOUND);
  const target = { assignment: row };
  await authorize(req, 'assignment.read', target, { subject, message: NOT_FOUND, hide: true });
  if (action !== 'assignment.read') {
    await authorize(req, action, target, {
      subject,
      message: WHO_MAY[action] ?? `You may not do ${action} on this assignment.`,
    });
  }
  return row;
}

export function assignmentRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/assignments',
      summary: 'Assignments the caller may see',
      tag: 'assignments',
      query: listQuery,
      response: listOf(assignmentRowSchema),
    },
    async ({ query: { page, limit, sort, ...filters } }, req) => {
      const filter = await new Filters(req).of(filters);
      const views = await currentViews(req);
      return views.assignments.list(filter, { page, limit }, sort);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/assignments/counts',
      summary: 'How many assignments each inbox tab lists for the caller (`tab` lists them)',
      tag: 'assignments',
      response: countsSchema,
    },
    async (_input, req) => {
      const views = await currentViews(req);
      const filters = new Filters(req);
      const counts: Record<string, number> = {};
      counts.all = views.assignments.count(await filters.of({}));
      for (const tab of TAB_NAMES) counts[tab] = views.assignments.count(await filters.of({ tab }));
      return counts;
    },
  );

  exportRoutes(api, {
    path: '/assignments',
    tag: 'assignments',
    what: 'The filtered list of assignments',
    query: filterQuery.extend(sortQuery),
    refine: checkFilters,
    table: assignmentTable,
  });

  api.route(
    {
      method: 'get',
      path: '/stats/overview',
      summary: 'Dashboard figures for the assignments the caller may see',
      tag: 'stats',
      query: filterQuery.pick({ orgId: true, documentId: true }),
      response: overviewSchema,
    },
    async ({ query: filter }, req) => {
      const scope = (await policyOf(req)).scope();
      const views = await currentViews(req);
      const today = localDate(Date.now());
      const all = views.assignments.facets({ ...filter, scope });
      const dueSoon = views.assignments.facets({
        ...filter,
        scope,
        overdue: false,
        dueBefore: addDays(today, 7),
      });
      const open = dueSoon.byStatus.in_execution ?? 0;
      return { ...all, byStatus: statusCounts(all.byStatus), dueWithin7Days: open };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/assignments/:id',
      summary: 'One assignment',
      tag: 'assignments',
      params: idParams,
      response: assignmentDetailSchema,
      errors: [404],
    },
    async ({ params }, req) => {
      const row = await assignmentFor(req, params.id, 'assignment.read');
      const { events } = await chainOf(`assignment:${params.id}`);
      const timeline = events
        .filter((e) => e.outcome === 'ok')
        .map((e) => ({
          action: e.action,
          actorId: e.actorId,
          at: e.at.toISOString(),
          ...(e.detail ? { detail: e.detail } : {}),
        }));
      const children = (row.children ?? []) as { status: string; overdue: boolean }[];
      const rollup = {
        total: children.length,
        done: children.filter((c) => c.status === 'accepted' || c.status === 'closed').length,
        overdue: children.filter((c) => c.overdue).length,
        cancelled: children.filter((c) => c.status === 'cancelled').length,
      };
      const cited = (row.reports ?? []).flatMap((r) => r.attachmentIds ?? []);
      const [files, published] = await Promise.all([
        cited.length ? Attachment.find({ _id: trusted({ $in: cited }) }) : [],
        ReportPublication.find({ assignmentId: params.id }, { reportId: 1 }).lean(),
      ]);
      return {
        ...row.toJSON(),
        timeline,
        rollup,
        attachments: files.map(attachmentView),
        publishedReportIds: published.map((p) => p.reportId),
      };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/assignments/:id/history',
      summary: 'The audit chain of an assignment, oldest first',
      tag: 'assignments',
      params: idParams,
      response: z.object({ items: z.array(auditEventSchema) }),
      errors: [404],
    },
    async ({ params }, req) => {
      await assignmentFor(req, params.id, 'audit.read');
      const { events } = await chainOf(`assignment:${params.id}`);
      return { items: events.map((e) => AuditEvent.hydrate(e).toJSON()) };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/assignments/:id/history/verify',
      summary: 'Verify the hash chain of an assignment’s history',
      tag: 'assignments',
      params: idParams,
      response: chainVerdictSchema,
      errors: [404],
    },
    async ({ params }, req) => {
      await assignmentFor(req, params.id, 'audit.read');
      return verifyChain(`assignment:${params.id}`);
    },
  );
}
