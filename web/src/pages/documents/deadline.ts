// Deadline hints of the registration form, worked out as the API and the workflow do: the
// same pure calendar code (workflows/calendar.ts), on the years GET /calendar/:year answers.
import {
  addWorkingDays,
  adjustDeadline,
  isWorkingDay,
  type CalendarData,
} from '../../../../workflows/calendar';

/** What the form needs of one year as GET /calendar/:year answers it. */
export interface CalendarYearView {
  year: number;
  weekDays: 5 | 6;
  shift: 'previous' | 'next';
  holidays: { date: string; fixed: boolean }[];
  workdays: { date: string }[];
}

/**
 * One calendar over the years answered, as the API merges them (lib/calendar-store.ts): every
 * year's holidays and transferred working days; the week and the shift of the first year, in
 * the order given, that an admin set (one with a day of its own; the answer does not say
 * more), else of the first. The fixed holidays and the weekend count in every year, answered
 * or not.
 */
export function calendarOf(years: CalendarYearView[]): CalendarData {
  const dates = (pick: (y: CalendarYearView) => { date: string }[]) =>
    [...new Set(years.flatMap((y) => pick(y).map((d) => d.date)))].sort();
  const set = years.find((y) => y.workdays.length > 0 || y.holidays.some((h) => !h.fixed));
  const settings = set ?? years[0];
  return {
    weekDays: settings?.weekDays ?? 5,
    shift: settings?.shift ?? 'previous',
    holidays: dates((y) => y.holidays),
    workdays: dates((y) => y.workdays),
  };
}

/** The years whose calendar the API reads for a deadline in `year`, in its order. */
export const yearsAround = (year: number): number[] => [year - 1, year, year + 1];

export interface DeadlineHint {
  /** The lead's deadline as it applies: moved off a non-working day. */
  deadline: string;
  /** The co-executors' deadline: that many working days before the lead's. */
  coDeadline: string;
  /** Whether `deadline` is before `today`: the assignment is overdue as soon as it starts. */
  past: boolean;
}

export function deadlineHint(
  date: string,
  cal: CalendarData,
  today: string,
  /** Working days the co-executors report before the lead (GET /settings). */
  offset: number,
): DeadlineHint {
  const deadline = adjustDeadline(date, cal);
  return { deadline, coDeadline: addWorkingDays(deadline, -offset, cal), past: deadline < today };
}

/** Whether the picker greys the date out. */
export const isNonWorkingDay = (date: string, cal: CalendarData): boolean =>
  !isWorkingDay(date, cal);
