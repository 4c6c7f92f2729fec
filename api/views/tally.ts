import {
  addCounts,
  isZero,
  zeroCounts,
  type RatingCounts,
  type RatingFact,
} from '../../lib/rating';
import type { AssignmentListRow, Status } from './assignment-entry';

/** One organization's assignments as their lead executor, by what a dashboard shows. */
export interface OrgCounts {
  total: number;
  /** In execution or under review. */
  open: number;
  /** Open and past the deadline now. */
  overdue: number;
  /** Accepted or closed with no overdue day. */
  onTime: number;
  /** Accepted or closed after being overdue. */
  late: number;
  cancelled: number;
}

export interface MonthCounts {
  onTime: number;
  late: number;
}

const OPEN: ReadonlySet<Status> = new Set(['in_execution', 'under_review']);
const DONE: ReadonlySet<Status> = new Set(['accepted', 'closed']);
const zero = (): OrgCounts => ({ total: 0, open: 0, overdue: 0, onTime: 0, late: 0, cancelled: 0 });

/** When the work was done: accepted, or closed without a separate acceptance. */
const doneOn = (row: AssignmentListRow): string | undefined =>
  (row.acceptedAt as string | undefined) ?? (row.closedAt as string | undefined);

/**
 * Counts kept current as rows come and go (each change adds the new row and takes the old
 * away), so a dashboard adds up at most one entry per organization and month, never the rows.
 * Each assignment counts for its lead organization alone: the lead answers for it, and a sum
 * over organizations counts it once.
 */
export class Tally {
  private readonly orgs = new Map<string, OrgCounts>();
  /** Per lead organization and month of completion (`org|YYYY-MM`). */
  private readonly months = new Map<string, MonthCounts>();
  /** Rating counts per organization and month (lib/rating.ts `ratingFacts`). */
  private readonly rated = new Map<string, Map<string, RatingCounts>>();

  add(row: AssignmentListRow, facts: readonly RatingFact[], sign: 1 | -1): void {
    for (const fact of facts) this.addFact(fact, sign);
    const org = row.leadOrgId;
    let c = this.orgs.get(org);
    if (!c) this.orgs.set(org, (c = zero()));
    c.total += sign;
    if (OPEN.has(row.status)) c.open += sign;
    if (OPEN.has(row.status) && row.overdue) c.overdue += sign;
    if (row.status === 'cancelled') c.cancelled += sign;
    const done = doneOn(row);
    if (!DONE.has(row.status) || !done) return;
    const late = Number(row.overdueDays ?? 0) > 0;
    if (late) c.late += sign;
    else c.onTime += sign;
    const key = `${org}|${done.slice(0, 7)}`;
    let m = this.months.get(key);
    if (!m) this.months.set(key, (m = { onTime: 0, late: 0 }));
    m[late ? 'late' : 'onTime'] += sign;
  }

  /** The counts of these organizations (all that lead any when absent), each with its id. */
  organizations(orgs?: Iterable<string>): (OrgCounts & { orgId: string })[] {
    const ids = orgs ?? this.orgs.keys();
    const out: (OrgCounts & { orgId: string })[] = [];
    for (const orgId of ids) {
      const c = this.orgs.get(orgId);
      if (c && c.total > 0) out.push({ orgId, ...c });
    }
    return out;
  }

  /** Done on time and late per month, over these organizations (all when absent). */
  trend(months: string[], orgs?: Iterable<string>): (MonthCounts & { month: string })[] {
    const ids = [...(orgs ?? this.orgs.keys())];
    return months.map((month) => {
      const sum = { month, onTime: 0, late: 0 };
      for (const org of ids) {
        const m = this.months.get(`${org}|${month}`);
        if (m) {
          sum.onTime += m.onTime;
          sum.late += m.late;
        }
      }
      return sum;
    });
  }

  /**
   * Each organization's rating counts over the months `from`–`to` (YYYY-MM, both included),
   * of those in `orgs` (all when absent) that have any not zero: a sum over the months it has counts
   * in, never over assignments.
   */
  ratings(from: string, to: string, orgs?: Iterable<string>): Map<string, RatingCounts> {
    const out = new Map<string, RatingCounts>();
    for (const orgId of orgs ?? this.rated.keys()) {
      const months = this.rated.get(orgId);
      if (!months) continue;
      let sum: RatingCounts | undefined;
      for (const [month, c] of months) {
        if (month < from || month > to) continue;
        addCounts((sum ??= zeroCounts()), c);
      }
      if (sum && !isZero(sum)) out.set(orgId, sum);
    }
    return out;
  }

  /** Every count held, by a key naming it: two tallies of the same rows hold the same. */
  contents(): Map<string, number> {
    const out = new Map<string, number>();
    const put = (key: string, counts: object) => {
      for (const [field, n] of Object.entries(counts))
        if (n !== 0) out.set(`${key}|${field}`, n as number);
    };
    for (const [org, c] of this.orgs) put(org, c);
    for (const [key, m] of this.months) put(key, m);
    for (const [org, months] of this.rated)
      for (const [m, c] of months) put(`${org}|${m}|rating`, c);
    return out;
  }

  /** One rating fact alone (a monthly snapshot needs no more). */
  addFact(fact: RatingFact, sign: 1 | -1): void {
    let months = this.rated.get(fact.orgId);
    if (!months) this.rated.set(fact.orgId, (months = new Map()));
    let c = months.get(fact.month);
    if (!c) months.set(fact.month, (c = zeroCounts()));
    for (const [field, n] of Object.entries(fact.counts))
      c[field as keyof RatingCounts] += sign * n;
  }
}
