import type { Request } from 'express';
import { trusted } from 'mongoose';
import { z } from 'zod';
import { Organization } from '../../models/organization';
import { policyOf } from '../access';
import type { Api } from '../route';
import { objectId } from '../schemas';
import { currentViews } from '../views';
import { localDate } from '../../workflows/timers';

const orgCountsSchema = z
  .object({
    orgId: objectId,
    name: z.string(),
    total: z.number().int(),
    open: z.number().int().meta({ description: 'in execution or under review' }),
    overdue: z.number().int().meta({ description: 'open and past the deadline now' }),
    onTime: z.number().int().meta({ description: 'accepted or closed with no overdue day' }),
    late: z.number().int().meta({ description: 'accepted or closed after being overdue' }),
    cancelled: z.number().int(),
  })
  .meta({ id: 'OrganizationCounts' });

const SORTS = ['overdue', 'late', 'open', 'total'] as const;
const within = objectId.optional().meta({ description: 'only this organization and its subtree' });

/** The months that end with this one, oldest first (YYYY-MM). */
export function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** The organizations the caller may count: their reach, within `orgId`'s subtree if given. */
async function orgsFor(req: Request, orgId?: string) {
  const views = await currentViews(req);
  const reach = (await policyOf(req)).scope();
  const subtree = orgId ? views.orgs.subtree(orgId) : undefined;
  if (!reach) return { views, orgs: subtree };
  const readable = new Set(reach);
  return { views, orgs: (subtree ?? reach).filter((o) => readable.has(o)) };
}

/** Dashboard figures by organization and month, from counts the read views keep current. */
export function statsRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/stats/organizations',
      summary: 'Assignments by lead organization (those the caller reads for), most overdue first',
      tag: 'stats',
      query: z.strictObject({
        orgId: within,
        sort: z.enum(SORTS).default('overdue'),
        limit: z.coerce.number().int().min(1).max(5000).default(10),
      }),
      response: z.object({ items: z.array(orgCountsSchema), total: z.number().int() }),
    },
    async ({ query }, req) => {
      const { views, orgs } = await orgsFor(req, query.orgId);
      const all = views.assignments.tally.organizations(orgs);
      all.sort((a, b) => b[query.sort] - a[query.sort] || b.total - a.total);
      const top = all.slice(0, query.limit);
      const names = new Map(
        (
          await Organization.find(
            { _id: trusted({ $in: top.map((c) => c.orgId) }) },
            { name: 1 },
          ).lean()
        ).map((o) => [String(o._id), o.name]),
      );
      return {
        items: top.map((c) => ({ ...c, name: names.get(c.orgId) ?? c.orgId })),
        total: all.length,
      };
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
}
