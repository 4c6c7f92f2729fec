import { ChangeFeed, rereadEach } from '../lib/change-feed';
import type { ChangeRef } from '../models/change';
import { Organization } from '../models/organization';
import { User } from '../models/user';
import type { Recipients } from '../workflows/types';

const PERSON = { email: 1, locale: 1, roles: 1, organizationId: 1, active: 1 } as const;

export type Person = {
  _id: string;
  email: string;
  locale: string;
  roles: string[];
  organizationId?: string | null;
};

/** Who, in an organization, is told of its assignments. */
const EXECUTING = ['executor', 'org_head'];

/**
 * Who receives a notification, answered from memory: the active users and each
 * organization's head, loaded once and kept current from the change log, which the API
 * appends to after every write of a user or an organization. Each lookup first applies what
 * was logged before it, so a person or organization created a moment ago is told (a
 * directory read at most every 30 s used to miss them). The embedded store would read all
 * 17,539 users for each notification to answer it by a query.
 */
export class Directory {
  private people = new Map<string, Person>();
  private heads = new Map<string, string>();
  private readonly feed = new ChangeFeed(
    () => this.build(),
    (refs) => rereadEach(refs, read, (ref, row) => this.take(ref, row)),
  );

  /** Active users addressed by id, by organization (executors, org heads, the head) or by role, in id order. */
  async recipientsOf(to: Recipients): Promise<Person[]> {
    await this.feed.current();
    const ids = new Set(to.userIds ?? []);
    for (const org of to.orgIds ?? []) {
      const head = this.heads.get(org);
      if (head) ids.add(head);
    }
    const orgs = new Set(to.orgIds ?? []);
    const roles = new Set(to.roles ?? []);
    const found: Person[] = [];
    for (const p of this.people.values())
      if (
        ids.has(p._id) ||
        (orgs.has(String(p.organizationId)) && p.roles.some((r) => EXECUTING.includes(r))) ||
        p.roles.some((r) => roles.has(r))
      )
        found.push(p);
    return found.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  private async build(): Promise<void> {
    for await (const u of User.find({ active: true }, PERSON).lean().cursor())
      this.take({ kind: 'user', id: String(u._id) }, u);
    for await (const o of Organization.find({}, { headUserId: 1 }).lean().cursor())
      this.take({ kind: 'organization', id: String(o._id) }, o);
  }

  private take(ref: ChangeRef, row: Record<string, unknown> | null): void {
    if (ref.kind === 'user') {
      if (!row || row.active === false) this.people.delete(ref.id);
      else
        this.people.set(ref.id, {
          _id: ref.id,
          email: row.email as string,
          locale: row.locale as string,
          roles: row.roles as string[],
          organizationId: row.organizationId as string | null | undefined,
        });
    } else if (ref.kind === 'organization') {
      const head = row?.headUserId as string | null | undefined;
      if (head) this.heads.set(ref.id, head);
      else this.heads.delete(ref.id);
    }
  }
}

function read(ref: ChangeRef): Promise<Record<string, unknown> | null> {
  if (ref.kind === 'user') return User.findById(ref.id, PERSON).lean();
  if (ref.kind === 'organization') return Organization.findById(ref.id, { headUserId: 1 }).lean();
  return Promise.resolve(null);
}
