import type { Request } from 'express';
import { z } from 'zod';
import { AssignmentModel, ASSIGNMENT_STATUSES } from '../../models/assignment';
import { AuditEvent } from '../../models/audit';
import { verifyChain } from '../../lib/audit';
import { cancelUpdate } from '../../workflows/messages';
import { assignmentWorkflowId } from '../../workflows/types';
import { audit, authorize, policyOf } from '../access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import type { Action } from '../policy';
import { listPage } from '../list';
import type { Api } from '../route';
import {
  assignmentSchema,
  auditEventSchema,
  cancelSchema,
  chainVerdictSchema,
  idParams,
  listOf,
  objectId,
  pageQuery,
} from '../schemas';

const listQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  documentId: objectId.optional(),
});

const NOT_FOUND = 'No such assignment.';

/**
 * Loads an assignment the caller may act on. One they may not even see is "not found", so ids
 * do not leak; one they see but may not act on is 403. Both are audited on its chain.
 */
async function assignmentFor(req: Request, id: string, action: Action) {
  const subject = `assignment:${id}`;
  const row = await AssignmentModel.findById(id);
  if (!row) throw new HttpError(404, NOT_FOUND);
  const target = { assignment: row };
  await authorize(req, 'assignment.read', target, { subject, message: NOT_FOUND, hide: true });
  if (action !== 'assignment.read') {
    await authorize(req, action, target, {
      subject,
      message: `You may not do ${action} on this assignment.`,
    });
  }
  return row;
}

export function assignmentRoutes(api: Api, deps: AppDeps): void {
  api.route(
    {
      method: 'get',
      path: '/assignments',
      summary: 'Assignments the caller may see',
      tag: 'assignments',
      query: listQuery,
      response: listOf(assignmentSchema),
    },
    async ({ query }, req) => {
      const { status, documentId } = query;
      const filter = {
        ...(await policyOf(req)).assignmentFilter(),
        ...(status ? { status } : {}),
        ...(documentId ? { documentId } : {}),
      };
      return listPage(AssignmentModel, filter, { deadline: 1, _id: 1 }, query);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/assignments/:id',
      summary: 'One assignment',
      tag: 'assignments',
      params: idParams,
      response: assignmentSchema,
      errors: [404],
    },
    async ({ params }, req) => (await assignmentFor(req, params.id, 'assignment.read')).toJSON(),
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
      const events = await AuditEvent.find({ subject: `assignment:${params.id}` }).sort({ seq: 1 });
      return { items: events.map((e) => e.toJSON()) };
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

  api.route(
    {
      method: 'post',
      path: '/assignments/:id/cancel',
      summary: 'Cancel an assignment (its document was repealed), with a reason',
      tag: 'assignments',
      params: idParams,
      body: cancelSchema,
      response: assignmentSchema,
      errors: [404, 409, 422],
    },
    async ({ params, body: { reason } }, req) => {
      const row = await assignmentFor(req, params.id, 'assignment.cancel');
      // A finished workflow takes no updates; say why instead of "not found".
      if (row.status === 'closed' || row.status === 'cancelled') {
        throw new HttpError(
          409,
          `The assignment is already ${row.status}; it cannot be cancelled.`,
        );
      }
      const handle = deps.temporal.workflow.getHandle(assignmentWorkflowId(params.id));
      const actorId = principal(req).id;
      const view = await handle.executeUpdate(cancelUpdate, { args: [{ reason, actorId }] });
      await audit(req, {
        subject: `assignment:${params.id}`,
        action: 'assignment.cancel',
        outcome: 'ok',
        before: { status: row.status },
        after: { status: view.status, reason },
      });
      return view;
    },
  );
}
