import { ChangeFeed, rereadEach } from '../lib/change-feed';
import type { ChangeRef } from '../models/change';
import { DocumentModel } from '../models/document';
import { Organization } from '../models/organization';
import { User, type MailPreference } from '../models/user';
import type { Recipients } from '../workflows/types';

const PERSON = {
  email: 1,
  locale: 1,
  roles: 1,
  organizationId: 1,
  active: 1,
  mailPreference: 1,
} as const;
const ORG = { headUserId: 1, officerUserId: 1 } as const;
const DOCUMENT = { number: 1, title: 1, signedAt: 1 } as const;

/** Its number, `PQ-3962`, and `PQ-3962 (2018-10-05) On the programme …`. */
export type DocumentName = { short: string; full: string };

export type Person = {
  _id: string;
  email: string;
  locale: string;
  roles: string[];
  organizationId?: string | null;
  mailPreference: MailPreference;
};

/** How one person hears of a notification: every one of them also sees it in the app. */
export type Delivery = 'immediate' | 'digest' | 'none';
export type Addressee = { person: Person; delivery: Delivery };

/** Who, in an organization, is told of its assignments. */
const EXECUTING = ['executor', 'org_head'];

const byId = (a: { _id: string }, b: { _id: string }) =>
  a._id < b._id ? -1 : a._id > b._id ? 1 : 0;

/**
 * Who receives a notification and how, answered from memory: the active users, each
 * organization's head and designated officer, and the documents' names, loaded once and kept
 * current from the change log, which the API appends to after every write of a user, an
 * organization or a document. Each lookup first applies what was logged before it, so a
 * person or organization created a moment ago is told.
 */
export class Directory {
  private people = new Map<string, Person>();
  /** Executors and org heads by organization. */
  private members = new Map<string, Set<string>>();
  private orgs = new Map<string, { head?: string; officer?: string }>();
  private documents = new Map<string, DocumentName>();
  private readonly feed = new ChangeFeed(
    () => this.build(),
    (refs) => rereadEach(refs, read, (ref, row) => this.take(ref, row)),
  );

  /**
   * Everyone a notification reaches, and how, in id order. Mail goes at once to the people
   * addressed by id (a controller, a reviewer, inspectors) and, for each organization, to the
   * person who answers for its execution: the one named on the assignment (`responsible`),
   * else its designated officer, else its head (`headUserId`, else its members with the org
   * head role). The organization's other executors and heads,
   * and people reached by role, get mail as their profile says (by default in the daily
   * digest). An organization with nobody to answer for it is mailed whole at once: someone
   * must act on it.
   */
  async audience(to: Recipients, responsible = new Map<string, string>()): Promise<Addressee[]> {
    await this.feed.current();
    const found = new Map<string, Addressee>();
    const add = (id: string | undefined, delivery?: Delivery) => {
      const person = id ? this.people.get(id) : undefined;
      if (!person) return false;
      const had = found.get(person._id);
      if (!had || (delivery === 'immediate' && had.delivery !== 'immediate'))
        found.set(person._id, { person, delivery: delivery ?? person.mailPreference });
      return true;
    };
    for (const id of to.userIds ?? []) add(id, 'immediate');
    for (const org of to.orgIds ?? []) {
      const { officer, head } = this.orgs.get(org) ?? {};
      const members = [...(this.members.get(org) ?? [])];
      // No head on record: its members with the org head role answer for it.
      const heads = members.filter((id) => this.people.get(id)?.roles.includes('org_head'));
      const answering =
        [responsible.get(org), officer, head].some((id) => add(id, 'immediate')) ||
        heads.filter((id) => add(id, 'immediate')).length > 0;
      for (const id of [head, ...members]) add(id, answering ? undefined : 'immediate');
    }
    const roles = new Set(to.roles ?? []);
    if (roles.size)
      for (const p of this.people.values()) if (p.roles.some((r) => roles.has(r))) add(p._id);
    return [...found.values()].sort((a, b) => byId(a.person, b.person));
  }

  /** An active person. */
  async person(id: string): Promise<Person | undefined> {
    await this.feed.current();
    return this.people.get(id);
  }

  /** A document's name for mail. */
  async documentName(id: string): Promise<DocumentName | undefined> {
    await this.feed.current();
    return this.documents.get(id);
  }

  private async build(): Promise<void> {
    for await (const u of User.find({ active: true }, PERSON).lean().cursor())
      this.take({ kind: 'user', id: String(u._id) }, u);
    for await (const o of Organization.find({}, ORG).lean().cursor())
      this.take({ kind: 'organization', id: String(o._id) }, o);
    for await (const d of DocumentModel.find({}, DOCUMENT).lean().cursor())
      this.take({ kind: 'document', id: String(d._id) }, d);
  }

  private take(ref: ChangeRef, row: Record<string, unknown> | null): void {
    if (ref.kind === 'user') this.takePerson(ref.id, row);
    else if (ref.kind === 'organization') {
      if (!row) this.orgs.delete(ref.id);
      else
        this.orgs.set(ref.id, {
          head: (row.headUserId as string | null) ?? undefined,
          officer: (row.officerUserId as string | null) ?? undefined,
        });
    } else if (ref.kind === 'document' && row) {
      const short = row.number as string;
      this.documents.set(ref.id, { short, full: `${short} (${row.signedAt}) ${row.title}` });
    }
  }

  private takePerson(id: string, row: Record<string, unknown> | null): void {
    const before = this.people.get(id);
    if (before?.organizationId) this.members.get(before.organizationId)?.delete(id);
    if (!row || row.active === false) {
      this.people.delete(id);
      return;
    }
    const person: Person = {
      _id: id,
      email: row.email as string,
      locale: row.locale as string,
      roles: row.roles as string[],
      organizationId: row.organizationId as string | null | undefined,
      mailPreference: (row.mailPreference as MailPreference | undefined) ?? 'digest',
    };
    this.people.set(id, person);
    if (person.organizationId && person.roles.some((r) => EXECUTING.includes(r))) {
      const members = this.members.get(person.organizationId) ?? new Set<string>();
      members.add(id);
      this.members.set(person.organizationId, members);
    }
  }
}

function read(ref: ChangeRef): Promise<Record<string, unknown> | null> {
  if (ref.kind === 'user') return User.findById(ref.id, PERSON).lean();
  if (ref.kind === 'organization') return Organization.findById(ref.id, ORG).lean();
  if (ref.kind === 'document') return DocumentModel.findById(ref.id, DOCUMENT).lean();
  return Promise.resolve(null);
}
