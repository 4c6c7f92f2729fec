import { Router } from 'express';
import { z } from 'zod';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { authenticate, principal, requireRole } from '../auth';
import type { AppDeps } from '../deps';
import { registerDocument } from '../documents';
import { HttpError } from '../errors';
import { assignmentScope } from '../policy';
import { documentInputSchema, objectId, pageQuery } from '../schemas';
import { body, params, query } from '../validate';

const listQuery = z.strictObject(pageQuery);

export function documentRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/documents', authenticate(deps.tokens));

  router.post('/documents', requireRole('controller', 'admin'), async (req, res) => {
    const input = body(req, documentInputSchema);
    const taskQueue = deps.config.TEMPORAL_TASK_QUEUE;
    const created = await registerDocument(
      { temporal: deps.temporal, taskQueue },
      principal(req),
      input,
    );
    res.status(201).json(created);
  });

  // Documents are not secret from signed-in staff; their assignments are scoped per object.
  router.get('/documents', async (req, res) => {
    const { page, limit } = query(req, listQuery);
    const [items, total] = await Promise.all([
      DocumentModel.find()
        .sort({ _id: -1 })
        .skip((page - 1) * limit)
        .limit(limit),
      DocumentModel.countDocuments(),
    ]);
    res.json({ items: items.map((d) => d.toJSON()), total });
  });

  router.get('/documents/:id', async (req, res) => {
    const { id } = params(req, z.object({ id: objectId }));
    const doc = await DocumentModel.findById(id);
    if (!doc) throw new HttpError(404, 'No such document.');
    const assignments = await AssignmentModel.find({
      ...assignmentScope(principal(req)),
      documentId: id,
    }).sort({ clause: 1 });
    res.json({ ...doc.toJSON(), assignments: assignments.map((a) => a.toJSON()) });
  });

  return router;
}
