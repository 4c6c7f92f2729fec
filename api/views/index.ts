import type { Request } from 'express';
import type { Model } from 'mongoose';
import { logTail, readChange } from '../../lib/change-log';
import type { Logger } from '../../lib/logger';
import { AssignmentModel } from '../../models/assignment';
import type { ChangeKind, ChangeRef } from '../../models/change';
import { DocumentModel } from '../../models/document';
import { Organization } from '../../models/organization';
import { AssignmentView, ROW_FIELDS } from './assignments';
import { DocumentView } from './documents';
import { OrgTree } from './organizations';

/** Entries read at once while catching up; the log has no gaps, so reading stops at the first missing one. */
const READ_AHEAD = 8;
/** Rows read again at once. */
const ROW_READS = 16;

const projection = Object.fromEntries(ROW_FIELDS.map((f) => [f, 1 as const]));

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
  private position = 1;
  private built?: Promise<void>;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private poller?: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly pollMs = 500,
  ) {}

  async current(): Promise<this> {
    await (this.built ??= this.build().catch((err: unknown) => {
      this.built = undefined;
      throw err;
    }));
    await this.catchUp();
    return this;
  }

  /** Keeps catching up in the background, so requests find little left to apply. */
  start(): void {
    this.poller ??= setInterval(() => {
      this.current().catch((err: unknown) => this.logger.warn({ err }, 'read views not current'));
    }, this.pollMs).unref();
  }

  stop(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }

  private async build(): Promise<void> {
    const started = Date.now();
    // Taken first: an entry written while the rows are read is applied again after, and
    // applying a row twice changes nothing.
    const tail = await logTail();
    for await (const org of Organization.find({}, { parentId: 1 }).lean().cursor())
      this.orgs.put(org);
    for await (const doc of DocumentModel.find().lean().cursor()) this.documents.put(doc);
    for await (const row of AssignmentModel.find({}, projection).lean().cursor())
      await this.assignments.put(row);
    this.position = tail;
    this.logger.info(
      { assignments: this.assignments.size, ms: Date.now() - started },
      'read views built',
    );
  }

  /** Applies what was logged. A call that finds a round under way waits for the next one. */
  private catchUp(): Promise<void> {
    if (!this.running) {
      this.running = this.applyLogged().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
    return this.queued;
  }

  private async applyLogged(): Promise<void> {
    for (;;) {
      const window = Array.from({ length: READ_AHEAD }, (_, i) => this.position + i);
      const entries = await Promise.all(window.map(readChange));
      const stored = entries.findIndex((e) => e === null);
      const ready = (stored === -1 ? entries : entries.slice(0, stored)) as ChangeRef[][];
      if (ready.length === 0) return;
      await this.apply(ready.flat());
      this.position += ready.length;
      if (stored !== -1) return;
    }
  }

  /** Reads each named row again and puts its current state in (or takes it out). */
  private async apply(refs: ChangeRef[]): Promise<void> {
    const unique = [...new Map(refs.map((r) => [`${r.kind}:${r.id}`, r])).values()];
    for (let i = 0; i < unique.length; i += ROW_READS) {
      const batch = unique.slice(i, i + ROW_READS);
      const rows = await Promise.all(batch.map((r) => READERS[r.kind](r.id)));
      for (const [j, ref] of batch.entries()) await this.put(ref, rows[j] ?? null);
    }
  }

  private async put(ref: ChangeRef, row: Record<string, unknown> | null): Promise<void> {
    switch (ref.kind) {
      case 'assignment':
        return row ? this.assignments.put(row) : this.assignments.drop(ref.id);
      case 'document':
        return row ? this.documents.put(row) : this.documents.drop(ref.id);
      case 'organization':
        return row
          ? this.orgs.put({ _id: row._id, parentId: row.parentId as string })
          : this.orgs.drop(ref.id);
    }
  }
}

const byId =
  (model: Model<never>, fields?: Record<string, 1>) =>
  (id: string): Promise<Record<string, unknown> | null> =>
    model.findById(id, fields).lean() as Promise<Record<string, unknown> | null>;

const READERS: Record<ChangeKind, (id: string) => Promise<Record<string, unknown> | null>> = {
  assignment: byId(AssignmentModel as unknown as Model<never>, projection),
  document: byId(DocumentModel as unknown as Model<never>),
  organization: byId(Organization as unknown as Model<never>, { parentId: 1 }),
};

/** The read views of the app serving this request. */
export function viewsOf(req: Request): ReadViews {
  return req.app.locals.views as ReadViews;
}
