import { useQueries } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { workingDaysBetween, type CalendarData } from '../../workflows/calendar';
import { api, must } from './api';
import { calendarOf, yearsAround, type CalendarYearView } from './pages/documents/deadline';

// The business calendar in the browser: GET /calendar/:year per year, merged as the API
// merges them, so the UI counts working days as the workflow does (the same calendar code).

export const today = () => dayjs().format('YYYY-MM-DD');

/** The answered years among `years`, by year; a new map only when an answer arrives. */
function useYears(years: number[]): Map<number, CalendarYearView> {
  const answers = useQueries({
    queries: years.map((year) => ({
      queryKey: ['calendar', year],
      queryFn: () => must(api.GET('/calendar/{year}', { params: { path: { year } } })),
      staleTime: 60 * 60_000,
    })),
  });
  const loaded = answers.map((a) => a.dataUpdatedAt).join();
  return useMemo(
    () => new Map(answers.flatMap((a) => (a.data ? [[a.data.year, a.data] as const] : []))),
    // `answers` is a new array each render; what it holds changes only with `loaded`.
    [loaded],
  );
}

/**
 * The calendar as a deadline picker needs it: `of(year)` is the calendar the API reads for a
 * deadline in that year; `see(year)` asks for that year's neighbours too, when a picker shows
 * it or a deadline falls in it. Until a year is answered it has the weekend and the fixed
 * holidays only.
 */
export function useCalendar() {
  const [years, setYears] = useState(() => new Set(yearsAround(new Date().getFullYear())));
  const byYear = useYears([...years]);
  const of = useMemo(() => {
    const cached = new Map<number, CalendarData>();
    return (year: number): CalendarData => {
      let cal = cached.get(year);
      if (!cal) {
        cal = calendarOf(yearsAround(year).flatMap((y) => byYear.get(y) ?? []));
        cached.set(year, cal);
      }
      return cal;
    };
  }, [byYear]);
  const see = useCallback(
    (year: number) =>
      setYears((known) =>
        yearsAround(year).every((y) => known.has(y))
          ? known
          : new Set([...known, ...yearsAround(year)]),
      ),
    [],
  );
  return { of, see };
}

/** A deadline years away is not counted in working days: its years' calendars are not set. */
const MAX_YEARS = 4;

/**
 * Working days from today to the deadline: negative once it has passed. Undefined until the
 * calendars are in, or for a deadline too far off.
 */
export function useWorkdaysLeft(deadline: string): number | undefined {
  const now = today();
  const [from, to] = [now, deadline].sort() as [string, string];
  const first = Number(from.slice(0, 4));
  const span = Number(to.slice(0, 4)) - first + 1;
  const years = span <= MAX_YEARS ? Array.from({ length: span }, (_, i) => first + i) : [];
  const byYear = useYears(years);
  if (years.length === 0 || years.some((y) => !byYear.has(y))) return undefined;
  return workingDaysBetween(now, deadline, calendarOf(years.map((y) => byYear.get(y)!)));
}
