import type { Request } from 'express';
import { ChangeFeed, rereadEach } from '../../lib/change-feed';
import type { Logger } from '../../lib/logger';
import { AssignmentModel } from '../../models/assignment';
import type { ChangeRef } from '../../models/change';
import { DocumentModel } from '../../models/document';
import { NotificationModel } from '../../models/notification';
import { Organization } from '../../models/organization';
import { RevokedToken } from '../../models/revoked-token';
import { User } from '../../models/user';
import { AssignmentView, INDEX_FIELDS, ROW_FIELDS, type Drift } from './assignments';
import { DocumentView } from './documents';
import { NotificationView } from './notifications';
import { ORG_FIELDS, OrgTree, type OrgRow } from './organizations';
import { AUTH_FIELDS, PeopleView } from './people';

export interface Reconciliation {
  at: string;
  /** Assignment rows read. */
  rows: number;
  /** Rows the view held an older version of, or none. */
  behind: number;
  /** Counts that differed from a recount of the rows held. */
  drift: Drift[];
  ms: number;
}

const ROW_KINDS: ReadonlySet<string> = new Set(['assignment', 'document', 'organization', 'user']);
const projection = Object.fromEntries([...ROW_FIELDS, ...INDEX_FIELDS].map((f) => [f, 1 as const]));

/**
 * What the API's lists, counts and access checks read instead of querying the store: the
 * assignment list index, the document list and the organization tree. Built from the read
 * model on first use and kept current from the change log, which the worker (assignment
 * rows) and the API (documents, organizations) append to after each write.
 *
 * `current()` applies every entry stored before it was called, so a client that reads
 * after its own write, through any API process, sees that write.
 */
export class ReadViews {
  readonly assignments = new AssignmentView();
  readonly documents = new DocumentView();
  readonly orgs = new OrgTree();
  readonly notifications = new NotificationView();
  readonly people = new PeopleView();
  /** What the last reconciliation found. */
  lastReconciliation?: Reconciliation;
  private readonly feed = new ChangeFeed(
    () => this.build(),
    async (refs) => {
      // In order, as logged: a notification's "read" follows its "made".
      for (const r of refs) {
        if (r.kind === 'notification' && r.to) this.notifications.put(r.id, r.to, !!r.read);
        if (r.kind === 'token') this.people.revoke(r.id);
        // Not awaited: the feed goes on while the rows are read; the recount is one step.
        if (r.kind === 'reconcile')
          this.reconcile().catch((err: unknown) => this.logger.error({ err }, 'not reconciled'));
      }
      const rows = refs.filter((r) => ROW_KINDS.has(r.kind));
      await rereadEach(rows, read, (ref, row) => this.take(ref, row));
    },
  );

  constructor(private readonly logger: Logger) {}

  /** How far into the change log these views are. */
  get applied(): number {
    return this.feed.applied;
  }

  async current(): Promise<this> {
    await this.feed.current();
    return this;
  }

  /**
   * The nightly check (api/schedules.ts): every assignment row is read from the read model and
   * any the view missed is taken in, then the counts are recounted from the rows held. Both
   * kinds of difference are drift: logged, kept for `GET /metrics`, and corrected.
   */
  async reconcile(): Promise<Reconciliation> {
    const started = Date.now();
    await this.current();
    let rows = 0;
    let behind = 0;
    for await (const row of AssignmentModel.find({}, projection).lean().cursor()) {
      rows += 1;
      if (this.assignments.put(row)) behind += 1;
    }
    const drift = this.assignments.recount();
    const report = { at: new Date().toISOString(), rows, behind, drift, ms: Date.now() - started };
    this.lastReconciliation = report;
    const summary = { ...report, drift: drift.slice(0, 20), drifted: drift.length };
    if (behind > 0 || drift.length > 0) this.logger.warn(summary, 'read views drifted; corrected');
    else this.logger.info(summary, 'read views reconciled: no drift');
    return report;
  }

  start(): void {
    this.feed.start(this.logger);
  }

  stop(): void {
    this.feed.stop();
  }

  private async build(): Promise<void> {
    const started = Date.now();
    for await (const user of User.find({}, AUTH_FIELDS).lean().cursor()) this.people.put(user);
    for await (const t of RevokedToken.find({}, { _id: 1 }).lean().cursor())
      this.people.revoke(t._id);
    for await (const org of Organization.find({}, ORG_FIELDS).lean().cursor()) this.orgs.put(org);
    for await (const doc of DocumentModel.find().lean().cursor()) this.documents.put(doc);
    for await (const row of AssignmentModel.find({}, projection).lean().cursor())
      this.assignments.put(row);
    // Sorted here: the embedded store would hold every row in memory to sort them.
    const inbox: { key: string; to: string; at: number; read: boolean }[] = [];
    const fields = { recipientId: 1, createdAt: 1, readAt: 1 } as const;
    for await (const n of NotificationModel.find({}, fields).lean().cursor())
      inbox.push({ key: n._id, to: n.recipientId, at: +n.createdAt, read: !!n.readAt });
    inbox.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
    for (const n of inbox) this.notifications.put(n.key, n.to, n.read);
    this.logger.info(
      { assignments: this.assignments.size, notifications: inbox.length, ms: Date.now() - started },
      'read views built',
    );
  }

  private async take(ref: ChangeRef, row: Record<string, unknown> | null): Promise<void> {
    switch (ref.kind) {
      case 'assignment':
        if (row) this.assignments.put(row);
        else this.assignments.drop(ref.id);
        return;
      case 'document':
        return row ? this.documents.put(row) : this.documents.drop(ref.id);
      case 'organization':
        return row ? this.orgs.put(row as OrgRow) : this.orgs.drop(ref.id);
      case 'user':
        return row ? this.people.put(row) : this.people.drop(ref.id);
      default:
        // Notifications and tokens are taken in above.
        return;
    }
  }
}

function read(ref: ChangeRef): Promise<Record<string, unknown> | null> {
  const lean = <T>(q: { lean: () => T }) => q.lean() as Promise<Record<string, unknown> | null>;
  switch (ref.kind) {
    case 'assignment':
      return lean(AssignmentModel.findById(ref.id, projection));
    case 'document':
      return lean(DocumentModel.findById(ref.id));
    case 'organization':
      return lean(Organization.findById(ref.id, ORG_FIELDS));
    case 'user':
      return lean(User.findById(ref.id, AUTH_FIELDS));
    default:
      return Promise.resolve(null);
  }
}

const perRequest = new WeakMap<Request, Promise<ReadViews>>();

/**
 * The read views of the app serving this request, current as of its first call in the
 * request: the policy and the list of one request read the same state, caught up once.
 */
export function currentViews(req: Request): Promise<ReadViews> {
  let views = perRequest.get(req);
  if (!views) {
    views = (req.app.locals.views as ReadViews).current();
    perRequest.set(req, views);
  }
  return views;
}
