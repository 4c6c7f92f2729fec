import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { CalendarData } from '../../../../workflows/calendar';
import { api, must } from '../../api';
import { calendarOf, yearsAround, type CalendarYearView } from './deadline';

/**
 * The business calendar as the form needs it: `of(year)` is the calendar the API reads for a
 * deadline in that year; `see(year)` asks for that year's neighbours too, when a picker shows
 * it or a deadline falls in it. Until a year is answered it has the weekend and the fixed
 * holidays only.
 */
export function useCalendar() {
  const [years, setYears] = useState(() => new Set(yearsAround(new Date().getFullYear())));
  const answers = useQueries({
    queries: [...years].map((year) => ({
      queryKey: ['calendar', year],
      queryFn: () => must(api.GET('/calendar/{year}', { params: { path: { year } } })),
      staleTime: 60 * 60_000,
    })),
  });
  const loaded = answers.map((a) => a.dataUpdatedAt).join();
  const of = useMemo(() => {
    const byYear = new Map<number, CalendarYearView>();
    for (const a of answers) if (a.data) byYear.set(a.data.year, a.data);
    const cached = new Map<number, CalendarData>();
    return (year: number): CalendarData => {
      let cal = cached.get(year);
      if (!cal) {
        cal = calendarOf(yearsAround(year).flatMap((y) => byYear.get(y) ?? []));
        cached.set(year, cal);
      }
      return cal;
    };
    // `answers` is a new array each render; what it holds changes only with `loaded`.
  }, [loaded]);
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
