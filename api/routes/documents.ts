import { z } from 'zod';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { audit, policyOf } from '../access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import {
  MAX_IMPORT_ASSIGNMENTS,
  XLSX_MAX_MB,
  XLSX_MIME,
  readImport,
  validateImport,
} from '../document-import';
import { planRegistration, registerDocument, registrationDeps } from '../documents';
import { HttpError } from '../errors';
import { idFor, operationOf } from '../operation';
import { createImportJob, runInBackground } from '../jobs';
import { currentViews } from '../views';
import { documentTable } from '../registry-export';
import { exportRoutes } from './exports';
import { fileUpload, type Api } from '../route';
import {
  assignmentInputSchema,
  assignmentSchema,
  documentInputSchema,
  documentSchema,
  idParams,
  listOf,
  objectId,
  pageQuery,
} from '../schemas';

const importBody = z.strictObject({
  document: documentInputSchema.omit({ assignments: true }),
  assignments: z.array(assignmentInputSchema).min(1).max(MAX_IMPORT_ASSIGNMENTS),
});

export function documentRoutes(api: Api, deps: AppDeps): void {
  const registration = registrationDeps(deps);

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
      const op = operationOf(req);
      const created = await registerDocument(registration, principal(req), body, op);
      await audit(req, {
        subject: `document:${created.id}`,
        action: 'document.register',
        outcome: 'ok',
        after: { number: created.number, assignmentIds: created.assignments.map((a) => a.id) },
        key: 'document.register',
      });
      return created;
    },
  );

  api.route(
    {
      method: 'post',
      path: '/documents/import',
      summary:
        `Register a document with up to ${MAX_IMPORT_ASSIGNMENTS} assignments from JSON or an XLSX ` +
        `file (up to ${XLSX_MAX_MB} MB) in the background; a file with any bad row is refused whole`,
      tag: 'documents',
      action: 'document.create',
      bodies: {
        'application/json': { schema: importBody },
        'multipart/form-data': fileUpload,
        [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } },
      },
      status: 202,
      response: z.object({ jobId: objectId }),
      errors: [413, 415, 422],
    },
    async (_input, req, res) => {
      // The key's request hash covers parsed JSON only; a file is read later, by the handler.
      if (req.get('idempotency-key') !== undefined && !req.is('application/json')) {
        throw new HttpError(400, 'Idempotency-Key is accepted with a JSON import only.');
      }
      const user = principal(req);
      const { input, rows } = await validateImport(await readImport(req, res, deps.config));
      const op = operationOf(req);
      const reg = await planRegistration(registration.rules, user, input, op);
      const jobId = idFor(op, 'job');
      const fresh = await createImportJob(jobId, user.id, reg, rows);
      await audit(req, {
        subject: `document:${reg.document.id}`,
        action: 'document.import',
        outcome: 'ok',
        after: { jobId, number: input.number, total: rows.length },
        key: 'document.import',
      });
      if (fresh) runInBackground({ registration, logger: deps.logger }, jobId);
      return { jobId };
    },
  );

  // Documents are not secret from signed-in staff; their assignments are scoped per object,
  // so a list row carries none of them.
  api.route(
    {
      method: 'get',
      path: '/documents',
      summary: 'Registered documents, newest first',
      tag: 'documents',
      query: z.strictObject(pageQuery),
      response: listOf(documentSchema),
    },
    async ({ query }, req) => (await currentViews(req)).documents.list(query),
  );

  exportRoutes(api, {
    path: '/documents',
    tag: 'documents',
    what: 'The document register',
    query: z.strictObject({}),
    table: async (_q, req) => documentTable(await currentViews(req)),
  });

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
