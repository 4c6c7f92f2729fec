import {
  addCounts,
  band,
  isZero,
  score,
  zeroCounts,
  type Band,
  type RatingCounts,
  type RatingFormula,
  RATING_FIELDS,
} from '../lib/rating';
import { trusted } from 'mongoose';
import { RatingSnapshot } from '../models/rating-snapshot';
import type { OrgCounts } from './views/tally';
import type { ReadViews } from './views';

/** One organization's rating for the period: the counts, the score and its band. */
export interface Rating extends RatingCounts {
  score: number | null;
  band: Band | null;
}

/**
 * One organization's line of the rating table (docs/ratings.md): its assignments as lead by
 * state, all time (the dashboard's counts), and its rating for the period.
 */
export interface RatingRow extends OrgCounts {
  orgId: string;
  name: string;
  parentId: string | null;
  hasChildren: boolean;
  rating: Rating;
}

export interface RatingQuery {
  /** The organizations to list (the caller's reach); every one with figures when absent. */
  orgs?: readonly string[];
  /** Months, YYYY-MM, both included. */
  from: string;
  to: string;
  /** Each organization with everything below it. */
  subtree: boolean;
  locale: string;
  formula: RatingFormula;
}

const zeroAll = (): OrgCounts => ({
  total: 0,
  open: 0,
  overdue: 0,
  onTime: 0,
  late: 0,
  cancelled: 0,
});

/**
 * The rating table from the counts the read views keep: one sum per organization and month
 * it has figures in, and with `subtree` each organization's figures added to its ancestors'.
 */
export function ratingRows(views: ReadViews, q: RatingQuery): RatingRow[] {
  const tally = views.assignments.tally;
  const tree = views.orgs;
  const ratings = tally.ratings(q.from, q.to);
  const all = new Map(tally.organizations().map(({ orgId, ...c }) => [orgId, c]));
  const listed = q.orgs ? new Set(q.orgs) : undefined;
  const rows = new Map<string, { counts: RatingCounts; all: OrgCounts }>();
  const line = (orgId: string) => {
    let r = rows.get(orgId);
    if (!r) rows.set(orgId, (r = { counts: zeroCounts(), all: zeroAll() }));
    return r;
  };
  const credit = (orgId: string, counts?: RatingCounts, allTime?: OrgCounts) => {
    const targets = q.subtree ? [orgId, ...tree.ancestorsOf(orgId)] : [orgId];
    for (const t of targets) {
      if (listed && !listed.has(t)) continue;
      const r = line(t);
      if (counts) addCounts(r.counts, counts);
      if (allTime)
        for (const k of Object.keys(allTime) as (keyof OrgCounts)[]) r.all[k] += allTime[k];
    }
  };
  for (const [orgId, c] of ratings) credit(orgId, c);
  for (const [orgId, c] of all) credit(orgId, undefined, c);
  const out: RatingRow[] = [];
  for (const [orgId, r] of rows) {
    if (isZero(r.counts) && r.all.total === 0) continue;
    const s = score(r.counts, q.formula);
    out.push({
      orgId,
      name: tree.nameOf(orgId, q.locale) ?? orgId,
      parentId: tree.parentOf(orgId),
      hasChildren: tree.hasChildren(orgId),
      ...r.all,
      rating: { ...r.counts, score: s, band: band(s, q.formula) },
    });
  }
  return out;
}

/** All-time counts, then the period's rating figures. */
export const RATING_SORTS = [
  'overdue',
  'late',
  'open',
  'total',
  'score',
  'due',
  'overdueDays',
  'returns',
  'extensions',
  'violations',
  'name',
] as const;
export type RatingSort = (typeof RATING_SORTS)[number];

const ALL_TIME: ReadonlySet<string> = new Set(['overdue', 'late', 'open', 'total']);

const figure = (r: RatingRow, sort: Exclude<RatingSort, 'name'>): number | null =>
  ALL_TIME.has(sort)
    ? r[sort as keyof OrgCounts]
    : (r.rating[sort as keyof Rating] as number | null);

/**
 * In place: by the field, `asc` or `desc`; organizations with no score after those with one
 * either way, and the name between equals, so pages never overlap.
 */
export function sortRatings(rows: RatingRow[], sort: RatingSort, dir: 'asc' | 'desc'): void {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: RatingRow, b: RatingRow) =>
    a.name.localeCompare(b.name) || (a.orgId < b.orgId ? -1 : 1);
  rows.sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    const x = figure(a, sort);
    const y = figure(b, sort);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  });
}

/**
 * These organizations' rating, summed, per month: from the month's snapshots where the month
 * has been snapshotted (as it stood when it ended), else as the counts stand now.
 */
export async function ratingTrend(
  views: ReadViews,
  orgs: readonly string[],
  months: readonly string[],
  formula: RatingFormula,
): Promise<(Rating & { month: string; snapshot: boolean })[]> {
  const taken = new Set<string>(
    await RatingSnapshot.distinct('month', { month: trusted({ $in: months }) }),
  );
  const sums = new Map<string, RatingCounts>([...taken].map((m) => [m, zeroCounts()]));
  if (taken.size > 0) {
    const projection = Object.fromEntries(['month', ...RATING_FIELDS].map((f) => [f, 1]));
    const filter = { month: trusted({ $in: [...taken] }), orgId: trusted({ $in: orgs }) };
    const rows = RatingSnapshot.find(filter, projection).lean<
      (RatingCounts & { month: string })[]
    >();
    for await (const s of rows.cursor()) addCounts(sums.get(s.month)!, s);
  }
  const tally = views.assignments.tally;
  return months.map((month) => {
    const snapshot = taken.has(month);
    const counts = snapshot ? sums.get(month)! : zeroCounts();
    if (!snapshot) for (const c of tally.ratings(month, month, orgs).values()) addCounts(counts, c);
    const s = score(counts, formula);
    return { month, snapshot, ...counts, score: s, band: band(s, formula) };
  });
}

/** The months that end with this one, oldest first (YYYY-MM). */
export function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}
