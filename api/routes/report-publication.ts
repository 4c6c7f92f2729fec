import { z } from 'zod';
import { ReportPublication } from '../../models/report-publication';
import type { Report } from '../../workflows/types';
import { audit } from '../access';
import { HttpError } from '../errors';
import type { Api } from '../route';
import { idParams, objectId } from '../schemas';
import { assignmentFor } from './assignments';

const publicationSchema = z
  .object({
    reportId: z.string(),
    published: z.boolean(),
    publishedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'ReportPublication' });

/** Why a report may not go to the public pages, or undefined when it may. */
function unpublishable(isPublic: boolean, r: Report): string | undefined {
  if (!isPublic) return 'The assignment is not public: its reports cannot be published.';
  if (r.role === 'input') return "A co-executor's input is internal to the executors.";
  if (r.status === 'submitted' || r.status === 'under_review')
    return 'Review the report before publishing it.';
  return undefined;
}

/**
 * The controller makes an execution report's text public, or withdraws it: the public timeline
 * shows no report texts but these (api/public-view.ts).
 */
export function reportPublicationRoutes(api: Api): void {
  api.route(
    {
      method: 'post',
      path: '/assignments/:id/reports/:reportId/publication',
      summary:
        "The controller publishes a reviewed report's text on the public pages, or withdraws it",
      tag: 'assignments',
      params: idParams.extend({ reportId: objectId }),
      body: z.strictObject({ decision: z.enum(['publish', 'withdraw']) }),
      response: publicationSchema,
      errors: [404, 409],
    },
    async ({ params, body }, req) => {
      const row = await assignmentFor(req, params.id, 'assignment.control');
      const report = ((row.reports ?? []) as unknown as Report[]).find(
        (r) => r.id === params.reportId,
      );
      if (!report) throw new HttpError(404, 'No such report on this assignment.');
      const _id = `${params.id}:${params.reportId}`;
      if (body.decision === 'withdraw') {
        const gone = await ReportPublication.findOneAndDelete({ _id }).lean();
        if (!gone) throw new HttpError(409, 'The report is not published.');
        await audit(req, {
          subject: `assignment:${params.id}`,
          action: 'report.withdraw',
          outcome: 'ok',
          detail: params.reportId,
        });
        return { reportId: params.reportId, published: false };
      }
      const refused = unpublishable(row.public === true, report);
      if (refused) throw new HttpError(409, refused);
      const publishedAt = new Date();
      // Inserted only if absent: two controllers at once publish it once, and one hears 409.
      const { upsertedCount } = await ReportPublication.updateOne(
        { _id },
        {
          $setOnInsert: {
            assignmentId: params.id,
            reportId: params.reportId,
            text: report.text,
            submittedAt: report.submittedAt,
            publishedBy: req.user?.id,
            publishedAt,
          },
        },
        { upsert: true },
      );
      if (upsertedCount === 0) throw new HttpError(409, 'The report is already published.');
      await audit(req, {
        subject: `assignment:${params.id}`,
        action: 'report.publish',
        outcome: 'ok',
        detail: params.reportId,
      });
      return { reportId: params.reportId, published: true, publishedAt: publishedAt.toISOString() };
    },
  );
}
