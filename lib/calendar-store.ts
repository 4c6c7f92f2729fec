import { Calendar } from '../models/calendar';
import { findByIds } from './mongo';
import {
  FIXED_HOLIDAYS,
  defaultCalendar,
  workingDaysBetween,
  type CalendarData,
} from '../workflows/calendar';

export interface DatedDay {
  date: string;
  name: string;
}

/** One year's settings as an admin sets them (PUT /calendar/:year). */
export interface CalendarYear {
  weekDays: 5 | 6;
  shift: 'previous' | 'next';
  holidays: DatedDay[];
  workdays: DatedDay[];
}

type StoredYear = CalendarYear & { year: number };

/** The API shape of one year: every holiday (fixed and movable) and its count of working days. */
export interface YearView {
  year: number;
  weekDays: 5 | 6;
  shift: 'previous' | 'next';
  holidays: (DatedDay & { fixed: boolean })[];
  workdays: DatedDay[];
  workingDays: number;
}

const byDate = (a: { date: string }, b: { date: string }) => a.date.localeCompare(b.date);
const days = (list: DatedDay[]): DatedDay[] =>
  list.map(({ date, name }) => ({ date, name })).sort(byDate);

/** The stored settings of these years, in the order asked, leaving out years with no row. */
async function storedYears(years: number[]): Promise<StoredYear[]> {
  const rows = await findByIds(Calendar, years);
  const byYear = new Map(rows.map((r) => [r._id, r]));
  return years.flatMap((year) => {
    const r = byYear.get(year);
    if (!r) return [];
    return [
      {
        year,
        weekDays: r.weekDays === 6 ? 6 : 5,
        shift: r.shift === 'next' ? 'next' : 'previous',
        holidays: days(r.holidays),
        workdays: days(r.workdays),
      } as const,
    ];
  });
}

/** One year's stored settings, or null when it has none (it is the default calendar). */
export async function storedYear(year: number): Promise<CalendarYear | null> {
  const [row] = await storedYears([year]);
  if (!row) return null;
  const { weekDays, shift, holidays, workdays } = row;
  return { weekDays, shift, holidays, workdays };
}

/** Replaces one year's settings. */
export async function saveYear(year: number, settings: CalendarYear): Promise<CalendarYear> {
  await Calendar.findOneAndUpdate(
    { _id: year },
    { $set: { ...settings, holidays: days(settings.holidays), workdays: days(settings.workdays) } },
    { upsert: true, runValidators: true },
  );
  return (await storedYear(year)) as CalendarYear;
}

/** The fixed holidays of every year plus what is stored; week and shift from the first stored. */
function merge(years: number[], stored: StoredYear[]): CalendarData {
  const base = defaultCalendar(years);
  const first = stored[0];
  const movable = stored.flatMap((s) => s.holidays.map((h) => h.date));
  const workdays = stored.flatMap((s) => s.workdays.map((w) => w.date));
  return {
    weekDays: first?.weekDays ?? base.weekDays,
    shift: first?.shift ?? base.shift,
    holidays: [...new Set([...base.holidays, ...movable])].sort(),
    workdays: [...new Set(workdays)].sort(),
  };
}

/**
 * The calendar of these years, for deadline arithmetic (workflows/calendar.ts): the fixed
 * holidays of every year plus what is stored. The week and the shift come from the first of
 * the years, in the order given, that has a stored row (years rarely disagree, and one
 * calendar has one week); with none stored, the defaults (5-day week, shift to the day before).
 */
export async function calendarFor(years: number[]): Promise<CalendarData> {
  const unique = [...new Set(years)];
  return merge(unique, await storedYears(unique));
}

/** One year as the API answers it. */
export async function yearView(year: number): Promise<YearView> {
  const stored = await storedYears([year]);
  const cal = merge([year], stored);
  const fixed = FIXED_HOLIDAYS.map((h) => ({
    date: `${year}-${h.day}`,
    name: h.name,
    fixed: true,
  }));
  const movable = (stored[0]?.holidays ?? []).map((h) => ({ ...h, fixed: false }));
  return {
    year,
    weekDays: cal.weekDays,
    shift: cal.shift,
    holidays: [...fixed, ...movable].sort(byDate),
    workdays: stored[0]?.workdays ?? [],
    // After the last day of the year before, up to and including the last day of this one.
    workingDays: workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`, cal),
  };
}
