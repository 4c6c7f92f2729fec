import type { Request } from 'express';
import { trusted } from 'mongoose';
import { z } from 'zod';
import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/client';
import { AssignmentModel } from '../../models/assignment';
import { Organization } from '../../models/organization';
import { User, type Role } from '../../models/user';
import * as m from '../../workflows/messages';
import {
  assignmentWorkflowId,
  type ActionResult,
  type Actor,
  type AssignmentView,
} from '../../workflows/types';
import { policyOf } from '../access';
import { assertCitable } from '../attachment-access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { operationOf, updateIdOf } from '../operation';
import type { Action } from '../policy';
import type { Api } from '../route';
import { assignmentSchema, idParams, isoDate, objectId } from '../schemas';
import { assignmentFor } from './assignments';

const text = (max: number) => z.string().trim().min(1).max(max);
const orgChoice = {
  organizationId: objectId
    .optional()
    .meta({ description: 'which of your executor organizations acts (needed only if several)' }),
};
const withReport = idParams.extend({ reportId: objectId });
const withRequest = idParams.extend({ requestId: objectId });
const withInspection = idParams.extend({ inspectionId: objectId });

const schemas = {
  acknowledge: z.strictObject(orgChoice),
  responsible: z.strictObject({
    ...orgChoice,
    userId: objectId.meta({ description: 'an active executor or org head of that organization' }),
  }),
  report: z.strictObject({
    ...orgChoice,
    kind: z.enum(['interim', 'final', 'periodic']),
    period: z
      .string()
      .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'a period: 2027-03, 2027-Q1 or 2027')
      .optional()
      .meta({ description: "with kind `periodic` on a periodic assignment: the period's key" }),
    text: text(50_000),
    attachmentIds: z.array(objectId).max(20).default([]),
  }),
  review: z
    .strictObject({
      decision: z.enum(['accept', 'return']),
      rating: z.number().int().min(1).max(5).optional(),
      comment: z.string().trim().max(5000).optional(),
      newDeadline: isoDate.optional(),
    })
    .refine((r) => r.decision === 'return' || !r.newDeadline, {
      message: 'a new deadline goes only with a return',
      path: ['newDeadline'],
    }),
  extension: z.strictObject({ ...orgChoice, proposedDeadline: isoDate, reason: text(5000) }),
  decision: z.strictObject({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(5000).optional(),
  }),
  inspection: z.strictObject({
    plannedAt: isoDate,
    inspectorIds: z.array(objectId).min(1).max(20),
    orgIds: z.array(objectId).max(100).default([]),
    note: z.string().trim().max(5000).optional(),
  }),
  result: z.strictObject({
    outcome: z.enum(['confirmed', 'partially_confirmed', 'not_confirmed']),
    findings: text(20_000),
    newDeadline: isoDate.optional(),
    referToProsecutor: z.boolean().optional(),
  }),
  close: z.strictObject({ comment: z.string().trim().max(5000).optional() }),
  distribute: z.strictObject({
    ...orgChoice,
    targets: z
      .array(
        z.strictObject({
          orgId: objectId,
          deadline: isoDate,
          text: z.string().trim().min(1).max(20_000).optional(),
        }),
      )
      .min(1)
      .max(50),
  }),
  cancel: z.strictObject({ reason: z.string().trim().min(3).max(2000) }),
};

/**
 * Every action on an assignment goes the same way: the caller must see it (else 404) and be
 * allowed the action on it by the policy (else 403), and the workflow must still run; then
 * the workflow's Update validator has the last word on state (409) and sense (422).
 */
export function lifecycleRoutes(api: Api, deps: AppDeps): void {
  /**
   * Sends the action to the workflow under the request's update id (a retried request is
   * answered, not applied again), then reads the row: the workflow answers once it is written.
   */
  async function run<A extends Actor>(
    req: Request,
    id: string,
    action: Action,
    update: UpdateDefinition<ActionResult, [A]>,
    args: Omit<A, keyof Actor>,
  ) {
    const row = await assignmentFor(req, id, action);
    const ended = row.status === 'closed' || row.status === 'cancelled';
    const refuse = () =>
      new HttpError(409, `The assignment is already ${row.status}; it takes no more actions.`);
    // A keyed request may be the retry of the one that ended it: Temporal keeps that answer.
    if (ended && !req.get('idempotency-key')) throw refuse();
    const handle = deps.temporal.workflow.getHandle(assignmentWorkflowId(id));
    const actor = { actorId: principal(req).id, ip: req.ip ?? null };
    const result = await handle
      .executeUpdate(update, {
        args: [{ ...args, ...actor } as A],
        updateId: updateIdOf(operationOf(req)),
      })
      .catch((err: unknown) => {
        throw ended && err instanceof WorkflowNotFoundError ? refuse() : err;
      });
    const after = await AssignmentModel.findById(id);
    if (!after || after.version < result.version)
      throw new Error(`assignment ${id} answered version ${result.version} before writing it`);
    return { ids: result.ids, assignment: after.toJSON() as unknown as AssignmentView };
  }

  /** The executor organization the caller acts for here: named, or the only one they have. */
  async function actingOrg(
    req: Request,
    id: string,
    named?: string,
    { leadFirst = false } = {},
  ): Promise<string> {
    const row = await assignmentFor(req, id, 'assignment.execute');
    const orgs = (await policyOf(req)).executionOrgs(row);
    if (named && !orgs.includes(named))
      throw new HttpError(403, `You do not act for organization ${named} on this assignment.`);
    if (!named && leadFirst && orgs.includes(row.leadOrgId)) return row.leadOrgId;
    if (!named && orgs.length > 1)
      throw new HttpError(422, `Say which organization acts: one of ${orgs.join(', ')}.`, [
        { path: 'organizationId', message: 'required: you act for several executor organizations' },
      ]);
    return named ?? (orgs[0] as string);
  }

  /**
   * Where a periodic report goes: a periodic assignment's report for a period is the report of
   * that period's sub-assignment, which has the period's deadline, reminders and review.
   */
  async function periodOf(req: Request, id: string, period?: string): Promise<string> {
    const row = await assignmentFor(req, id, 'assignment.execute');
    if (row.period && period && period !== row.period)
      throw new HttpError(422, `This is period ${row.period}, not ${period}.`, [
        { path: 'period', message: `must be ${row.period} or left out` },
      ]);
    if (!row.periodicity) return id;
    const periods = (row.children ?? []) as { id: string; period?: string }[];
    const match = periods.find((c) => c.period === period);
    if (!match) {
      const open = periods.map((c) => c.period).join(', ') || 'none yet';
      throw new HttpError(422, `Name an opened period (${open}).`, [
        { path: 'period', message: period ? `no period ${period}` : 'required' },
      ]);
    }
    return match.id;
  }

  const common = { tag: 'lifecycle', params: idParams, response: assignmentSchema };
  const errors = [404, 409, 422];
  /** Actions that add a report, request or inspection answer it, and the assignment after. */
  const created = {
    status: 201,
    response: z
      .looseObject({ id: objectId, assignment: assignmentSchema })
      .meta({ description: "the new item's fields, as in the assignment's list of them" }),
  };

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/acknowledge',
      summary: 'Acknowledge receipt for your organization',
      body: schemas.acknowledge,
      errors,
    },
    async ({ params, body }, req) => {
      const organizationId = await actingOrg(req, params.id, body.organizationId);
      const done = await run(req, params.id, 'assignment.execute', m.acknowledgeUpdate, {
        organizationId,
      });
      return done.assignment;
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/responsible',
      summary:
        "Name the person who answers for your organization's execution (org heads); they get its mail at once",
      body: schemas.responsible,
      errors,
    },
    async ({ params, body }, req) => {
      await assignmentFor(req, params.id, 'assignment.delegate');
      const organizationId = await actingOrg(req, params.id, body.organizationId);
      const member = await User.exists({
        _id: body.userId,
        organizationId,
        active: true,
        roles: trusted({ $in: ['executor', 'org_head'] }),
      });
      if (!member)
        throw new HttpError(
          422,
          `The person must be an active executor or org head of ${organizationId}.`,
          [{ path: 'userId', message: 'not an active executor or org head of that organization' }],
        );
      const done = await run(req, params.id, 'assignment.delegate', m.responsibleUpdate, {
        organizationId,
        userId: body.userId,
      });
      return done.assignment;
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/reports',
      summary: 'Submit a report (the lead) or an input to the lead (a co-executor)',
      body: schemas.report,
      ...created,
      errors,
    },
    async ({ params, body }, req) => {
      const id = body.kind === 'periodic' ? await periodOf(req, params.id, body.period) : params.id;
      const organizationId = await actingOrg(req, id, body.organizationId);
      await assertCitable(req, body.attachmentIds, `assignment:${id}`);
      const { ids, assignment } = await run(req, id, 'assignment.execute', m.reportUpdate, {
        organizationId,
        kind: body.kind,
        text: body.text,
        attachmentIds: body.attachmentIds,
      });
      return { ...assignment.reports.find((r) => r.id === ids[0]), assignment };
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/reports/:reportId/review',
      summary:
        'Accept (with a rating) or return (with a comment) a report at your level of the chain',
      params: withReport,
      body: schemas.review,
      errors,
    },
    async ({ params, body }, req) => {
      const done = await run(req, params.id, 'assignment.review', m.reviewUpdate, {
        reportId: params.reportId,
        ...body,
      });
      return done.assignment;
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/extension-requests',
      summary:
        'Ask to extend the deadline (the lead executor); reminders and the overdue clock pause',
      body: schemas.extension,
      ...created,
      errors,
    },
    async ({ params, body: { organizationId: named, ...body } }, req) => {
      // Only the lead may ask, so one who acts for the lead and a co-executor asks as the lead.
      const organizationId = await actingOrg(req, params.id, named, { leadFirst: true });
      const { ids, assignment } = await run(
        req,
        params.id,
        'assignment.execute',
        m.extensionUpdate,
        { organizationId, ...body },
      );
      return { ...assignment.extensionRequests.find((r) => r.id === ids[0]), assignment };
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/extension-requests/:requestId/decision',
      summary: 'Approve (the deadline moves) or reject an extension request',
      params: withRequest,
      body: schemas.decision,
      errors,
    },
    async ({ params, body }, req) => {
      const done = await run(req, params.id, 'assignment.control', m.extensionDecisionUpdate, {
        requestId: params.requestId,
        ...body,
      });
      return done.assignment;
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/inspections',
      summary: 'Start on-site control (inspectors)',
      body: schemas.inspection,
      ...created,
      errors,
    },
    async ({ params, body }, req) => {
      await assertUsersWithRole(body.inspectorIds, 'inspector', 'inspectorIds');
      const { ids, assignment } = await run(
        req,
        params.id,
        'assignment.inspect',
        m.inspectionUpdate,
        body,
      );
      return { ...assignment.inspections.find((i) => i.id === ids[0]), assignment };
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/inspections/:inspectionId/result',
      summary: 'Record the result of on-site control; not confirmed reopens the assignment',
      params: withInspection,
      body: schemas.result,
      errors,
    },
    async ({ params, body }, req) => {
      const done = await run(req, params.id, 'assignment.inspect', m.inspectionResultUpdate, {
        inspectionId: params.inspectionId,
        ...body,
      });
      return done.assignment;
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/distribute',
      summary:
        'Pass the assignment down to organizations of your own subtree (org heads), each as a sub-assignment with its own lifecycle',
      body: schemas.distribute,
      status: 201,
      response: z.object({
        assignments: z.array(
          z.object({
            id: objectId,
            organizationId: objectId,
            deadline: isoDate,
            parentId: objectId,
          }),
        ),
      }),
      errors,
    },
    async ({ params, body }, req) => {
      const organizationId = await actingOrg(req, params.id, body.organizationId);
      const orgIds = [...new Set(body.targets.map((t) => t.orgId))];
      const below = await Organization.countDocuments({
        _id: trusted({ $in: orgIds }),
        ancestors: organizationId,
        active: true,
      });
      if (below !== orgIds.length || orgIds.length !== body.targets.length)
        throw new HttpError(
          422,
          'Each target must be a different active organization below the one passing it down.',
          [{ path: 'targets', message: 'not below your organization, inactive, or repeated' }],
        );
      const { ids, assignment } = await run(
        req,
        params.id,
        'assignment.distribute',
        m.distributeUpdate,
        { organizationId, targets: body.targets },
      );
      const made = new Set(ids);
      return {
        assignments: assignment.children
          .filter((c) => made.has(c.id))
          .map((c) => ({
            id: c.id,
            organizationId: c.organizationId,
            deadline: c.deadline,
            parentId: assignment.id,
          })),
      };
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/close',
      summary: 'Remove an accepted assignment from control',
      body: schemas.close,
      errors,
    },
    async ({ params, body }, req) =>
      (await run(req, params.id, 'assignment.control', m.closeUpdate, body)).assignment,
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: '/assignments/:id/cancel',
      summary: 'Cancel an assignment (its document was repealed), with a reason',
      body: schemas.cancel,
      errors,
    },
    async ({ params, body }, req) =>
      (await run(req, params.id, 'assignment.control', m.cancelUpdate, body)).assignment,
  );
}

async function assertUsersWithRole(ids: string[], role: Role, path: string): Promise<void> {
  const found = await User.countDocuments({
    _id: trusted({ $in: ids }),
    roles: role,
    active: true,
  });
  if (found !== new Set(ids).size)
    throw new HttpError(422, `Every one of ${path} must be an active user with the ${role} role.`, [
      { path, message: `not an active ${role}` },
    ]);
}
