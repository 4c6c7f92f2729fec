import type { Request } from 'express';
import { z } from 'zod';
import { contains } from '../../lib/mongo';
import { trusted } from 'mongoose';
import { Organization, ORG_TYPES } from '../../models/organization';
import { HttpError } from '../errors';
import { createOrganization, importOrganizations, patchOrganization } from '../organizations';
import { currentViews } from '../views';
import { listPage } from '../list';
import type { Api } from '../route';
import { organizationTable } from '../registry-export';
import { exportRoutes } from './exports';
import { registryRoutes } from './registry';
import {
  idParams,
  listOf,
  objectId,
  organizationInputSchema,
  organizationPatchSchema,
  organizationSchema,
  pageQuery,
  queryBool,
} from '../schemas';

const filterQuery = z.strictObject({
  parentId: objectId.optional(),
  under: objectId.optional().meta({ description: 'only this organization and its subtree' }),
  type: z.enum(ORG_TYPES).optional(),
  active: queryBool.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
const listQuery = filterQuery.extend({
  ...pageQuery,
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

async function organizationsOf(req: Request, q: z.infer<typeof filterQuery>) {
  const filter: Record<string, unknown> = {};
  if (q.parentId) filter.parentId = q.parentId;
  if (q.type) filter.type = q.type;
  if (q.active !== undefined) filter.active = q.active;
  if (q.under) filter._id = trusted({ $in: (await currentViews(req)).orgs.subtree(q.under) });
  if (q.q) {
    const re = contains(q.q);
    filter.$or = [{ name: re }, { 'names.uzCyrl': re }, { 'names.ru': re }];
  }
  return filter;
}
const BY_NAME = { name: 1, _id: 1 } as const;

// The registry is every signed-in user's address book: reading it is not restricted;
// changing it is the admins'.
export function organizationRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/organizations',
      summary: 'The organization tree, filtered',
      tag: 'organizations',
      query: listQuery,
      response: listOf(organizationSchema),
    },
    async ({ query: q }, req) => listPage(Organization, await organizationsOf(req, q), BY_NAME, q),
  );

  exportRoutes(api, {
    path: '/organizations',
    tag: 'organizations',
    what: 'The filtered organization registry',
    query: filterQuery,
    table: async (q, req, locale) =>
      organizationTable(await organizationsOf(req, q), BY_NAME, await currentViews(req), locale),
  });

  api.route(
    {
      method: 'get',
      path: '/organizations/:id',
      summary: 'One organization',
      tag: 'organizations',
      params: idParams,
      response: organizationSchema,
      errors: [404],
    },
    async ({ params }) => {
      const org = await Organization.findById(params.id);
      if (!org) throw new HttpError(404, 'No such organization.');
      return org.toJSON();
    },
  );

  registryRoutes(api, {
    kind: 'organization',
    path: '/organizations',
    tag: 'organizations',
    action: 'organization.write',
    input: organizationInputSchema,
    patch: organizationPatchSchema,
    output: organizationSchema,
    columns: 'name,type,parentId,nameCyrl,nameRu,email and an optional key for parentId to name',
    create: createOrganization,
    load: (id) => Organization.findById(id),
    update: patchOrganization,
    importCsv: importOrganizations,
  });
}
