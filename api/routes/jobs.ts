import { z } from 'zod';
import { Job, JOB_STATUSES } from '../../models/job';
import { principal } from '../auth';
import { HttpError } from '../errors';
import type { Api } from '../route';
import { idParams, objectId } from '../schemas';

const jobSchema = z
  .object({
    id: objectId,
    kind: z.string(),
    status: z.enum(JOB_STATUSES),
    processed: z.number().int(),
    total: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().optional().meta({ description: 'absent for the whole job' }),
        message: z.string(),
      }),
    ),
    documentId: objectId.optional(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'Job' });

export function jobRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/jobs/:id',
      summary: 'A background job (a document import): its progress and row errors',
      tag: 'jobs',
      params: idParams,
      response: jobSchema,
      errors: [404],
    },
    async ({ params: { id } }, req) => {
      const job = await Job.findById(id).lean();
      const user = principal(req);
      // A job says what was imported and by whom: its starter's and admins' business only.
      if (!job || (job.startedBy !== user.id && !user.roles.includes('admin'))) {
        throw new HttpError(404, 'No such job.', undefined, job ? `job:${id}` : undefined);
      }
      return {
        id,
        kind: job.kind,
        status: job.status,
        processed: job.processed,
        total: job.total,
        errors: job.rowErrors.map(({ row, message }) => ({
          ...(row == null ? {} : { row }),
          message: message ?? '',
        })),
        ...(job.documentId ? { documentId: job.documentId } : {}),
        createdAt: job.createdAt.toISOString(),
        ...(job.finishedAt ? { finishedAt: job.finishedAt.toISOString() } : {}),
      };
    },
  );
}
