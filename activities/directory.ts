import { trusted } from 'mongoose';
import { Organization } from '../models/organization';
import { User } from '../models/user';
import type { Recipients } from '../workflows/types';

type Person = Awaited<ReturnType<typeof loadPeople>>[number];

const loadPeople = () =>
  User.find({ active: true }, { email: 1, locale: 1, roles: 1, organizationId: 1 })
    .sort({ _id: 1 })
    .lean();

/**
 * Who receives a notification. Without a cache every lookup queries MongoDB. With one, the
 * active users and the organizations' heads are read at most once per `ttlMs`: the embedded
 * FerretDB (SQLite) reads a whole collection for any query that is not by `_id`, which at
 * the national scale (17,539 users) would be done for every notification. The price: a user
 * added or disabled in the last `ttlMs` may be missed or still told.
 */
export function createDirectory(ttlMs: number) {
  type Snapshot = { at: number; people: Person[]; heads: Map<string, string> };
  let cached: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;

  async function load(): Promise<Snapshot> {
    const [people, orgs] = await Promise.all([
      loadPeople(),
      Organization.find({}, { headUserId: 1 }).lean(),
    ]);
    const heads = new Map(
      orgs.flatMap((o) => (o.headUserId ? [[String(o._id), o.headUserId]] : [])),
    );
    return (cached = { at: Date.now(), people, heads });
  }

  // One load at a time: the worker runs many notifications at once, and each expired lookup
  // starting its own two whole-collection reads swamped the embedded store.
  function everyone(): Promise<Snapshot> {
    if (cached && Date.now() - cached.at < ttlMs) return Promise.resolve(cached);
    return (loading ??= load().finally(() => (loading = undefined)));
  }

  /** Active users addressed by id, by organization (executors, org heads, the head) or by role. */
  return async function recipientsOf(to: Recipients): Promise<Person[]> {
    if (ttlMs <= 0) return query(to);
    const { people, heads } = await everyone();
    const ids = new Set([
      ...(to.userIds ?? []),
      ...(to.orgIds ?? []).flatMap((o) => heads.get(o) ?? []),
    ]);
    const orgs = new Set(to.orgIds ?? []);
    const roles = new Set(to.roles ?? []);
    return people.filter(
      (p) =>
        ids.has(String(p._id)) ||
        (orgs.has(String(p.organizationId)) &&
          p.roles.some((r) => r === 'executor' || r === 'org_head')) ||
        p.roles.some((r) => roles.has(r)),
    );
  };
}

async function query(to: Recipients): Promise<Person[]> {
  const any: Record<string, unknown>[] = [];
  const ids = [...(to.userIds ?? [])];
  if (to.orgIds?.length) {
    const orgIds = trusted({ $in: to.orgIds });
    any.push({ organizationId: orgIds, roles: trusted({ $in: ['executor', 'org_head'] }) });
    const heads = await Organization.find({ _id: orgIds }, { headUserId: 1 }).lean();
    ids.push(...heads.flatMap((o) => (o.headUserId ? [o.headUserId] : [])));
  }
  if (ids.length) any.push({ _id: trusted({ $in: ids }) });
  if (to.roles?.length) any.push({ roles: trusted({ $in: to.roles }) });
  if (!any.length) return [];
  return User.find({ $or: any, active: true }, { email: 1, locale: 1, roles: 1, organizationId: 1 })
    .sort({ _id: 1 })
    .lean();
}
