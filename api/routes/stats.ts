import type { Request } from 'express';
import { z } from 'zod';
import { formulaOf, type RatingFormula } from '../../lib/rating';
import { audit, policyOf } from '../access';
import type { AppDeps } from '../deps';
import { lastMonths, RATING_SORTS, ratingRows, ratingTrend, sortRatings } from '../ratings';
import type { Api } from '../route';
import { HttpError } from '../errors';
import { ratingExport } from '../rating-export';
import { idParams, objectId } from '../schemas';
import { exportRoutes } from './exports';
import { currentViews, type ReadViews } from '../views';
import { localDate } from '../../workflows/timers';

const count = z.number().int();
const ratingSchema = z
  .object({
    due: count.meta({ description: 'led, deadline in the period, not cancelled' }),
    onTime: count.meta({ description: 'of those, done with no overdue day' }),
    late: count.meta({ description: 'of those, done after being overdue' }),
    overdue: count.meta({ description: 'of those, open and overdue now' }),
    overdueDays: count.meta({ description: 'working days overdue, summed over those' }),
    returns: count.meta({ description: 'its reports returned in the period' }),
    extensions: count.meta({ description: 'its extensions approved in the period' }),
    violations: count.meta({ description: 'violations inspections found in it in the period' }),
    score: z
      .number()
      .nullable()
      .meta({ description: '0–100 (docs/ratings.md); null: nothing to judge' }),
    band: z.enum(['green', 'yellow', 'red']).nullable(),
  })
  .meta({ id: 'Rating' });

const orgCountsSchema = z
  .object({
    orgId: objectId,
    name: z.string(),
    parentId: objectId.nullable(),
    hasChildren: z.boolean(),
    total: count,
    open: count.meta({ description: 'in execution or under review' }),
    overdue: count.meta({ description: 'open and past the deadline now' }),
    onTime: count.meta({ description: 'accepted or closed with no overdue day' }),
    late: count.meta({ description: 'accepted or closed after being overdue' }),
    cancelled: count,
    rating: ratingSchema.meta({ description: 'the discipline rating for the period asked' }),
  })
  .meta({ id: 'OrganizationCounts' });

// Years are held to 1900–2199 so that every month has a real calendar (year 0 has none in Date).
export const month = z
  .string()
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11');

const EARLIEST = '1900-01';

/** The rating period of a query: `from`–`to`, by default the twelve months ending with this one. */
const resolvePeriod = ({ from, to }: { from?: string; to?: string }) => {
  const end = to ?? localDate(Date.now()).slice(0, 7);
  const yearBefore = lastMonths(`${end}-01`, 12)[0]!;
  return { from: from ?? (yearBefore < EARLIEST ? EARLIEST : yearBefore), to: end };
};

export const periodQuery = z
  .strictObject({
    from: month.optional(),
    to: month.optional(),
  })
  .transform(resolvePeriod)
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] });

const within = objectId.optional().meta({ description: 'only this organization and its subtree' });

/** The same order check on a query's raw fields, so that a bad period is a 400, not a 500. */
// Zod runs this even when a field already failed its own check, so malformed months are skipped.
export const periodOrder = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  const wellFormed = (m?: string) => m === undefined || month.safeParse(m).success;
  if (!wellFormed(q.from) || !wellFormed(q.to)) return;
  const period = resolvePeriod(q);
  if (period.from > period.to)
    ctx.addIssue({ code: 'custom', message: 'from must not be after to', path: ['from'] });
};

const tableQuery = z.strictObject({
  orgId: within,
  from: month.optional().meta({ description: 'first month of the rating (YYYY-MM)' }),
  to: month.optional().meta({ description: 'last month of the rating; default this one' }),
  subtree: z
    .stringbool()
    .default(false)
    .meta({ description: 'each organization with everything below it' }),
  sort: z.enum(RATING_SORTS).default('overdue'),
  dir: z.enum(['asc', 'desc']).optional().meta({
    description: 'default: lowest first for score and name, highest first otherwise',
  }),
});
type TableQuery = z.infer<typeof tableQuery>;

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(5000).default(10),
};

/** The rating table the caller may read, for a period. */
export async function ratingTable(
  req: Request,
  formula: RatingFormula,
  q: { orgId?: string; from?: string; to?: string; subtree: boolean },
  locale = 'uz-Latn',
) {
  const { views, orgs } = await orgsFor(req, q.orgId);
  const period = periodQuery.parse({ from: q.from, to: q.to });
  const items = ratingRows(views, { orgs, ...period, subtree: q.subtree, locale, formula });
  return { items, total: items.length, ...period };
}

/** The organizations the caller may count: their reach, within `orgId`'s subtree if given. */
export async function orgsFor(req: Request, orgId?: string) {
  const views = await currentViews(req);
  const reach = (await policyOf(req)).scope();
  const subtree = orgId ? views.orgs.subtree(orgId) : undefined;
  if (!reach) return { views, orgs: subtree };
  const readable = new Set(reach);
  return { views, orgs: (subtree ?? reach).filter((o) => readable.has(o)) };
}

/** Dashboard figures by organization and month, from counts the read views keep current. */
export function statsRoutes(api: Api, { config }: AppDeps): void {
  const formula = formulaOf(config);
  const sortedTable = async (req: Request, q: TableQuery, locale?: string) => {
    const rows = await ratingTable(req, formula, q, locale);
    const dir = q.dir ?? (q.sort === 'score' || q.sort === 'name' ? 'asc' : 'desc');
    sortRatings(rows.items, q.sort, dir);
    return rows;
  };
  api.route(
    {
      method: 'get',
      path: '/stats/organizations',
      summary:
        'Organizations (those the caller reads for) with their assignments as lead and their discipline rating for a period, most overdue first',
      tag: 'stats',
      query: tableQuery.extend(pageQuery).superRefine(periodOrder),
      response: z.object({
        items: z.array(orgCountsSchema),
        total: z.number().int(),
        from: month,
        to: month,
      }),
    },
    async ({ query }, req) => {
      const rows = await sortedTable(req, query);
      const at = (query.page - 1) * query.limit;
      return { ...rows, items: rows.items.slice(at, at + query.limit) };
    },
  );

  exportRoutes(api, {
    path: '/stats/organizations',
    tag: 'stats',
    what: 'The rating table, sorted as asked',
    query: tableQuery,
    refine: periodOrder,
    table: async (q, req, locale) =>
      ratingExport((await sortedTable(req, q, locale)).items, locale),
  });

  api.route(
    {
      method: 'get',
      path: '/stats/organizations/:id/trend',
      summary:
        "An organization's rating month by month: as it stood when each month ended (the monthly snapshots), and as it stands for months not yet snapshotted",
      tag: 'stats',
      params: idParams,
      query: z.strictObject({
        months: z.coerce.number().int().min(1).max(36).default(12),
        subtree: z.stringbool().default(false),
      }),
      response: z.object({
        items: z.array(
          ratingSchema.extend({
            month,
            snapshot: z.boolean().meta({ description: 'false: figures as they stand now' }),
          }),
        ),
      }),
      errors: [404],
    },
    async ({ params, query }, req) => {
      const { views, orgs } = await orgsFor(req, params.id);
      if (!views.orgs.has(params.id) || (orgs && !orgs.includes(params.id)))
        throw new HttpError(404, 'No such organization in your reach.');
      const within = query.subtree ? (orgs ?? views.orgs.subtree(params.id)) : [params.id];
      const months = lastMonths(localDate(Date.now()), query.months);
      return { items: await ratingTrend(views, within, months, formula) };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/stats/trend',
      summary: 'Assignments done on time and late per month of completion, the last months',
      tag: 'stats',
      query: z.strictObject({
        orgId: within,
        months: z.coerce.number().int().min(1).max(36).default(12),
      }),
      response: z.object({
        items: z.array(
          z.object({ month: z.string(), onTime: z.number().int(), late: z.number().int() }),
        ),
      }),
    },
    async ({ query }, req) => {
      const { views, orgs } = await orgsFor(req, query.orgId);
      const months = lastMonths(localDate(Date.now()), query.months);
      return { items: views.assignments.tally.trend(months, orgs) };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/stats/reconcile',
      summary:
        "Check this API process's read views and counts against the read model now, correcting any drift (the nightly Schedule does this in every process)",
      tag: 'stats',
      action: 'views.reconcile',
      response: z.object({
        at: z.string(),
        rows: count.meta({ description: 'assignment rows read' }),
        behind: count.meta({ description: 'rows the view held an older version of' }),
        drifted: count.meta({ description: 'counts that differed from a recount' }),
        drift: z
          .array(z.object({ key: z.string(), was: z.number(), now: z.number() }))
          .meta({ description: 'the first 100 of them' }),
        ms: z.number(),
      }),
    },
    async (_input, req) => {
      const views = req.app.locals.views as ReadViews;
      const r = await views.reconcile();
      await audit(req, {
        subject: 'views:assignments',
        action: 'views.reconcile',
        outcome: 'ok',
        after: { rows: r.rows, behind: r.behind, drifted: r.drift.length },
      });
      return { ...r, drifted: r.drift.length, drift: r.drift.slice(0, 100) };
    },
  );
}
