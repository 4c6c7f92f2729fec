import type { Request, RequestHandler, Response } from 'express';
import { trusted } from 'mongoose';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { formulaOf } from '../../lib/rating';
import { ASSIGNMENT_STATUSES } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { LOCALES } from '../../models/vocabulary';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { ReportPublication } from '../../models/report-publication';
import { publicAssignment, publicRow, PUBLIC_FIELDS, type PublishedReport } from '../public-view';
import { ratingRows, sortRatings } from '../ratings';
import type { Api } from '../route';
import { objectId } from '../schemas';
import { type ReadViews } from '../views';
import { month, periodOrder, periodQuery } from './stats';

const locale = z.enum(LOCALES).default('uz-Latn').meta({ description: 'the names’ language' });

const eventSchema = z.object({
  at: z.string(),
  event: z.enum([
    'registered',
    'reported',
    'extended',
    'returned',
    'accepted',
    'inspection_started',
    'inspection_closed',
    'closed',
  ]),
  deadline: z.string().optional(),
  outcome: z.string().optional(),
  text: z.string().optional().meta({ description: 'a report’s text its controller published' }),
});
const documentSchema = z.object({
  id: z.string(),
  kind: z.string(),
  number: z.string(),
  title: z.string(),
  signedAt: z.string(),
});
const publicAssignmentSchema = z
  .object({
    id: z.string(),
    document: documentSchema.nullable(),
    clause: z.string(),
    text: z.string(),
    status: z.enum(ASSIGNMENT_STATUSES),
    deadline: z.string(),
    overdue: z.boolean(),
    organization: z.object({ id: z.string(), name: z.string() }),
    timeline: z.array(eventSchema),
  })
  .meta({ id: 'PublicAssignment' });
const publicRatingSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    due: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    overdue: z.number().int(),
    score: z.number().nullable(),
    band: z.enum(['green', 'yellow', 'red']).nullable(),
  })
  .meta({ id: 'PublicRating' });

/** Public answers may be kept a minute by browsers and proxies; the ETag revalidates them. */
const cacheable = (res: Response) => res.set('Cache-Control', 'public, max-age=60');

/**
 * Reads per client address per minute on the public pages: a citizen browsing never meets
 * it; a scraper does, and gets 429 with Retry-After.
 */
export function publicLimit(perMinute: number): RequestHandler {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return (req, res, next) => {
    limiter.consume(req.ip ?? 'unknown').then(
      () => next(),
      (r: unknown) => {
        if (!(r instanceof RateLimiterRes)) return next(r);
        res.set('Retry-After', String(Math.ceil(r.msBeforeNext / 1000)));
        next(new HttpError(429, 'Too many requests from your address; try again in a minute.'));
      },
    );
  };
}

/** Each document by `_id` alone (an `$in` would read them all on the embedded FerretDB). */
async function documentsOf(ids: string[]) {
  const found = await Promise.all(
    [...new Set(ids)].map((id) =>
      DocumentModel.findById(id, { kind: 1, number: 1, title: 1, signedAt: 1 }).lean(),
    ),
  );
  return new Map(
    found
      .flatMap((d) => (d ? [d] : []))
      .map((d) => [
        String(d._id),
        { id: String(d._id), kind: d.kind, number: d.number, title: d.title, signedAt: d.signedAt },
      ]),
  );
}

/** The report texts published on these assignments, by assignment (a small collection). */
async function publishedOf(ids: string[]): Promise<Map<string, PublishedReport[]>> {
  const rows = await ReportPublication.find(
    { assignmentId: trusted({ $in: ids }) },
    { assignmentId: 1, text: 1, submittedAt: 1 },
  ).lean();
  const out = new Map<string, PublishedReport[]>();
  for (const r of rows) out.set(r.assignmentId, [...(out.get(r.assignmentId) ?? []), r]);
  return out;
}

const viewsOf = (req: Request) => (req.app.locals.views as ReadViews).current();

/** What citizens read without signing in: public assignments and the organizations' ratings. */
export function publicRoutes(api: Api, { config }: AppDeps): void {
  const formula = formulaOf(config);
  api.route(
    {
      method: 'get',
      path: '/public/assignments',
      summary:
        'Assignments marked public, by deadline: status, deadline, overdue flag and the public timeline (no sign-in; cacheable)',
      tag: 'public',
      auth: false,
      query: z.strictObject({
        documentId: objectId.optional(),
        orgId: objectId.optional().meta({ description: 'led by this organization' }),
        overdue: z.stringbool().optional(),
        locale,
        page: z.coerce.number().int().min(1).default(1),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: z.object({ items: z.array(publicAssignmentSchema), total: z.number().int() }),
      errors: [429],
    },
    async ({ query: q }, req, res) => {
      // The page is chosen in memory, as the staff's lists are (api/views); its rows are read.
      const views = await viewsOf(req);
      const { items: page, total } = views.assignments.list(
        { public: true, documentId: q.documentId, leadOrgId: q.orgId, overdue: q.overdue },
        { page: q.page, limit: q.limit },
      );
      const ids = page.map((r) => r.id);
      const [found, docs, published] = await Promise.all([
        Promise.all(ids.map((id) => publicRow(id, PUBLIC_FIELDS))),
        documentsOf(page.map((r) => r.documentId)),
        publishedOf(ids),
      ]);
      const rows = found.flatMap((r) => (r ? [r] : []));
      cacheable(res);
      return {
        items: rows.map((r) =>
          publicAssignment(
            r as never,
            docs.get(r.documentId) ?? null,
            views.orgs.nameOf(r.leadOrgId, q.locale) ?? '',
            published.get(r._id),
          ),
        ),
        total,
      };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/public/assignments/:id',
      summary: 'One public assignment (no sign-in; cacheable)',
      tag: 'public',
      auth: false,
      params: z.strictObject({ id: objectId }),
      query: z.strictObject({ locale }),
      response: publicAssignmentSchema,
      errors: [404, 429],
    },
    async ({ params, query }, req, res) => {
      const row = await publicRow(params.id, PUBLIC_FIELDS);
      // An assignment that is not public is answered as one that does not exist.
      if (!row) throw new HttpError(404, 'No such public assignment.');
      const [docs, views, published] = await Promise.all([
        documentsOf([row.documentId]),
        viewsOf(req),
        publishedOf([row._id]),
      ]);
      cacheable(res);
      return publicAssignment(
        row as never,
        docs.get(row.documentId) ?? null,
        views.orgs.nameOf(row.leadOrgId, query.locale) ?? '',
        published.get(row._id),
      );
    },
  );

  api.route(
    {
      method: 'get',
      path: '/public/ratings',
      summary:
        "Every organization's discipline rating for a period, lowest score first (no sign-in; cacheable)",
      tag: 'public',
      auth: false,
      query: z
        .strictObject({ from: month.optional(), to: month.optional(), locale })
        .superRefine(periodOrder),
      response: z.object({ items: z.array(publicRatingSchema), from: month, to: month }),
      errors: [429],
    },
    async ({ query }, req, res) => {
      const views = await viewsOf(req);
      const period = periodQuery.parse({ from: query.from, to: query.to });
      const rows = ratingRows(views, { ...period, subtree: false, locale: query.locale, formula });
      sortRatings(rows, 'score', 'asc');
      cacheable(res);
      return {
        ...period,
        items: rows.map((r) => ({
          orgId: r.orgId,
          name: r.name,
          due: r.rating.due,
          onTime: r.rating.onTime,
          late: r.rating.late,
          overdue: r.rating.overdue,
          score: r.rating.score,
          band: r.rating.band,
        })),
      };
    },
  );
}
