import { useQueries } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { workingDaysBetween, type CalendarData } from '../../../../workflows/calendar';
import { api, must } from '../../api';

/** A deadline years away is not counted in working days: its years' calendars are not set. */
const MAX_YEARS = 4;

export const today = () => dayjs().format('YYYY-MM-DD');

/**
 * Working days from today to the deadline, counted as the workflow counts them (the same
 * calendar code, on the years GET /calendar/:year answers): negative once it has passed.
 * Undefined until the calendars are in, or for a deadline too far off.
 */
export function useWorkdaysLeft(deadline: string): number | undefined {
  const now = today();
  const [from, to] = [now, deadline].sort() as [string, string];
  const first = Number(from.slice(0, 4));
  const span = Number(to.slice(0, 4)) - first + 1;
  const years = span <= MAX_YEARS ? Array.from({ length: span }, (_, i) => first + i) : [];
  const answers = useQueries({
    queries: years.map((year) => ({
      queryKey: ['calendar', year],
      queryFn: () => must(api.GET('/calendar/{year}', { params: { path: { year } } })),
      staleTime: 60 * 60_000,
    })),
  });
  const loaded = answers.flatMap((a) => (a.data ? [a.data] : []));
  if (years.length === 0 || loaded.length < years.length) return undefined;
  const last = loaded[loaded.length - 1] as (typeof loaded)[number];
  const calendar: CalendarData = {
    weekDays: last.weekDays,
    shift: last.shift,
    holidays: loaded.flatMap((y) => y.holidays.map((h) => h.date)),
    workdays: loaded.flatMap((y) => y.workdays.map((w) => w.date)),
  };
  return workingDaysBetween(now, deadline, calendar);
}
