import { Router, type Request } from 'express';
import { z } from 'zod';
import { AssignmentModel, ASSIGNMENT_STATUSES } from '../../models/assignment';
import { cancelUpdate } from '../../workflows/messages';
import { assignmentWorkflowId } from '../../workflows/types';
import { authenticate, principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { assignmentScope, mayCancel, maySeeAssignment } from '../policy';
import { cancelSchema, objectId, pageQuery } from '../schemas';
import { body, params, query } from '../validate';

const listQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  documentId: objectId.optional(),
});
const idParams = z.object({ id: objectId });

/** Loads a row the caller may see; one they may not see is "not found", so ids do not leak. */
async function visibleRow(req: Request) {
  const { id } = params(req, idParams);
  const row = await AssignmentModel.findById(id);
  if (!row || !maySeeAssignment(principal(req), row))
    throw new HttpError(404, 'No such assignment.');
  return row;
}

export function assignmentRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/assignments', authenticate(deps.tokens));

  router.get('/assignments', async (req, res) => {
    const { page, limit, status, documentId } = query(req, listQuery);
    const filter = {
      ...assignmentScope(principal(req)),
      ...(status ? { status } : {}),
      ...(documentId ? { documentId } : {}),
    };
    const [items, total] = await Promise.all([
      AssignmentModel.find(filter)
        .sort({ deadline: 1, _id: 1 })
        .skip((page - 1) * limit)
        .limit(limit),
      AssignmentModel.countDocuments(filter),
    ]);
    res.json({ items: items.map((a) => a.toJSON()), total });
  });

  router.get('/assignments/:id', async (req, res) => {
    res.json((await visibleRow(req)).toJSON());
  });

  router.post('/assignments/:id/cancel', async (req, res) => {
    const row = await visibleRow(req);
    const user = principal(req);
    if (!mayCancel(user, row)) {
      throw new HttpError(403, "Only the assignment's controller or an admin may cancel it.");
    }
    const { reason } = body(req, cancelSchema);
    // A finished workflow takes no updates; say why instead of "not found".
    if (row.status === 'closed' || row.status === 'cancelled') {
      throw new HttpError(409, `The assignment is already ${row.status}; it cannot be cancelled.`);
    }
    const handle = deps.temporal.workflow.getHandle(assignmentWorkflowId(row.id as string));
    const view = await handle.executeUpdate(cancelUpdate, { args: [{ reason, actorId: user.id }] });
    res.json(view);
  });

  return router;
}
