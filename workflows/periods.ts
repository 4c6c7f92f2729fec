// Reporting periods of a periodic assignment. Pure date arithmetic on YYYY-MM-DD strings, so
// the workflow, the API and the tests agree on every period's bounds and due date.
import type { Periodicity } from './types';

export interface Period {
  /** `2027-03` (month), `2027-Q1` (quarter) or `2027` (year). */
  key: string;
  start: string;
  end: string;
  /** `dueDay` of the month after the period ends (before moving off a day off). */
  due: string;
}

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;
const pad = (n: number) => String(n).padStart(2, '0');
/** Months since year 0, so periods can be stepped through without Date arithmetic. */
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const firstOf = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
const lastOf = (index: number) => {
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
};

function keyOf(every: Periodicity['every'], startIndex: number): string {
  const year = Math.floor(startIndex / 12);
  if (every === 'year') return String(year);
  if (every === 'quarter') return `${year}-Q${Math.floor((startIndex % 12) / 3) + 1}`;
  return `${year}-${pad((startIndex % 12) + 1)}`;
}

/** The period of this kind that contains `date`. */
export function periodAt(p: Periodicity, date: string): Period {
  const size = MONTHS[p.every];
  const index = monthIndex(date);
  const start = index - (index % size);
  const after = start + size;
  return {
    key: keyOf(p.every, start),
    start: firstOf(start),
    end: lastOf(after - 1),
    due: `${firstOf(after).slice(0, 8)}${pad(p.dueDay)}`,
  };
}

/** The period right after `period`. */
export const nextPeriod = (p: Periodicity, period: Period): Period =>
  periodAt(p, firstOf(monthIndex(period.end) + 1));

/** Every period from the one containing `from` to the one containing `until`. */
export function periodsBetween(p: Periodicity, from: string): Period[] {
  const periods: Period[] = [];
  for (let at = periodAt(p, from); at.start <= p.until; at = nextPeriod(p, at)) periods.push(at);
  return periods;
}
