import type { ASSIGNMENT_STATUSES } from '../../models/assignment';
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
  documentId: string;
  overdue: boolean;
  extensionPending: boolean;
  inspectionOpen: boolean;
  /** Lead and co-executors (the `orgId` filter), by their numbers in the view. */
  executors: number[];
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
};

/** Whether any reader of `e` is marked. */
export function readByAny(e: Entry, marked: Uint8Array): boolean {
  if (marked[e.reader0] === 1 || marked[e.reader1] === 1 || marked[e.reader2] === 1) return true;
  if (e.moreReaders === null) return false;
  for (const n of e.moreReaders) if (marked[n] === 1) return true;
  return false;
}

/** Soonest deadline first; the id decides between equal deadlines, so pages never overlap. */
export const byDeadline = (a: Entry, b: Entry): number =>
  a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A filter's conditions on one row. A class of one shape, its values set once: a walk along
 * thousands of rows runs `passes` on each, and filters arrive in many shapes.
 */
export class RowTest {
  constructor(
    private readonly status: Status | null,
    private readonly documentId: string | null,
    /** An executor organization's number, or 0 for any (-1 for one never seen). */
    private readonly org: number,
    private readonly overdue: boolean | null,
    /** The reader organizations by number, or null for any. */
    private readonly marked: Uint8Array | null,
    /** Each word's rows. */
    private readonly found: ReadonlySet<Entry>[],
    /** The latest deadline as a day number. */
    readonly last: number,
  ) {}

  /** Every condition but the deadline bound. */
  passes(e: Entry): boolean {
    if (this.status !== null && e.status !== this.status) return false;
    if (this.documentId !== null && e.documentId !== this.documentId) return false;
    if (this.org !== 0 && !e.executors.includes(this.org)) return false;
    if (this.overdue !== null && e.overdue !== this.overdue) return false;
    if (this.marked !== null && !readByAny(e, this.marked)) return false;
    for (const rows of this.found) if (!rows.has(e)) return false;
    return true;
  }

  inOrder(e: Entry): boolean {
    return e.day <= this.last;
  }
}
