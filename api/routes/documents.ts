import { z } from 'zod';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { audit, policyOf } from '../access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { registerDocument } from '../documents';
import { HttpError } from '../errors';
import { listPage } from '../list';
import type { Api } from '../route';
import {
  assignmentSchema,
  documentInputSchema,
  documentSchema,
  idParams,
  listOf,
  pageQuery,
} from '../schemas';

export function documentRoutes(api: Api, deps: AppDeps): void {
  api.route(
    {
      method: 'post',
      path: '/documents',
      summary: 'Register a document and put its assignments under control',
      tag: 'documents',
      action: 'document.create',
      body: documentInputSchema,
      status: 201,
      response: documentSchema.extend({ assignments: z.array(assignmentSchema) }),
      errors: [422],
    },
    async ({ body }, req) => {
      const created = await registerDocument(
        {
          temporal: deps.temporal,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          rules: {
            reminderDays: deps.config.REMINDER_DAYS,
            coDeadlineOffset: deps.config.CO_DEADLINE_OFFSET_DAYS,
            escalationDays: deps.config.ESCALATION_DAYS,
          },
        },
        principal(req),
        body,
      );
      await audit(req, {
        subject: `document:${created.id}`,
        action: 'document.register',
        outcome: 'ok',
        after: { number: created.number, assignmentIds: created.assignmentIds },
      });
      return created;
    },
  );

  // Documents are not secret from signed-in staff; their assignments are scoped per object.
  api.route(
    {
      method: 'get',
      path: '/documents',
      summary: 'Registered documents, newest first',
      tag: 'documents',
      query: z.strictObject(pageQuery),
      response: listOf(documentSchema),
    },
    async ({ query }) => listPage(DocumentModel, {}, { _id: -1 }, query),
  );

  api.route(
    {
      method: 'get',
      path: '/documents/:id',
      summary: 'A document with the assignments the caller may see',
      tag: 'documents',
      params: idParams,
      response: documentSchema.extend({ assignments: z.array(assignmentSchema) }),
      errors: [404],
    },
    async ({ params: { id } }, req) => {
      const doc = await DocumentModel.findById(id);
      if (!doc) throw new HttpError(404, 'No such document.');
      const scope = (await policyOf(req)).assignmentFilter();
      const assignments = await AssignmentModel.find({ ...scope, documentId: id }).sort({
        clause: 1,
      });
      return { ...doc.toJSON(), assignments: assignments.map((a) => a.toJSON()) };
    },
  );
}
