import type { Request, Response } from 'express';
import { z } from 'zod';
import { formulaOf } from '../../lib/rating';
import { User } from '../../models/user';
import { localDate } from '../../workflows/timers';
import { audit } from '../access';
import { principal } from '../auth';
import { disciplineReport } from '../discipline/data';
import { reportPdf } from '../discipline/pdf';
import { reportXlsx } from '../discipline/xlsx';
import type { AppDeps } from '../deps';
import type { Api } from '../route';
import { objectId } from '../schemas';
import { XLSX } from '../table-export';
import { contentDisposition } from './attachments';
import { month, orgsFor, periodOrder, periodQuery } from './stats';

const FORMATS = {
  xlsx: { type: XLSX, render: reportXlsx },
  pdf: { type: 'application/pdf', render: reportPdf },
} as const;

/** The discipline report for the Presidential Administration, on demand (the Schedule mails it weekly). */
export function reportRoutes(api: Api, { config }: AppDeps): void {
  const formula = formulaOf(config);
  for (const format of ['xlsx', 'pdf'] as const)
    api.route(
      {
        method: 'get',
        path: `/reports/discipline.${format}`,
        summary: `The discipline report as ${format.toUpperCase()}: ratings and their change since the period before, the overdue register by organization and head, sub-assignments overdue in the regions, inspections and violations (audited)`,
        tag: 'reports',
        query: z
          .strictObject({
            from: month.optional().meta({ description: 'first month (YYYY-MM)' }),
            to: month.optional().meta({ description: 'last month; default this one' }),
            orgId: objectId.optional().meta({ description: 'this organization and its subtree' }),
          })
          .superRefine(periodOrder),
        answers: { [FORMATS[format].type]: { schema: { type: 'string', format: 'binary' } } },
      },
      async ({ query }, req, res) => send(req, res, format, query, formula),
    );
}

async function send(
  req: Request,
  res: Response,
  format: keyof typeof FORMATS,
  query: { from?: string; to?: string; orgId?: string },
  formula: ReturnType<typeof formulaOf>,
) {
  const { views, orgs } = await orgsFor(req, query.orgId);
  const period = periodQuery.parse({ from: query.from, to: query.to });
  const locale =
    (await User.findById(principal(req).id, { locale: 1 }).lean())?.locale ?? 'uz-Latn';
  const report = await disciplineReport(views, { ...period, orgs, locale }, formula);
  const file = await FORMATS[format].render(report, locale);
  await audit(req, {
    subject: 'report:discipline',
    action: 'report.discipline',
    outcome: 'ok',
    after: { format, query, organizations: report.ratings.length, overdue: report.overdue.length },
  });
  res.status(200).set({
    'Content-Type': FORMATS[format].type,
    'Content-Disposition': contentDisposition(`discipline-${localDate(Date.now())}.${format}`),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  res.end(file);
}
