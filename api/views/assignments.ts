import { ASSIGNMENT_STATUSES } from '../../models/assignment';
import {
  byDeadline,
  RowTest,
  type AssignmentListRow,
  type Entry,
  type Status,
} from './assignment-entry';
import { Postings, SortedList } from './postings';
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
  'extensionPending',
  'inspectionOpen',
  'extensionsCount',
  'executions',
  'parentId',
  'period',
  'createdAt',
  'updatedAt',
] as const;

/** The flags a dashboard counts. */
const FLAGS = ['overdue', 'extensionPending', 'inspectionOpen'] as const;

export type AssignmentFilter = {
  /** Organizations the caller reads for; absent for the roles that read all. */
  scope?: readonly string[];
  status?: Status;
  documentId?: string;
  orgId?: string;
  overdue?: boolean;
  dueBefore?: string;
  q?: string;
};

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
 * Rows are kept in deadline order and in postings by status, document, organization, flag
 * and word. A query walks the fewest rows that can match: those of its most selective
 * condition, tested against the others and sorted, or the deadline order from its start —
 * until the page is full, when the count needs no walk. So a broad list costs about its
 * page. Orama, used before, found, sorted and counted every match per request (38 ms a list
 * at 25,238 rows, see docs/performance.md).
 */
export class AssignmentView {
  private entries = new Map<string, Entry>();
  private orgNumbers = new Map<string, number>();
  private order = new SortedList<Entry>(byDeadline);
  private byStatus = new Postings<Entry>();
  private byDocument = new Postings<Entry>();
  private byExecutor = new Postings<Entry>();
  private byReader = new Postings<Entry>();
  private byFlag = new Postings<Entry>();
  private byWord = new Postings<Entry>({ prefixes: true });

  get size(): number {
    return this.entries.size;
  }

  /** Puts a read-model row in, unless an equal or newer version is already in. */
  put(doc: Record<string, unknown>): void {
    const { row, version } = toRow(doc);
    const held = this.entries.get(row.id);
    if (held && held.version >= version) return;
    if (held) this.index(held, 'delete');
    const readers = this.numbers(readersOf(row));
    const entry: Entry = {
      id: row.id,
      row,
      version,
      day: dayNumber(row.deadline),
      status: row.status,
      documentId: row.documentId,
      overdue: row.overdue === true,
      extensionPending: row.extensionPending === true,
      inspectionOpen: row.inspectionOpen === true,
      executors: this.numbers(executorsOf(row)),
      reader0: readers[0] ?? 0,
      reader1: readers[1] ?? 0,
      reader2: readers[2] ?? 0,
      moreReaders: readers.length > 3 ? readers.slice(3) : null,
    };
    this.index(entry, 'add');
  }

  drop(id: string): void {
    const held = this.entries.get(id);
    if (held) this.index(held, 'delete');
  }

  /** One page, soonest deadline first, and how many match in all. */
  list(filter: AssignmentFilter, page: { page: number; limit: number }) {
    const from = (page.page - 1) * page.limit;
    const { rows, total } = this.select(this.plan(filter), from + page.limit);
    return { items: rows.slice(from).map((e) => e.row), total };
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
    for (const flag of FLAGS) if (e[flag]) this.byFlag[op](flag, e);
    const words = new Set([...wordsOf(e.row.clause), ...wordsOf(e.row.text)]);
    for (const word of words) this.byWord[op](word, e);
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

  /**
   * The first `wanted` matches in deadline order, and how many match in all. A walk along
   * the deadline order stops once the page is full when the count needs no walk.
   */
  private select(plan: Plan, wanted: number): { rows: Entry[]; total: number } {
    const { test, sources, end } = plan;
    if (plan.conditions === 0) return { rows: this.order.head(Math.min(wanted, end)), total: end };
    const best = smallestOf(sources);
    if (best && best.size * 8 < end) {
      // Few enough to sort: cheaper than walking the order.
      const matched = [...best.rows()].filter((e) => test.inOrder(e) && test.passes(e));
      return { rows: matched.sort(byDeadline).slice(0, wanted), total: matched.length };
    }
    const order = this.order.items();
    const rows: Entry[] = [];
    const [only] = sources;
    if (plan.conditions === 1 && only?.exact && end === order.length) {
      for (let i = 0; i < end && rows.length < wanted; i++)
        if (test.passes(order[i]!)) rows.push(order[i]!);
      return { rows, total: only.size };
    }
    let total = 0;
    for (let i = 0; i < end; i++) {
      if (!test.passes(order[i]!)) continue;
      total += 1;
      if (rows.length < wanted) rows.push(order[i]!);
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
    if (f.overdue === true) exact(this.byFlag, 'overdue');
    const org = f.orgId === undefined ? 0 : (this.orgNumbers.get(f.orgId) ?? -1);
    // A mark per organization number: a subtree of hundreds costs what one does.
    let marked: Uint8Array | null = null;
    if (f.scope) {
      marked = new Uint8Array(this.orgNumbers.size + 1);
      for (const o of f.scope) {
        const n = this.orgNumbers.get(o);
        if (n !== undefined) marked[n] = 1;
      }
      const scope = new Set(f.scope);
      if (scope.size === 1) exact(this.byReader, [...scope][0]!);
      else sources.push(this.union(this.byReader, scope, false));
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
    const { status, documentId, overdue } = f;
    const test = new RowTest(
      status ?? null,
      documentId ?? null,
      org,
      overdue ?? null,
      marked,
      found,
      last,
    );
    const conditions =
      [status, documentId, f.orgId, overdue, f.scope].filter((c) => c !== undefined).length +
      (f.q === undefined ? 0 : Math.max(words.length, 1));
    const end = f.dueBefore ? this.order.countWhile((e) => test.inOrder(e)) : this.order.size;
    return { test, conditions, sources, end };
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

function smallestOf(sources: Source[]): Source | undefined {
  let best: Source | undefined;
  for (const s of sources) if (best === undefined || s.size < best.size) best = s;
  return best;
}

const executorsOf = (row: AssignmentListRow) => [row.leadOrgId, ...row.coOrgIds];
const readersOf = (row: AssignmentListRow) => [...executorsOf(row), ...row.watcherOrgIds];

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
