import { AssignmentState } from '../../workflows/assignment-state';
import { addDays, fixedHolidays } from '../../workflows/calendar';
import {
  calendarOf,
  deadlineHint,
  isNonWorkingDay,
  yearsAround,
  type CalendarYearView,
} from '../../web/src/pages/documents/deadline';

/** A year as GET /calendar/:year answers it. */
const year = (y: number, over: Partial<CalendarYearView> = {}): CalendarYearView => ({
  year: y,
  weekDays: 5,
  shift: 'previous',
  workdays: [],
  ...over,
  holidays: [...fixedHolidays(y).map((date) => ({ date, fixed: true })), ...(over.holidays ?? [])],
});

// 2025: Ramazon hayit on Monday 31 March; Saturday 5 April worked in exchange.
const y2025 = year(2025, {
  holidays: [{ date: '2025-03-31', fixed: false }],
  workdays: [{ date: '2025-04-05' }],
});
const cal = calendarOf([year(2024), y2025, year(2026)]);

describe('the registration form’s deadline hints', () => {
  it('greys out weekends, fixed and movable holidays, but not a transferred working day', () => {
    expect(isNonWorkingDay('2025-03-29', cal)).toBe(true); // Saturday
    expect(isNonWorkingDay('2025-03-30', cal)).toBe(true); // Sunday
    expect(isNonWorkingDay('2025-03-31', cal)).toBe(true); // Ramazon hayit
    expect(isNonWorkingDay('2025-03-21', cal)).toBe(true); // Navro‘z, a Friday
    expect(isNonWorkingDay('2025-04-05', cal)).toBe(false); // a Saturday worked
    expect(isNonWorkingDay('2025-04-01', cal)).toBe(false);
  });

  it('keeps the fixed holidays and the weekend in years the API has not answered', () => {
    const none = calendarOf([]);
    expect(isNonWorkingDay('2031-01-01', none)).toBe(true);
    expect(isNonWorkingDay('2031-01-04', none)).toBe(true); // Saturday
    expect(isNonWorkingDay('2031-01-02', none)).toBe(false);
  });

  it('puts the co-executors three working days before the lead, across weekends and holidays', () => {
    // Tuesday 1 April: Monday is Ramazon hayit, then a weekend.
    expect(deadlineHint('2025-04-01', cal, '2025-01-01', 3)).toEqual({
      deadline: '2025-04-01',
      coDeadline: '2025-03-26',
      past: false,
    });
    // Tuesday 8 April: the Saturday worked counts (without it, Thursday 3 April).
    expect(deadlineHint('2025-04-08', cal, '2025-01-01', 3).coDeadline).toBe('2025-04-04');
    // Another installation's offset (GET /settings): five working days, Wednesday 2 April.
    expect(deadlineHint('2025-04-08', cal, '2025-01-01', 5).coDeadline).toBe('2025-04-02');
  });

  it('moves a deadline on a non-working day as the calendar says, and the co-executors’ with it', () => {
    // Saturday 8 March, a holiday too: Friday 7 March; co-executors Tuesday 4 March.
    expect(deadlineHint('2025-03-08', cal, '2025-01-01', 3)).toMatchObject({
      deadline: '2025-03-07',
      coDeadline: '2025-03-04',
    });
    // The week and shift of the first year an admin set (one with days of its own), as the API.
    const set = calendarOf([
      year(2024),
      year(2025, { shift: 'next', holidays: [{ date: '2025-03-31', fixed: false }] }),
      year(2026),
    ]);
    expect(set.shift).toBe('next');
    // Saturday 29 March moves past Sunday and Ramazon hayit to Tuesday 1 April.
    expect(deadlineHint('2025-03-29', set, '2025-01-01', 3).deadline).toBe('2025-04-01');
    // None set: the first year's (the defaults).
    expect(calendarOf([year(2024), year(2025, { shift: 'next' })]).shift).toBe('previous');
  });

  it('says when the deadline has passed: the assignment starts overdue', () => {
    expect(deadlineHint('2025-04-01', cal, '2025-04-01', 3).past).toBe(false);
    expect(deadlineHint('2025-04-01', cal, '2025-04-02', 3).past).toBe(true);
  });

  it('asks for the years the API reads for a deadline, in its order', () => {
    expect(yearsAround(2025)).toEqual([2024, 2025, 2026]);
  });

  it('agrees with the workflow’s deadlines for every day of a year', () => {
    const rules = {
      reminderDays: [1],
      coDeadlineOffset: 3,
      escalationDays: 3,
    };
    for (let d = '2025-01-01'; d <= '2025-12-31'; d = addDays(d, 1)) {
      const s = new AssignmentState({
        id: 'a',
        documentId: 'd',
        clause: '1',
        text: 't',
        leadOrgId: 'lead',
        coOrgIds: ['co'],
        controllerId: 'c',
        deadline: d,
        public: false,
        verificationChain: ['c'],
        rules,
        calendar: cal,
      }).snapshot;
      const hint = deadlineHint(d, cal, '2025-01-01', 3);
      expect([hint.deadline, hint.coDeadline]).toEqual(s.executions.map((e) => e.deadline));
    }
  });
});
