import {
  FIXED_HOLIDAYS,
  addDays,
  addWorkingDays,
  adjustDeadline,
  defaultCalendar,
  fixedHolidays,
  isWorkingDay,
  weekday,
  workingDaysBetween,
  type CalendarData,
} from '../../workflows/calendar';

const cal = (over: Partial<CalendarData> = {}, years = [2019, 2023, 2024, 2025]): CalendarData => {
  const base = defaultCalendar(years);
  return { ...base, ...over, holidays: [...base.holidays, ...(over.holidays ?? [])] };
};

/** Every date from `from` to `to`, both included, with whether it is a working day. */
const days = (from: string, to: string, c: CalendarData) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(`${d} ${isWorkingDay(d, c) ? 'W' : '-'}`);
  return out;
};

describe('dates', () => {
  it('knows the day of the week, 0 Sunday … 6 Saturday', () => {
    expect(weekday('2019-03-21')).toBe(4);
    expect(weekday('2024-06-16')).toBe(0);
    expect(weekday('2024-02-29')).toBe(4);
    expect(weekday('2000-02-29')).toBe(2);
  });

  it('adds calendar days across months, years and the leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addDays('2024-03-01', -366)).toBe('2023-03-01');
    expect(addDays('2024-05-05', 0)).toBe('2024-05-05');
  });

  it('refuses what is not a date, rather than guessing', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-5', '05.01.2024', '', '2024-02-30'])
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => isWorkingDay('2024-02-30', cal())).toThrow(RangeError);
    expect(() => addWorkingDays('2024-03-01', 1.5, cal())).toThrow(RangeError);
  });
});

describe('fixed holidays', () => {
  it('lists the seven of the Labour Code for a year, in date order', () => {
    expect(FIXED_HOLIDAYS.map((h) => h.day)).toEqual([
      '01-01',
      '03-08',
      '03-21',
      '05-09',
      '09-01',
      '10-01',
      '12-08',
    ]);
    expect(fixedHolidays(2024)).toEqual([
      '2024-01-01',
      '2024-03-08',
      '2024-03-21',
      '2024-05-09',
      '2024-09-01',
      '2024-10-01',
      '2024-12-08',
    ]);
  });

  it('the default calendar: 5-day week, fixed holidays of each year once, shift to the day before', () => {
    const c = defaultCalendar([2025, 2024, 2025]);
    expect(c).toMatchObject({ weekDays: 5, workdays: [], shift: 'previous' });
    expect(c.holidays).toEqual([...fixedHolidays(2024), ...fixedHolidays(2025)]);
  });

  it('a fixed holiday on a weekday is a day off', () => {
    const c = cal();
    expect(isWorkingDay('2019-03-21', c)).toBe(false); // Navro‘z, Thursday
    expect(isWorkingDay('2024-01-01', c)).toBe(false); // Monday
    expect(isWorkingDay('2024-03-08', c)).toBe(false); // Friday
    expect(isWorkingDay('2024-03-07', c)).toBe(true);
  });

  it('is a day off also in a year the calendar does not list', () => {
    const only2024 = defaultCalendar([2024]);
    expect(isWorkingDay('2025-01-01', only2024)).toBe(false);
    expect(addWorkingDays('2024-12-31', 1, only2024)).toBe('2025-01-02');
  });
});

describe('the working week', () => {
  it('5-day week: Saturday and Sunday off', () => {
    expect(days('2024-02-26', '2024-03-03', cal())).toEqual([
      '2024-02-26 W',
      '2024-02-27 W',
      '2024-02-28 W',
      '2024-02-29 W',
      '2024-03-01 W',
      '2024-03-02 -',
      '2024-03-03 -',
    ]);
  });

  it('6-day week: only Sunday off', () => {
    const six = cal({ weekDays: 6 });
    expect(isWorkingDay('2024-03-02', six)).toBe(true);
    expect(isWorkingDay('2024-03-03', six)).toBe(false);
    expect(isWorkingDay('2024-03-08', six)).toBe(false);
    expect(addWorkingDays('2024-03-01', 1, six)).toBe('2024-03-02');
  });

  it('a transferred working day makes that weekend date working, and a holiday stays off', () => {
    const c = cal({ workdays: ['2024-03-16'], holidays: ['2024-03-22'] });
    expect(isWorkingDay('2024-03-16', c)).toBe(true); // Saturday, declared working
    expect(isWorkingDay('2024-03-17', c)).toBe(false); // Sunday, not
    expect(isWorkingDay('2024-03-22', c)).toBe(false); // Friday, transferred day off
    // A date listed both ways (the API refuses that) stays a day off.
    expect(
      isWorkingDay('2024-03-22', cal({ workdays: ['2024-03-22'], holidays: ['2024-03-22'] })),
    ).toBe(false);
    // Fixed holidays cannot be made working.
    expect(isWorkingDay('2024-03-21', cal({ workdays: ['2024-03-21'] }))).toBe(false);
  });
});

describe('adjustDeadline', () => {
  // 2019: Navro‘z on Thursday the 21st, the 22nd transferred off: Thursday to Sunday off.
  const navruz = { holidays: ['2019-03-22'] };

  it('keeps a deadline on a working day', () => {
    expect(adjustDeadline('2019-03-20', cal(navruz))).toBe('2019-03-20');
    expect(adjustDeadline('2019-03-25', cal({ ...navruz, shift: 'next' }))).toBe('2019-03-25');
  });

  it('moves a deadline in a holiday-and-weekend run to the working day before it', () => {
    for (const d of ['2019-03-21', '2019-03-22', '2019-03-23', '2019-03-24'])
      expect(adjustDeadline(d, cal(navruz))).toBe('2019-03-20');
  });

  it('or, with shift next, to the working day after it', () => {
    for (const d of ['2019-03-21', '2019-03-22', '2019-03-23', '2019-03-24'])
      expect(adjustDeadline(d, cal({ ...navruz, shift: 'next' }))).toBe('2019-03-25');
  });

  it('crosses the year boundary both ways', () => {
    // 2023-12-30/31 weekend, 2024-01-01 New Year (Monday).
    expect(adjustDeadline('2024-01-01', cal())).toBe('2023-12-29');
    expect(adjustDeadline('2023-12-30', cal({ shift: 'next' }))).toBe('2024-01-02');
  });

  it('lands on a transferred working day', () => {
    const c = cal({ holidays: ['2024-03-22'], workdays: ['2024-03-23'], shift: 'next' });
    expect(adjustDeadline('2024-03-21', c)).toBe('2024-03-23');
    expect(adjustDeadline('2024-03-24', { ...c, shift: 'previous' })).toBe('2024-03-23');
  });

  it('lands on the leap day', () => {
    expect(adjustDeadline('2024-03-02', cal({ holidays: ['2024-03-01'] }))).toBe('2024-02-29');
  });
});

describe('addWorkingDays', () => {
  const c = cal({ holidays: ['2019-03-22'] });

  it('counts forward past the weekend, not counting the start', () => {
    expect(addWorkingDays('2024-03-01', 1, cal())).toBe('2024-03-04'); // Friday → Monday
    expect(addWorkingDays('2024-03-02', 1, cal())).toBe('2024-03-04'); // Saturday → Monday
    expect(addWorkingDays('2024-02-26', 5, cal())).toBe('2024-03-04');
  });

  it('counts forward over a holiday run', () => {
    expect(addWorkingDays('2019-03-20', 1, c)).toBe('2019-03-25');
    expect(addWorkingDays('2019-03-19', 3, c)).toBe('2019-03-26');
  });

  it('counts backward over a holiday run', () => {
    expect(addWorkingDays('2019-03-25', -1, c)).toBe('2019-03-20');
    expect(addWorkingDays('2019-03-26', -3, c)).toBe('2019-03-19');
    expect(addWorkingDays('2019-03-23', -1, c)).toBe('2019-03-20'); // from a day off
  });

  it('with 0, is the date itself if working, else moved by shift', () => {
    expect(addWorkingDays('2019-03-20', 0, c)).toBe('2019-03-20');
    expect(addWorkingDays('2019-03-23', 0, c)).toBe('2019-03-20');
    expect(addWorkingDays('2019-03-23', 0, { ...c, shift: 'next' })).toBe('2019-03-25');
  });

  it('crosses year boundaries and the leap day', () => {
    expect(addWorkingDays('2023-12-29', 1, cal())).toBe('2024-01-02');
    expect(addWorkingDays('2024-01-02', -1, cal())).toBe('2023-12-29');
    expect(addWorkingDays('2024-02-28', 1, cal())).toBe('2024-02-29');
    expect(addWorkingDays('2024-02-29', 1, cal())).toBe('2024-03-01');
    expect(addWorkingDays('2024-03-01', -1, cal())).toBe('2024-02-29');
  });

  it('uses transferred working days', () => {
    const t = cal({ holidays: ['2024-03-22'], workdays: ['2024-03-23'] });
    expect(addWorkingDays('2024-03-20', 1, t)).toBe('2024-03-23');
    expect(addWorkingDays('2024-03-25', -1, t)).toBe('2024-03-23');
  });

  it('is undone by workingDaysBetween', () => {
    const dates = ['2019-03-18', '2019-03-20', '2019-03-23', '2023-12-29', '2024-02-29'];
    for (const d of dates)
      for (const n of [1, 2, 5, 17, 60]) {
        expect(workingDaysBetween(d, addWorkingDays(d, n, c), c)).toBe(n);
        if (isWorkingDay(d, c)) expect(workingDaysBetween(d, addWorkingDays(d, -n, c), c)).toBe(-n);
      }
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after from, up to and including to', () => {
    expect(workingDaysBetween('2024-02-26', '2024-03-01', cal())).toBe(4);
    expect(workingDaysBetween('2024-02-26', '2024-03-03', cal())).toBe(4);
    expect(workingDaysBetween('2024-03-01', '2024-03-04', cal())).toBe(1);
    expect(workingDaysBetween('2024-03-02', '2024-03-03', cal())).toBe(0);
  });

  it('is 0 for the same date and negative when to is before from', () => {
    expect(workingDaysBetween('2024-03-04', '2024-03-04', cal())).toBe(0);
    expect(workingDaysBetween('2024-03-04', '2024-03-01', cal())).toBe(-1);
    expect(workingDaysBetween('2024-03-04', '2024-02-26', cal())).toBe(-5);
    expect(workingDaysBetween('2024-03-02', '2024-03-01', cal())).toBe(0);
  });

  it('skips holidays, counts transferred working days, crosses years', () => {
    const c = cal({ holidays: ['2019-03-22'] });
    expect(workingDaysBetween('2019-03-20', '2019-03-25', c)).toBe(1);
    expect(workingDaysBetween('2019-03-25', '2019-03-20', c)).toBe(-1);
    const t = cal({ holidays: ['2024-03-22'], workdays: ['2024-03-23'] });
    // Thursday Navro‘z and Friday off, Saturday worked, Sunday off, Monday.
    expect(workingDaysBetween('2024-03-20', '2024-03-25', t)).toBe(2);
    expect(workingDaysBetween('2023-12-29', '2024-01-02', cal())).toBe(1);
  });

  it('counts a whole year: 2024 has 257 working days on the default calendar', () => {
    // 262 weekdays in a leap year starting on Monday, less 5 fixed holidays on weekdays.
    expect(workingDaysBetween('2023-12-31', '2024-12-31', cal())).toBe(257);
    expect(workingDaysBetween('2023-12-31', '2024-12-31', cal({ weekDays: 6 }))).toBe(257 + 52);
  });
});
