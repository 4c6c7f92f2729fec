// The business calendar of Uzbekistan, for deadlines. Pure and deterministic: it runs inside
// Temporal workflow code, so it imports nothing, reads no clock and does no I/O. Dates are
// `YYYY-MM-DD` strings; arithmetic is done on UTC midnights, where every day is 24 hours
// (no time zone or daylight-saving shift can move a date).

/** Plain data, so it can be passed to a workflow and stored in its history. */
export interface CalendarData {
  /** 5: Saturday and Sunday are days off; 6: only Sunday. */
  weekDays: 5 | 6;
  /** Non-working dates besides the weekend: the fixed holidays, Ramazon and Qurbon hayit, transferred days off. */
  holidays: string[];
  /** Transferred working days: a weekend date declared working. */
  workdays: string[];
  /** Where a deadline on a non-working day moves: to the working day before it, or after it. */
  shift: 'previous' | 'next';
}

/**
 * The fixed public holidays (non-working days) of the Labour Code, as `MM-DD`. The movable
 * ones (Ramazon hayit, Qurbon hayit follow the lunar calendar) and the days the government
 * transfers each year are entered by an admin.
 */
export const FIXED_HOLIDAYS = [
  { day: '01-01', name: 'Yangi yil' },
  { day: '03-08', name: 'Xalqaro xotin-qizlar kuni' },
  { day: '03-21', name: 'Navro‘z bayrami' },
  { day: '05-09', name: 'Xotira va qadrlash kuni' },
  { day: '09-01', name: 'Mustaqillik kuni' },
  { day: '10-01', name: 'O‘qituvchi va murabbiylar kuni' },
  { day: '12-08', name: 'O‘zbekiston Respublikasi Konstitutsiyasi kuni' },
] as const;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIXED_DAYS: readonly string[] = FIXED_HOLIDAYS.map((h) => h.day);

/** Milliseconds of the date's UTC midnight; a malformed or non-existent date is a RangeError. */
function toMs(date: string): number {
  const m = ISO_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2023-02-29 over to March 1st; formatting it back catches that.
  if (Number.isNaN(ms) || fromMs(ms) !== date) throw new RangeError(`Not a date: ${date}`);
  return ms;
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The fixed holidays of one year, `YYYY-MM-DD`, in date order. */
export function fixedHolidays(year: number): string[] {
  const y = String(year).padStart(4, '0');
  return FIXED_DAYS.map((day) => `${y}-${day}`);
}

/** A 5-day week with only the fixed holidays of these years; deadlines move to the day before. */
export function defaultCalendar(years: number[]): CalendarData {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  return { weekDays: 5, holidays: sorted.flatMap(fixedHolidays), workdays: [], shift: 'previous' };
}

/** The day of the week: 0 Sunday, 1 Monday, …, 6 Saturday (as `Date#getUTCDay`). */
export function weekday(date: string): number {
  return new Date(toMs(date)).getUTCDay();
}

/** The date `n` calendar days later (earlier when `n` is negative). */
export function addDays(date: string, n: number): string {
  return fromMs(toMs(date) + n * DAY_MS);
}

/**
 * A predicate built once per call, so a long walk over the calendar costs one Set lookup a day.
 * A holiday wins over everything: the fixed holidays are non-working in every year, also in
 * years the calendar's lists do not cover, so a deadline that crosses New Year still skips it.
 * Then a transferred working day wins over the weekend.
 */
function workingTest(cal: CalendarData): (date: string) => boolean {
  const holidays = new Set(cal.holidays);
  const workdays = new Set(cal.workdays);
  return (date) => {
    if (holidays.has(date) || FIXED_DAYS.includes(date.slice(5))) return false;
    if (workdays.has(date)) return true;
    const day = weekday(date);
    return day !== 0 && (cal.weekDays === 6 || day !== 6);
  };
}

/** The next working day walking in `step` (+1 or -1) from `date`, the date itself included. */
function seek(date: string, step: 1 | -1, working: (d: string) => boolean): string {
  // Ends: the holidays are finite, and the week has at least five working days.
  let d = date;
  while (!working(d)) d = addDays(d, step);
  return d;
}

/** Whether people work on that date. */
export function isWorkingDay(date: string, cal: CalendarData): boolean {
  toMs(date); // a holiday lookup alone would not notice a malformed date
  return workingTest(cal)(date);
}

/**
 * The deadline as it applies: the date itself when it is a working day; otherwise the nearest
 * working day before it (`shift: 'previous'`) or after it (`shift: 'next'`).
 */
export function adjustDeadline(date: string, cal: CalendarData): string {
  toMs(date); // likewise
  return seek(date, cal.shift === 'next' ? 1 : -1, workingTest(cal));
}

/**
 * The `n`-th working day after `date` (`n` > 0) or before it (`n` < 0); `date` itself is never
 * counted, working or not: from Friday, +1 is Monday and from Saturday, -1 is Friday.
 * `n` = 0 is `adjustDeadline(date)`: the date itself if working, else moved by `shift`.
 * For `n` > 0, `workingDaysBetween(date, result)` is `n`; for `n` < 0 it is `n` too when
 * `date` is a working day.
 */
export function addWorkingDays(date: string, n: number, cal: CalendarData): string {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  if (n === 0) return adjustDeadline(date, cal);
  const working = workingTest(cal);
  const step = n > 0 ? 1 : -1;
  let d = date;
  for (let left = Math.abs(n); left > 0; left--) d = seek(addDays(d, step), step, working);
  return d;
}

/**
 * The working days after `from` up to and including `to`. When `to` is before `from` the count
 * is negative: minus the working days after `to` up to and including `from`, so
 * `workingDaysBetween(a, b) === -workingDaysBetween(b, a)`; equal dates give 0. With `from` =
 * today and `to` = the deadline it is the working days left, and negative when overdue.
 */
export function workingDaysBetween(from: string, to: string, cal: CalendarData): number {
  const start = toMs(from);
  const end = toMs(to);
  // `0 -` rather than `-`: an empty count backwards is 0, not -0.
  if (end < start) return 0 - workingDaysBetween(to, from, cal);
  const working = workingTest(cal);
  let count = 0;
  for (let ms = start + DAY_MS; ms <= end; ms += DAY_MS) if (working(fromMs(ms))) count++;
  return count;
}
