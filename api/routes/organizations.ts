import { z } from 'zod';
import { contains } from '../../lib/mongo';
import { trusted } from 'mongoose';
import { Organization, ORG_TYPES } from '../../models/organization';
import { audit } from '../access';
import { HttpError } from '../errors';
import { createOrganization, importOrganizations, patchOrganization } from '../organizations';
import { subtreeOf } from '../policy';
import type { Api } from '../route';
import {
  idParams,
  listOf,
  objectId,
  organizationInputSchema,
  organizationPatchSchema,
  organizationSchema,
  pageQuery,
} from '../schemas';

const listQuery = z.strictObject({
  ...pageQuery,
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  parentId: objectId.optional(),
  under: objectId.optional().meta({ description: 'only this organization and its subtree' }),
  type: z.enum(ORG_TYPES).optional(),
  active: z.stringbool().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

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
    async ({ query: q }) => {
      const filter: Record<string, unknown> = {};
      if (q.parentId) filter.parentId = q.parentId;
      if (q.type) filter.type = q.type;
      if (q.active !== undefined) filter.active = q.active;
      if (q.under) filter._id = trusted({ $in: await subtreeOf(q.under) });
      if (q.q) {
        const re = contains(q.q);
        filter.$or = [{ name: re }, { 'names.uzCyrl': re }, { 'names.ru': re }];
      }
      const [items, total] = await Promise.all([
        Organization.find(filter)
          .sort({ name: 1, _id: 1 })
          .skip((q.page - 1) * q.limit)
          .limit(q.limit),
        Organization.countDocuments(filter),
      ]);
      return { items: items.map((o) => o.toJSON()), total };
    },
  );

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

  api.route(
    {
      method: 'post',
      path: '/organizations',
      summary: 'Add an organization to the tree',
      tag: 'organizations',
      action: 'organization.write',
      body: organizationInputSchema,
      status: 201,
      response: organizationSchema,
      errors: [422],
    },
    async ({ body }, req) => {
      const created = await createOrganization(body);
      const org = created.toJSON();
      await audit(req, {
        subject: `organization:${String(created._id)}`,
        action: 'organization.create',
        outcome: 'ok',
        after: org,
      });
      return org;
    },
  );

  api.route(
    {
      method: 'patch',
      path: '/organizations/:id',
      summary: 'Change or move an organization (its subtree moves with it)',
      tag: 'organizations',
      action: 'organization.write',
      params: idParams,
      body: organizationPatchSchema,
      response: organizationSchema,
      errors: [404, 422],
    },
    async ({ params, body }, req) => {
      const before = (await Organization.findById(params.id))?.toJSON();
      const after = (await patchOrganization(params.id, body)).toJSON();
      await audit(req, {
        subject: `organization:${params.id}`,
        action: 'organization.update',
        outcome: 'ok',
        before,
        after,
      });
      return after;
    },
  );

  api.route(
    {
      method: 'post',
      path: '/organizations/import',
      summary:
        'Import organizations from CSV (name,type,parentId,nameCyrl,nameRu,email and an optional key); all or nothing',
      tag: 'organizations',
      action: 'organization.write',
      body: z.string().meta({ description: 'CSV text with a header row' }),
      bodyType: 'text/csv',
      status: 201,
      response: z.object({ imported: z.number().int(), ids: z.array(objectId) }),
      errors: [413, 415, 422],
    },
    async ({ body }, req) => {
      const result = await importOrganizations(body);
      await audit(req, {
        subject: 'import:organizations',
        action: 'organization.import',
        outcome: 'ok',
        after: { imported: result.imported },
      });
      return result;
    },
  );
}
