import { localDate } from '../workflows/timers';
import { RATING_FIELDS } from '../models/vocabulary';
import type { Config } from './config';

/** What a discipline rating counts for one organization over a period (docs/ratings.md). */
export interface RatingCounts {
  /** Assignments it leads whose deadline falls in the period (cancelled ones aside). */
  due: number;
  /** Of those, accepted or closed with no overdue day. */
  onTime: number;
  /** Of those, accepted or closed after being overdue. */
  late: number;
  /** Of those, still open and overdue now. */
  overdue: number;
  /** Working days overdue, summed over those assignments. */
  overdueDays: number;
  /** Its reports returned by a reviewer in the period. */
  returns: number;
  /** Its deadline extensions approved in the period. */
  extensions: number;
  /** Violations found in it by on-site inspections in the period. */
  violations: number;
}

export { RATING_FIELDS };
// Every figure is a count the rating keeps.
RATING_FIELDS satisfies readonly (keyof RatingCounts)[];

export const zeroCounts = (): RatingCounts => ({
  due: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  overdueDays: 0,
  returns: 0,
  extensions: 0,
  violations: 0,
});

export function addCounts(into: RatingCounts, from: RatingCounts, sign: 1 | -1 = 1): void {
  for (const f of RATING_FIELDS) into[f] += sign * from[f];
}

export const isZero = (c: RatingCounts): boolean => RATING_FIELDS.every((f) => c[f] === 0);

/** The configurable part of the score (RATING_* in lib/config.ts). */
export interface RatingFormula {
  /** What an assignment done late earns, against 1 for one done on time. */
  lateCredit: number;
  /** Points taken per overdue day, return, extension and violation, per assignment due. */
  penalties: { overdueDay: number; return: number; extension: number; violation: number };
  /** The lowest score of the green and of the yellow band. */
  bands: { green: number; yellow: number };
}

export const DEFAULT_FORMULA: RatingFormula = {
  lateCredit: 0.5,
  penalties: { overdueDay: 1, return: 5, extension: 2, violation: 10 },
  bands: { green: 85, yellow: 60 },
};

/** The formula as configured. */
export const formulaOf = (
  c: Pick<Config, 'RATING_LATE_CREDIT' | 'RATING_PENALTIES' | 'RATING_BANDS'>,
): RatingFormula => ({
  lateCredit: c.RATING_LATE_CREDIT,
  penalties: c.RATING_PENALTIES,
  bands: c.RATING_BANDS,
});

export type Band = 'green' | 'yellow' | 'red';

/**
 * The score, 0–100 with one decimal, or null when there is nothing to judge (no assignment
 * done or overdue, no return, extension or violation). Work not yet due counts for nothing
 * either way.
 */
export function score(c: RatingCounts, f: RatingFormula): number | null {
  const judged = c.onTime + c.late + c.overdue;
  const events = c.overdueDays + c.returns + c.extensions + c.violations;
  if (judged === 0 && events === 0) return null;
  const base = judged === 0 ? 100 : (100 * (c.onTime + f.lateCredit * c.late)) / judged;
  const p = f.penalties;
  const penalty =
    (p.overdueDay * c.overdueDays +
      p.return * c.returns +
      p.extension * c.extensions +
      p.violation * c.violations) /
    Math.max(c.due, 1);
  return Math.round(Math.min(100, Math.max(0, base - penalty)) * 10) / 10;
}

export function band(s: number | null, f: RatingFormula): Band | null {
  if (s === null) return null;
  return s >= f.bands.green ? 'green' : s >= f.bands.yellow ? 'yellow' : 'red';
}

/** One count an assignment adds to an organization's month. */
export interface RatingFact {
  orgId: string;
  /** YYYY-MM, local time. */
  month: string;
  counts: Partial<RatingCounts>;
}

type Doc = Record<string, unknown>;
const DONE = new Set(['accepted', 'closed']);
const monthOf = (at: unknown) =>
  typeof at === 'string' || at instanceof Date
    ? localDate(new Date(at).getTime()).slice(0, 7)
    : undefined;

/**
 * What one assignment (a read-model row with its reports, extension requests and
 * violations) adds to ratings: to its lead in the month of its deadline (or of its
 * completion, when that was earlier), and to the
 * organization a return, an approved extension or a violation concerns in its month.
 */
export function ratingFacts(doc: Doc): RatingFact[] {
  const facts: RatingFact[] = [];
  const status = doc.status as string;
  if (status !== 'cancelled') {
    const days = Number(doc.overdueDays ?? 0);
    const doneIn = DONE.has(status) ? monthOf(doc.acceptedAt ?? doc.closedAt) : undefined;
    const dueIn = String(doc.deadline).slice(0, 7);
    const counts: Partial<RatingCounts> = { due: 1, overdueDays: days };
    if (doneIn) counts[days > 0 ? 'late' : 'onTime'] = 1;
    else if (doc.overdue === true) counts.overdue = 1;
    // Work done before its deadline's month is credited when it was done.
    const month = doneIn && doneIn < dueIn ? doneIn : dueIn;
    facts.push({ orgId: String(doc.leadOrgId), month, counts });
  }
  const event = (orgId: unknown, at: unknown, field: keyof RatingCounts) => {
    const month = monthOf(at);
    if (typeof orgId === 'string' && month) facts.push({ orgId, month, counts: { [field]: 1 } });
  };
  for (const r of (doc.reports ?? []) as { organizationId?: string; reviews?: Doc[] }[])
    for (const v of r.reviews ?? [])
      if (v.decision === 'return') event(r.organizationId, v.at, 'returns');
  for (const x of (doc.extensionRequests ?? []) as Doc[])
    if (x.status === 'approved') event(x.organizationId, x.decidedAt, 'extensions');
  for (const v of (doc.violations ?? []) as Doc[]) event(v.organizationId, v.at, 'violations');
  return facts;
}

/**
 * The read-model fields `ratingFacts` reads besides a list row's (whole sub-documents: the
 * embedded store projects one level into arrays, not two).
 */
export const RATING_DOC_FIELDS = [
  'reports.organizationId',
  'reports.reviews',
  'extensionRequests',
  'violations',
] as const;

/** Every read-model field `ratingFacts` reads. */
export const RATING_FIELDS_READ = [
  'leadOrgId',
  'deadline',
  'status',
  'overdue',
  'overdueDays',
  'acceptedAt',
  'closedAt',
  ...RATING_DOC_FIELDS,
] as const;
