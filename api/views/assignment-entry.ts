import type { ASSIGNMENT_STATUSES } from '../../models/assignment';
import type { RatingFact } from '../../lib/rating';
import type { AssignmentInput } from '../../workflows/types';

export type Status = (typeof ASSIGNMENT_STATUSES)[number];

/** A list row as the API answers it. */
export type AssignmentListRow = Pick<
  AssignmentInput,
  'id' | 'documentId' | 'clause' | 'text' | 'leadOrgId' | 'coOrgIds' | 'controllerId' | 'deadline'
> & { watcherOrgIds: string[]; status: Status; overdue: boolean; [field: string]: unknown };

/**
 * A row with what its filters test, worked out once when it is put in. The fields a walk
 * along thousands of rows tests are kept in the entry itself (no reach into the row or an
 * array): each step of such a walk then reads one object.
 */
export type Entry = {
  id: string;
  row: AssignmentListRow;
  version: number;
  day: number;
  status: Status;
  /** Not closed or cancelled: still under control. */
  open: boolean;
  documentId: string;
  controllerId: string;
  /** The controller by number: people are numbered in the view as organizations are. */
  controller: number;
  overdue: boolean;
  extensionPending: boolean;
  inspectionOpen: boolean;
  /** In execution again after its report was returned, until the next report. */
  returned: boolean;
  /** Shown on the public pages. */
  public: boolean;
  /** The person whose review the report under review waits for (its chain level), or null. */
  reviewerId: string | null;
  /** The reviewer awaited by number, 0 if none. */
  reviewer: number;
  /** Lead and co-executors (the `orgId` filter), by their numbers in the view. */
  executors: number[];
  /** The executor organizations that have not acknowledged it, by number. */
  unacknowledged: number[];
  /**
   * The first three readers (executors, then the organizations that passed it down), 0 if
   * none: organizations are numbered from 1, so a reader is always a mark's index (a
   * negative index would be a slow named lookup).
   */
  reader0: number;
  reader1: number;
  reader2: number;
  /** Readers past the third, or null (no second object to reach for on most rows). */
  moreReaders: number[] | null;
  /** What it adds to discipline ratings (kept to take away again when it changes). */
  facts: RatingFact[];
};

/** Whether any reader of `e` is marked. */
export function readByAny(e: Entry, marked: Uint8Array): boolean {
  if (marked[e.reader0] === 1 || marked[e.reader1] === 1 || marked[e.reader2] === 1) return true;
  if (e.moreReaders === null) return false;
  for (const n of e.moreReaders) if (marked[n] === 1) return true;
  return false;
}

const anyMarked = (orgs: number[], marked: Uint8Array) => orgs.some((n) => marked[n] === 1);

/** Soonest deadline first; the id decides between equal deadlines, so pages never overlap. */
export const byDeadline = (a: Entry, b: Entry): number =>
  a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A person's relation to a row that a filter asks for (`is`) or against (`!is`). */
export type PersonTest = { id: string; is: boolean };
/** The same, the person by number (-1 for one never seen): numbers compare in one step. */
export type NumberTest = { n: number; is: boolean };

/** What a filter asks of a row; null (or absent in `AssignmentFilter`) for "any". */
export type Conditions = {
  status: Status | null;
  documentId: string | null;
  /** An executor organization's number, or 0 for any (-1 for one never seen). */
  org: number;
  /** The lead executor organization, or null for any. */
  leadOrgId: string | null;
  overdue: boolean | null;
  extensionPending: boolean | null;
  inspectionOpen: boolean | null;
  returned: boolean | null;
  public: boolean | null;
  /** Not closed or cancelled (true), or one of them (false). */
  open: boolean | null;
  controller: NumberTest | null;
  reviewer: NumberTest | null;
  /**
   * The organizations whose acknowledgement is asked about, by number, and what is asked:
   * `false`, one of them has not acknowledged it; `true`, one of them executes it and all of
   * them that do have acknowledged it.
   */
  acknowledging: Uint8Array | null;
  acknowledged: boolean | null;
  /** The reader organizations by number, or null for any. */
  marked: Uint8Array | null;
  /** Each word's rows. */
  found: ReadonlySet<Entry>[];
  /** The latest deadline as a day number. */
  last: number;
};

/**
 * A filter's conditions on one row. A class of one shape, its values set once: a walk along
 * thousands of rows runs `passes` on each, and filters arrive in many shapes.
 */
export class RowTest {
  private readonly status: Status | null;
  private readonly documentId: string | null;
  private readonly org: number;
  private readonly leadOrgId: string | null;
  private readonly overdue: boolean | null;
  private readonly extensionPending: boolean | null;
  private readonly inspectionOpen: boolean | null;
  private readonly returned: boolean | null;
  private readonly isPublic: boolean | null;
  private readonly open: boolean | null;
  private readonly controller: NumberTest | null;
  private readonly reviewer: NumberTest | null;
  private readonly acknowledging: Uint8Array | null;
  private readonly acknowledged: boolean | null;
  private readonly marked: Uint8Array | null;
  private readonly found: ReadonlySet<Entry>[];
  readonly last: number;

  constructor(c: Conditions) {
    this.status = c.status;
    this.documentId = c.documentId;
    this.org = c.org;
    this.leadOrgId = c.leadOrgId;
    this.overdue = c.overdue;
    this.extensionPending = c.extensionPending;
    this.inspectionOpen = c.inspectionOpen;
    this.returned = c.returned;
    this.isPublic = c.public;
    this.open = c.open;
    this.controller = c.controller;
    this.reviewer = c.reviewer;
    this.acknowledging = c.acknowledging;
    this.acknowledged = c.acknowledged;
    this.marked = c.marked;
    this.found = c.found;
    this.last = c.last;
  }

  /** Every condition but the deadline bound. */
  passes(e: Entry): boolean {
    if (this.status !== null && e.status !== this.status) return false;
    if (this.documentId !== null && e.documentId !== this.documentId) return false;
    if (this.org !== 0 && !e.executors.includes(this.org)) return false;
    if (this.leadOrgId !== null && e.row.leadOrgId !== this.leadOrgId) return false;
    if (this.overdue !== null && e.overdue !== this.overdue) return false;
    if (this.extensionPending !== null && e.extensionPending !== this.extensionPending)
      return false;
    if (this.inspectionOpen !== null && e.inspectionOpen !== this.inspectionOpen) return false;
    if (this.returned !== null && e.returned !== this.returned) return false;
    if (this.isPublic !== null && e.public !== this.isPublic) return false;
    if (this.open !== null && e.open !== this.open) return false;
    const { controller, reviewer } = this;
    if (controller !== null && (e.controller === controller.n) !== controller.is) return false;
    if (reviewer !== null && (e.reviewer === reviewer.n) !== reviewer.is) return false;
    if (this.acknowledging !== null && !this.acknowledgedAsAsked(e, this.acknowledging))
      return false;
    if (this.marked !== null && !readByAny(e, this.marked)) return false;
    for (const rows of this.found) if (!rows.has(e)) return false;
    return true;
  }

  inOrder(e: Entry): boolean {
    return e.day <= this.last;
  }

  private acknowledgedAsAsked(e: Entry, orgs: Uint8Array): boolean {
    if (anyMarked(e.unacknowledged, orgs)) return this.acknowledged === false;
    return this.acknowledged === true && anyMarked(e.executors, orgs);
  }
}

/** Not closed or cancelled: still under control. */
export const isOpen = (status: Status): boolean => status !== 'closed' && status !== 'cancelled';
