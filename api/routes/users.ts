import { z } from 'zod';
import { contains } from '../../lib/mongo';
import { ROLES, User } from '../../models/user';
import { audit, authorize, policyOf } from '../access';
import { HttpError } from '../errors';
import type { Api } from '../route';
import {
  idParams,
  listOf,
  objectId,
  pageQuery,
  userInputSchema,
  userPatchSchema,
  userSchema,
} from '../schemas';
import { createUser, importUsers, patchUser } from '../users';

const listQuery = z.strictObject({
  ...pageQuery,
  organizationId: objectId.optional(),
  role: z.enum(ROLES).optional(),
  active: z.stringbool().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export function userRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/users',
      summary: 'Users the caller may see (org heads: their subtree; executors: their organization)',
      tag: 'users',
      query: listQuery,
      response: listOf(userSchema),
    },
    async ({ query: q }, req) => {
      const filter: Record<string, unknown> = { ...(await policyOf(req)).userFilter() };
      const and: Record<string, unknown>[] = [];
      if (q.organizationId) and.push({ organizationId: q.organizationId });
      if (q.role) and.push({ roles: q.role });
      if (q.active !== undefined) and.push({ active: q.active });
      if (q.q) {
        const re = contains(q.q);
        and.push({ $or: [{ fullName: re }, { email: re }] });
      }
      const scoped = and.length ? { $and: [filter, ...and] } : filter;
      const [items, total] = await Promise.all([
        User.find(scoped)
          .sort({ fullName: 1, _id: 1 })
          .skip((q.page - 1) * q.limit)
          .limit(q.limit),
        User.countDocuments(scoped),
      ]);
      return { items: items.map((u) => u.toJSON()), total };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/users/:id',
      summary: 'One user',
      tag: 'users',
      params: idParams,
      response: userSchema,
      errors: [404],
    },
    async ({ params }, req) => {
      const user = await User.findById(params.id);
      const subject = `user:${params.id}`;
      const message = 'No such user.';
      if (!user) throw new HttpError(404, message);
      const target = { user: { id: params.id, organizationId: user.organizationId } };
      await authorize(req, 'user.read', target, { subject, message, hide: true });
      return user.toJSON();
    },
  );

  api.route(
    {
      method: 'post',
      path: '/users',
      summary: 'Add a user',
      tag: 'users',
      action: 'user.write',
      body: userInputSchema,
      status: 201,
      response: userSchema,
      errors: [409, 422],
    },
    async ({ body }, req) => {
      const created = await createUser(body);
      const user = created.toJSON();
      await audit(req, {
        subject: `user:${String(created._id)}`,
        action: 'user.create',
        outcome: 'ok',
        after: user,
      });
      return user;
    },
  );

  api.route(
    {
      method: 'patch',
      path: '/users/:id',
      summary: 'Change a user; disabling, new roles or a new password end their tokens',
      tag: 'users',
      action: 'user.write',
      params: idParams,
      body: userPatchSchema,
      response: userSchema,
      errors: [404, 409, 422],
    },
    async ({ params, body }, req) => {
      const before = (await User.findById(params.id))?.toJSON();
      const after = (await patchUser(params.id, body)).toJSON();
      await audit(req, {
        subject: `user:${params.id}`,
        action: body.password ? 'user.update+password' : 'user.update',
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
      path: '/users/import',
      summary:
        'Import users from CSV (fullName,email,organizationId,roles,locale; roles split by |); all or nothing',
      tag: 'users',
      action: 'user.write',
      body: z.string().meta({ description: 'CSV text with a header row' }),
      bodyType: 'text/csv',
      status: 201,
      response: z.object({ imported: z.number().int(), ids: z.array(objectId) }),
      errors: [409, 413, 415, 422],
    },
    async ({ body }, req) => {
      const result = await importUsers(body);
      await audit(req, {
        subject: 'import:users',
        action: 'user.import',
        outcome: 'ok',
        after: result,
      });
      return result;
    },
  );
}
