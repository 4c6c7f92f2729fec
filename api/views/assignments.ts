import { ASSIGNMENT_STATUSES } from '../../models/assignment';
import {
  byDeadline,
  isOpen,
  RowTest,
  type AssignmentListRow,
  type Entry,
  type NumberTest,
  type PersonTest,
  type Status,
} from './assignment-entry';
import { Postings, SortedList } from './postings';
import { Tally } from './tally';
import { RATING_DOC_FIELDS, ratingFacts } from '../../lib/rating';
import { dayNumber, wordsOf } from './text';

export type { AssignmentListRow } from './assignment-entry';

/** The fields of a read-model row that a list shows or filters on. */
export const ROW_FIELDS = [
  'version',
  'documentId',
  'clause',
  'text',
  'leadOrgId',
  'coOrgIds',
  'watcherOrgIds',
  'controllerId',
  'deadline',
  'public',
  'status',
  'overdue',
  'overdueSince',
  'overdueDays',
  'escalated',
  'acceptedAt',
  'closedAt',
  'extensionPending',
  'inspectionOpen',
  'extensionsCount',
  'executions',
  'parentId',
  'period',
  'createdAt',
  'updatedAt',
] as const;

/**
 * What the view reads besides a list row's fields, to index it: who the report under review
 * waits for, and whether the last one reviewed was returned. Not part of the row.
 */
export const INDEX_FIELDS = [
  'verificationChain',
  'reports.status',
  'reports.level',
  ...RATING_DOC_FIELDS,
] as const;

/** The flags a dashboard counts. */
const FLAGS = ['overdue', 'extensionPending', 'inspectionOpen'] as const;
/** The flags with postings of their rows. */
const INDEXED_FLAGS = [...FLAGS, 'returned', 'public'] as const;
const OPEN = ASSIGNMENT_STATUSES.filter(isOpen);
const ENDED = ASSIGNMENT_STATUSES.filter((s) => !isOpen(s));

export type AssignmentFilter = {
  /** Organizations the caller reads for; absent for the roles that read all. */
  scope?: readonly string[];
  status?: Status;
  documentId?: string;
  orgId?: string;
  leadOrgId?: string;
  overdue?: boolean;
  extensionPending?: boolean;
  inspectionOpen?: boolean;
  /** In execution again after its report was returned. */
  returned?: boolean;
  /** Marked public: on the public pages. */
  public?: boolean;
  /** Not closed or cancelled (true), or closed or cancelled (false). */
  open?: boolean;
  controller?: PersonTest;
  /** Whose review the report under review waits for. */
  reviewer?: PersonTest;
  /**
   * Whether these organizations (the caller's own, as an executor) have acknowledged it:
   * `false`, one of them has not yet; `true`, one of them executes it and all that do have.
   */
  acknowledged?: { by: readonly string[]; done: boolean };
  dueBefore?: string;
  q?: string;
};

/** Soonest deadline first (as lists are unless asked otherwise), or latest first. */
export type Sort = 'deadline' | '-deadline';

/** Rows that hold every match of a filter: those under one of its conditions' keys. */
type Source = {
  rows: () => Iterable<Entry>;
  /** How many rows, at most; exactly when `exact`. */
  size: number;
  exact: boolean;
};

/** A filter made ready to run against the view. */
type Plan = {
  test: RowTest;
  /** How many conditions, the deadline bound not counted. */
  conditions: number;
  sources: Source[];
  /** Matches lie among the first `end` rows in deadline order (`dueBefore` ends them). */
  end: number;
};

/**
 * The assignment lists and their counts, answered in memory. Each API process holds one,
 * built from the read model and kept current from the change log (`ReadViews`).
 *
 * Rows are kept in deadline order and in postings by status, document, organization, flag,
 * controller, awaited reviewer, organization yet to acknowledge, and word. A query walks the
 * fewest rows that can match: those of its most selective condition, tested against the
 * others and sorted, or the deadline order from either end — until the page is full, when
 * the count needs no walk. So a broad list costs about its
 * page. Orama, used before, found, sorted and counted every match per request (38 ms a list
 * at 25,238 rows, see docs/performance.md).
 */
export class AssignmentView {
  private entries = new Map<string, Entry>();
  private orgNumbers = new Map<string, number>();
  private personNumbers = new Map<string, number>();
  private order = new SortedList<Entry>(byDeadline);
  private byStatus = new Postings<Entry>();
  private byDocument = new Postings<Entry>();
  private byExecutor = new Postings<Entry>();
  private byReader = new Postings<Entry>();
  private byFlag = new Postings<Entry>();
  private byController = new Postings<Entry>();
  private byReviewer = new Postings<Entry>();
  private byUnacknowledged = new Postings<Entry>();
  private byWord = new Postings<Entry>({ prefixes: true });
  private counts = new Tally();

  /** The dashboard's and the ratings' counts by organization and month, kept as rows come and go. */
  get tally(): Tally {
    return this.counts;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Counts the rows held afresh: the counts kept as rows came and went should be the same.
   * Any that are not (a defect, or a change applied twice) are replaced, and named.
   */
  recount(): Drift[] {
    const fresh = new Tally();
    for (const e of this.entries.values()) fresh.add(e.row, e.facts, 1);
    const was = this.counts.contents();
    const now = fresh.contents();
    const drift: Drift[] = [];
    for (const [key, n] of now)
      if (was.get(key) !== n) drift.push({ key, was: was.get(key) ?? 0, now: n });
    for (const [key, n] of was) if (!now.has(key)) drift.push({ key, was: n, now: 0 });
    if (drift.length > 0) this.counts = fresh;
    return drift;
  }

  /** Puts a read-model row in, unless an equal or newer version is already in; says which. */
  put(doc: Record<string, unknown>): boolean {
    const { row, version } = toRow(doc);
    const held = this.entries.get(row.id);
    if (held && held.version >= version) return false;
    if (held) this.index(held, 'delete');
    const readers = this.numbers(readersOf(row));
    const review = reviewOf(doc, row.status);
    const entry: Entry = {
      id: row.id,
      row,
      version,
      day: dayNumber(row.deadline),
      status: row.status,
      open: isOpen(row.status),
      documentId: row.documentId,
      controllerId: row.controllerId,
      controller: this.personNumber(row.controllerId),
      overdue: row.overdue === true,
      extensionPending: row.extensionPending === true,
      inspectionOpen: row.inspectionOpen === true,
      // Named one by one, not spread: an entry made by a spread was slower to walk (2×).
      returned: review.returned,
      public: row.public === true,
      reviewerId: review.reviewerId,
      reviewer: review.reviewerId === null ? 0 : this.personNumber(review.reviewerId),
      executors: this.numbers(executorsOf(row)),
      unacknowledged: this.numbers(unacknowledgedOf(row)),
      reader0: readers[0] ?? 0,
      reader1: readers[1] ?? 0,
      reader2: readers[2] ?? 0,
      moreReaders: readers.length > 3 ? readers.slice(3) : null,
      facts: ratingFacts(doc),
    };
    this.index(entry, 'add');
    return true;
  }

  drop(id: string): void {
    const held = this.entries.get(id);
    if (held) this.index(held, 'delete');
  }

  /** One page, in deadline order (soonest first unless `sort` says), and how many match. */
  list(filter: AssignmentFilter, page: { page: number; limit: number }, sort: Sort = 'deadline') {
    const from = (page.page - 1) * page.limit;
    const { rows, total } = this.select(this.plan(filter), from + page.limit, sort);
    return { items: rows.slice(from).map((e) => e.row), total };
  }

  /** How many match. */
  count(filter: AssignmentFilter): number {
    return this.select(this.plan(filter), 0, 'deadline').total;
  }

  /**
   * Every match, in order: the rows as they are now (a row put in later is a new object), so
   * they can be written out while the view changes.
   */
  all(filter: AssignmentFilter, sort: Sort = 'deadline'): AssignmentListRow[] {
    return this.select(this.plan(filter), Infinity, sort).rows.map((e) => e.row);
  }

  /** How many match, by status and by the flags a dashboard shows. */
  facets(filter: AssignmentFilter) {
    const plan = this.plan(filter);
    const flags = { overdue: 0, extensionPending: 0, inspectionOpen: 0 };
    const byStatus = new Map<string, number>();
    if (plan.conditions === 0 && plan.end === this.size) {
      // Everything: the postings are the counts.
      for (const s of ASSIGNMENT_STATUSES) byStatus.set(s, this.byStatus.get(s).size);
      for (const f of FLAGS) flags[f] = this.byFlag.get(f).size;
      return { total: this.size, byStatus: Object.fromEntries(byStatus), ...flags };
    }
    let total = 0;
    this.walk(plan, (e) => {
      total += 1;
      byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
      for (const f of FLAGS) if (e[f]) flags[f] += 1;
    });
    return { total, byStatus: Object.fromEntries(byStatus), ...flags };
  }

  private index(e: Entry, op: 'add' | 'delete'): void {
    if (op === 'add') this.entries.set(e.id, e);
    else this.entries.delete(e.id);
    this.order[op](e);
    this.byStatus[op](e.status, e);
    this.byDocument[op](e.documentId, e);
    for (const org of new Set(executorsOf(e.row))) this.byExecutor[op](org, e);
    for (const org of new Set(readersOf(e.row))) this.byReader[op](org, e);
    for (const flag of INDEXED_FLAGS) if (e[flag]) this.byFlag[op](flag, e);
    this.byController[op](e.controllerId, e);
    if (e.reviewerId !== null) this.byReviewer[op](e.reviewerId, e);
    for (const org of new Set(unacknowledgedOf(e.row))) this.byUnacknowledged[op](org, e);
    const words = new Set([...wordsOf(e.row.clause), ...wordsOf(e.row.text)]);
    for (const word of words) this.byWord[op](word, e);
    this.counts.add(e.row, e.facts, op === 'add' ? 1 : -1);
  }

  /** The numbers of these organizations, each once; an organization first seen gets one. */
  private numbers(orgs: string[]): number[] {
    const out = new Set<number>();
    for (const org of orgs) {
      let n = this.orgNumbers.get(org);
      if (n === undefined) this.orgNumbers.set(org, (n = this.orgNumbers.size + 1));
      out.add(n);
    }
    return [...out];
  }

  /** A person's number, from 1; a person first seen gets one. */
  private personNumber(id: string): number {
    let n = this.personNumbers.get(id);
    if (n === undefined) this.personNumbers.set(id, (n = this.personNumbers.size + 1));
    return n;
  }

  /**
   * The first `wanted` matches in deadline order (`-deadline`: from the latest), and how many
   * match in all. A walk along the deadline order stops once the page is full when the count
   * needs no walk.
   */
  private select(plan: Plan, wanted: number, sort: Sort): { rows: Entry[]; total: number } {
    const { test, sources, end } = plan;
    const latestFirst = sort === '-deadline';
    const order = this.order.items();
    if (plan.conditions === 0) {
      const rows = latestFirst
        ? order.slice(Math.max(end - wanted, 0), end).reverse()
        : this.order.head(Math.min(wanted, end));
      return { rows, total: end };
    }
    const best = smallestOf(sources);
    if (best && (wanted === 0 ? best.size < end : best.size * 8 < end)) {
      // Few enough to sort (a count sorts nothing): cheaper than walking the order.
      const matched = [...best.rows()].filter((e) => test.inOrder(e) && test.passes(e));
      if (wanted > 0) matched.sort(latestFirst ? (a, b) => byDeadline(b, a) : byDeadline);
      return { rows: matched.slice(0, wanted), total: matched.length };
    }
    // A walk along the rows before `end`, from its start or (latest first) from its end. The
    // place is stepped in the loop: a function called per row made such walks several times slower.
    const first = latestFirst ? end - 1 : 0;
    const step = latestFirst ? -1 : 1;
    const rows: Entry[] = [];
    const [only] = sources;
    // When the count needs no walk of the order (one condition counted by its posting, or the
    // rows of the most selective one, fewer than the order's), the walk stops at a full page.
    const counted =
      plan.conditions === 1 && only?.exact && end === order.length
        ? only.size
        : best && best.size < end
          ? countIn(best, test)
          : undefined;
    if (counted !== undefined) {
      for (let i = 0, k = first; i < end && rows.length < wanted; i++, k += step)
        if (test.passes(order[k]!)) rows.push(order[k]!);
      return { rows, total: counted };
    }
    let total = 0;
    for (let i = 0, k = first; i < end; i++, k += step) {
      const e = order[k]!;
      if (!test.passes(e)) continue;
      total += 1;
      if (rows.length < wanted) rows.push(e);
    }
    return { rows, total };
  }

  /** Calls `visit` for every match, walking the rows of the most selective condition. */
  private walk(plan: Plan, visit: (e: Entry) => void): void {
    const { test } = plan;
    const best = smallestOf(plan.sources);
    if (best && best.size < plan.end) {
      for (const e of best.rows()) if (test.inOrder(e) && test.passes(e)) visit(e);
      return;
    }
    const order = this.order.items();
    for (let i = 0; i < plan.end; i++) if (test.passes(order[i]!)) visit(order[i]!);
  }

  private plan(f: AssignmentFilter): Plan {
    const sources: Source[] = [];
    const exact = (postings: Postings<Entry>, key: string) => {
      const rows = postings.get(key);
      sources.push({ rows: () => rows, size: rows.size, exact: true });
    };
    if (f.status) exact(this.byStatus, f.status);
    if (f.documentId) exact(this.byDocument, f.documentId);
    if (f.orgId) exact(this.byExecutor, f.orgId);
    if (f.leadOrgId) {
      // Its rows are among the organization's executions, lead or co-executor.
      const rows = this.byExecutor.get(f.leadOrgId);
      sources.push({ rows: () => rows, size: rows.size, exact: false });
    }
    for (const flag of INDEXED_FLAGS) if (f[flag] === true) exact(this.byFlag, flag);
    if (f.open !== undefined) sources.push(this.disjoint(this.byStatus, f.open ? OPEN : ENDED));
    if (f.controller?.is) exact(this.byController, f.controller.id);
    if (f.reviewer?.is) exact(this.byReviewer, f.reviewer.id);
    const org = f.orgId === undefined ? 0 : (this.orgNumbers.get(f.orgId) ?? -1);
    // A mark per organization number: a subtree of hundreds costs what one does.
    const marks = (orgs: readonly string[]) => {
      const marked = new Uint8Array(this.orgNumbers.size + 1);
      for (const o of orgs) {
        const n = this.orgNumbers.get(o);
        if (n !== undefined) marked[n] = 1;
      }
      return marked;
    };
    const marked = f.scope ? marks(f.scope) : null;
    if (f.scope) {
      const scope = new Set(f.scope);
      if (scope.size === 1) exact(this.byReader, [...scope][0]!);
      else sources.push(this.union(this.byReader, scope, false));
    }
    const acknowledging = f.acknowledged ? marks(f.acknowledged.by) : null;
    if (f.acknowledged) {
      const { by, done } = f.acknowledged;
      // Not yet: the rows awaiting one of them. Done: among the rows they execute.
      const rows = this.union(done ? this.byExecutor : this.byUnacknowledged, new Set(by), false);
      sources.push(done ? { ...rows, exact: false } : rows);
    }
    // Each word's rows, gathered at once: a word's test is then a lookup.
    const words = f.q === undefined ? [] : wordsOf(f.q);
    const worded = words.map((w) => this.union(this.byWord, this.byWord.keysStartingWith(w), true));
    sources.push(...worded);
    const found = worded.map((s) => s.rows() as ReadonlySet<Entry>);
    // A query of no letters or digits finds nothing.
    if (f.q !== undefined && words.length === 0) {
      sources.push({ rows: () => [], size: 0, exact: true });
      found.push(new Set());
    }
    const last = f.dueBefore ? dayNumber(f.dueBefore) : Infinity;
    const test = new RowTest({
      status: f.status ?? null,
      documentId: f.documentId ?? null,
      org,
      leadOrgId: f.leadOrgId ?? null,
      overdue: f.overdue ?? null,
      extensionPending: f.extensionPending ?? null,
      inspectionOpen: f.inspectionOpen ?? null,
      returned: f.returned ?? null,
      public: f.public ?? null,
      open: f.open ?? null,
      controller: f.controller ? this.byNumber(f.controller) : null,
      reviewer: f.reviewer ? this.byNumber(f.reviewer) : null,
      acknowledging,
      acknowledged: f.acknowledged?.done ?? null,
      marked,
      found,
      last,
    });
    const conditions =
      CONDITIONS.filter((c) => f[c] !== undefined).length +
      (f.q === undefined ? 0 : Math.max(words.length, 1));
    const end = f.dueBefore ? this.order.countWhile((e) => test.inOrder(e)) : this.order.size;
    return { test, conditions, sources, end };
  }

  private byNumber({ id, is }: PersonTest): NumberTest {
    return { n: this.personNumbers.get(id) ?? -1, is };
  }

  /** The rows under any of these keys, which no row is under twice: counted, not gathered. */
  private disjoint(postings: Postings<Entry>, keys: readonly string[]): Source {
    const sets = keys.map((k) => postings.get(k));
    return {
      rows: function* () {
        for (const set of sets) yield* set;
      },
      size: sets.reduce((n, s) => n + s.size, 0),
      exact: true,
    };
  }

  /** The rows under any of these keys, each once, gathered now or when first walked. */
  private union(postings: Postings<Entry>, keys: Iterable<string>, now: boolean): Source {
    const sets = [...keys].map((k) => postings.get(k));
    if (sets.length === 1) return { rows: () => sets[0]!, size: sets[0]!.size, exact: true };
    let all: ReadonlySet<Entry> | undefined;
    const rows = () => (all ??= new Set(sets.flatMap((s) => [...s])));
    // Not gathered, the size counts a row under two keys twice.
    if (now) return { rows, size: rows().size, exact: true };
    return { rows, size: sets.reduce((n, s) => n + s.size, 0), exact: false };
  }
}

/** A count that differed from a recount: `org|field`, `org|YYYY-MM|field` or `org|YYYY-MM|rating|field`. */
export type Drift = { key: string; was: number; now: number };

/** The filter's conditions besides the deadline bound and the words. */
const CONDITIONS = [
  'status',
  'documentId',
  'orgId',
  'leadOrgId',
  'overdue',
  'extensionPending',
  'inspectionOpen',
  'returned',
  'public',
  'open',
  'controller',
  'reviewer',
  'acknowledged',
  'scope',
] as const satisfies readonly (keyof AssignmentFilter)[];

/** How many of a source's rows match. */
function countIn(source: Source, test: RowTest): number {
  let n = 0;
  for (const e of source.rows()) if (test.inOrder(e) && test.passes(e)) n += 1;
  return n;
}

function smallestOf(sources: Source[]): Source | undefined {
  let best: Source | undefined;
  for (const s of sources) if (best === undefined || s.size < best.size) best = s;
  return best;
}

const executorsOf = (row: AssignmentListRow) => [row.leadOrgId, ...row.coOrgIds];
const readersOf = (row: AssignmentListRow) => [...executorsOf(row), ...row.watcherOrgIds];
const unacknowledgedOf = (row: AssignmentListRow) =>
  ((row.executions ?? []) as { organizationId: string; acknowledgedAt?: string }[])
    .filter((e) => !e.acknowledgedAt)
    .map((e) => e.organizationId);

/**
 * Who the report under review waits for (the reviewer at its level of the verification
 * chain), and whether the assignment is back in execution because its report was returned:
 * the last report that went to review (lead executors' final and periodic ones; interim
 * reports and co-executors' inputs stay `submitted`) was returned.
 */
function reviewOf(doc: Record<string, unknown>, status: Status) {
  const reports = (doc.reports ?? []) as { status?: string; level?: number }[];
  const chain = (doc.verificationChain ?? []) as string[];
  const reviewed = reports.filter((r) => r.status !== 'submitted');
  const last = reviewed[reviewed.length - 1];
  const waiting = status === 'under_review' && last?.status === 'under_review';
  return {
    reviewerId: waiting ? (chain[last.level ?? 0] ?? null) : null,
    returned: status === 'in_execution' && last?.status === 'returned',
  };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

function toRow(doc: Record<string, unknown>): { row: AssignmentListRow; version: number } {
  const row: Record<string, unknown> = { id: String(doc._id) };
  for (const field of ROW_FIELDS) if (doc[field] !== undefined) row[field] = iso(doc[field]);
  row.coOrgIds ??= [];
  row.watcherOrgIds ??= [];
  const version = Number(row.version ?? 0);
  delete row.version;
  return { row: row as AssignmentListRow, version };
}
