import { zeroCounts, type RatingCounts } from '../../lib/rating';
import { localDate } from '../../workflows/timers';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The reference the kept counts are held to: each organization's rating counts over the
 * months `from`–`to`, read straight off stored assignments as docs/ratings.md says them.
 */
export function bruteRatings(docs: Doc[], from: string, to: string): Map<string, RatingCounts> {
  const out = new Map<string, RatingCounts>();
  const of = (org: string) => {
    if (!out.has(org)) out.set(org, zeroCounts());
    return out.get(org)!;
  };
  const month = (at: string | Date) => localDate(new Date(at).getTime()).slice(0, 7);
  const inPeriod = (m: string) => from <= m && m <= to;
  for (const a of docs) {
    if (a.status !== 'cancelled') {
      const doneAt = ['accepted', 'closed'].includes(a.status) && (a.acceptedAt ?? a.closedAt);
      const due = String(a.deadline).slice(0, 7);
      const reckoned = doneAt && month(doneAt) < due ? month(doneAt) : due;
      if (inPeriod(reckoned)) {
        const c = of(a.leadOrgId);
        c.due += 1;
        c.overdueDays += a.overdueDays ?? 0;
        if (doneAt && (a.overdueDays ?? 0) > 0) c.late += 1;
        else if (doneAt) c.onTime += 1;
        else if (a.overdue) c.overdue += 1;
      }
    }
    for (const r of a.reports ?? [])
      for (const v of r.reviews ?? [])
        if (v.decision === 'return' && inPeriod(month(v.at))) of(r.organizationId).returns += 1;
    for (const x of a.extensionRequests ?? [])
      if (x.status === 'approved' && inPeriod(month(x.decidedAt)))
        of(x.organizationId).extensions += 1;
    for (const v of a.violations ?? [])
      if (inPeriod(month(v.at))) of(v.organizationId).violations += 1;
  }
  for (const [org, c] of out) if (Object.values(c).every((n) => n === 0)) out.delete(org);
  return out;
}
