import type { Request } from 'express';
import { z } from 'zod';
import { contains } from '../../lib/mongo';
import { ROLES, User } from '../../models/user';
import { authorize, policyOf } from '../access';
import { HttpError } from '../errors';
import { listPage } from '../list';
import type { Api } from '../route';
import { userTable } from '../registry-export';
import { currentViews } from '../views';
import { exportRoutes } from './exports';
import { registryRoutes } from './registry';
import {
  idParams,
  listOf,
  objectId,
  pageQuery,
  queryBool,
  userInputSchema,
  userPatchSchema,
  userSchema,
} from '../schemas';
import { createUser, importUsers, patchUser } from '../users';

const filterQuery = z.strictObject({
  organizationId: objectId.optional(),
  role: z.enum(ROLES).optional(),
  active: queryBool.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
const listQuery = filterQuery.extend(pageQuery);

/** The users a list or an export holds: the caller's scope, then the filters. */
async function usersOf(req: Request, q: z.infer<typeof filterQuery>) {
  const filter: Record<string, unknown> = { ...(await policyOf(req)).userFilter() };
  const and: Record<string, unknown>[] = [];
  if (q.organizationId) and.push({ organizationId: q.organizationId });
  if (q.role) and.push({ roles: q.role });
  if (q.active !== undefined) and.push({ active: q.active });
  if (q.q) {
    const re = contains(q.q);
    and.push({ $or: [{ fullName: re }, { email: re }] });
  }
  return and.length ? { $and: [filter, ...and] } : filter;
}

const BY_NAME = { fullName: 1, _id: 1 } as const;

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
    async ({ query: q }, req) => listPage(User, await usersOf(req, q), BY_NAME, q),
  );

  exportRoutes(api, {
    path: '/users',
    tag: 'users',
    what: 'The filtered list of users',
    query: filterQuery,
    table: async (q, req, locale) =>
      userTable(await usersOf(req, q), BY_NAME, await currentViews(req), locale),
  });

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

  registryRoutes(api, {
    kind: 'user',
    path: '/users',
    tag: 'users',
    action: 'user.write',
    input: userInputSchema,
    patch: userPatchSchema,
    output: userSchema,
    columns: 'fullName,email,organizationId,roles,locale; roles split by |',
    create: createUser,
    load: (id) => User.findById(id),
    update: patchUser,
    importCsv: importUsers,
  });
}
