import { calendarFor } from '../../lib/calendar-store';
import { AuditEvent } from '../../models/audit';
import { Calendar } from '../../models/calendar';
import { adjustDeadline, fixedHolidays } from '../../workflows/calendar';
import { useStack } from '../support/stack';

const stack = useStack();
let admin: { id: string; token: string };
let executor: { id: string; token: string };
beforeAll(async () => {
  admin = await stack().addUser(['admin']);
  executor = await stack().addUser(['executor'], await stack().addOrg());
});

const call = (token: string, method: string, path: string, body?: unknown) =>
  stack().call(method, `/api/v1${path}`, { token, ...(body === undefined ? {} : { body }) });
const stored = () => Calendar.find().sort({ _id: 1 }).lean();

// 2024: Ramazon hayit Wednesday 10 April, Qurbon hayit Sunday 16 June; Thursday 11 April is a
// transferred day off, worked on Saturday 13 April.
const calendar2024 = {
  holidays: [
    { date: '2024-06-16', name: 'Qurbon hayit' },
    { date: '2024-04-10', name: 'Ramazon hayit' },
    { date: '2024-04-11', name: 'Ko‘chirilgan dam olish kuni' },
  ],
  workdays: [{ date: '2024-04-13', name: 'Ko‘chirilgan ish kuni' }],
};

describe('GET /calendar/:year', () => {
  it('answers the default calendar of a year nobody set, to any signed-in user', async () => {
    const res = await call(executor.token, 'GET', '/calendar/2030');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2030, weekDays: 5, shift: 'previous', workdays: [] });
    expect(res.body.holidays).toHaveLength(7);
    expect(res.body.holidays[0]).toEqual({ date: '2030-01-01', name: 'Yangi yil', fixed: true });
    expect(res.body.holidays.every((h: { fixed: boolean }) => h.fixed)).toBe(true);
  });

  it('refuses a year out of range or not a number, and anonymous callers', async () => {
    for (const year of ['1999', '2101', 'abc', '2024.5'])
      expect((await call(executor.token, 'GET', `/calendar/${year}`)).status).toBe(400);
    expect((await stack().call('GET', '/api/v1/calendar/2024')).status).toBe(401);
  });
});

describe('PUT /calendar/:year', () => {
  it('an admin sets a year: holidays are fixed plus movable, the count of working days follows', async () => {
    const before = await call(admin.token, 'GET', '/calendar/2024');
    expect(before.body.workingDays).toBe(257);

    const res = await call(admin.token, 'PUT', '/calendar/2024', calendar2024);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2024, weekDays: 5, shift: 'previous' });
    // Two weekdays off (10 and 11 April; 16 June is a Sunday), one Saturday worked.
    expect(res.body.workingDays).toBe(257 - 2 + 1);
    expect(res.body.workdays).toEqual(calendar2024.workdays);
    const holidays = res.body.holidays as { date: string; fixed: boolean }[];
    expect(holidays.map((h) => h.date)).toEqual(
      [...fixedHolidays(2024), '2024-04-10', '2024-04-11', '2024-06-16'].sort(),
    );
    expect(holidays.find((h) => h.date === '2024-04-10')).toEqual({
      date: '2024-04-10',
      name: 'Ramazon hayit',
      fixed: false,
    });

    expect((await call(executor.token, 'GET', '/calendar/2024')).body).toEqual(res.body);

    const event = await AuditEvent.findOne({
      subject: 'calendar:2024',
      action: 'calendar.update',
    }).lean();
    expect(event).toMatchObject({ outcome: 'ok', actorId: admin.id, before: null });
    expect(event?.after).toMatchObject({ weekDays: 5, workdays: calendar2024.workdays });
    const verdict = await call(admin.token, 'GET', '/audit/verify?subject=calendar:2024');
    expect(verdict.body).toMatchObject({ valid: true, events: 1 });
  });

  it('replaces the year on the next PUT: a 6-day week, shift next, no more workdays', async () => {
    const res = await call(admin.token, 'PUT', '/calendar/2025', {
      weekDays: 6,
      shift: 'next',
      holidays: [{ date: '2025-03-31', name: 'Ramazon hayit' }],
      workdays: [],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ weekDays: 6, shift: 'next', workdays: [] });
    const again = await call(admin.token, 'PUT', '/calendar/2025', {
      holidays: [],
      workdays: [],
    });
    expect(again.body).toMatchObject({ weekDays: 5, shift: 'previous', workdays: [] });
    expect(again.body.holidays).toHaveLength(7);
    const events = await AuditEvent.find({ subject: 'calendar:2025' }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.before)).toEqual([
      null,
      expect.objectContaining({ weekDays: 6, shift: 'next' }),
    ]);
  });

  it('a non-admin is refused with 403, the refusal is audited and nothing is stored', async () => {
    const before = await stored();
    const res = await call(executor.token, 'PUT', '/calendar/2026', calendar2024);
    expect(res.status).toBe(403);
    expect(res.type).toContain('application/problem+json');
    expect(await stored()).toEqual(before);
    expect(await AuditEvent.exists({ actorId: executor.id, outcome: 'refused' })).toBeTruthy();
  });

  it('refuses malformed or inconsistent input with 400/422 naming the field; nothing is stored', async () => {
    const before = await stored();
    const day = (date: string) => ({ date, name: 'Dam olish' });
    const cases: [string, unknown, number, string][] = [
      ['2026', { holidays: [day('2026-02-30')], workdays: [] }, 400, 'holidays.0.date'],
      ['2026', { holidays: [day('26-03-30')], workdays: [] }, 400, 'holidays.0.date'],
      ['2026', { holidays: [{ date: '2026-03-30' }], workdays: [] }, 400, 'holidays.0.name'],
      ['2026', { holidays: [], workdays: [], color: 'red' }, 400, ''],
      ['2026', { holidays: [{ ...day('2026-03-30'), x: 1 }], workdays: [] }, 400, 'holidays.0'],
      ['2026', { holidays: [] }, 400, 'workdays'],
      ['2026', { weekDays: 7, holidays: [], workdays: [] }, 400, 'weekDays'],
      ['2026', { shift: 'later', holidays: [], workdays: [] }, 400, 'shift'],
      ['2026', { holidays: Array(101).fill(day('2026-03-30')), workdays: [] }, 400, 'holidays'],
      ['2026', { holidays: [day('2025-03-30')], workdays: [] }, 422, 'holidays.0.date'],
      ['2026', { holidays: [], workdays: [day('2027-01-02')] }, 422, 'workdays.0.date'],
      [
        '2026',
        { holidays: [day('2026-03-20'), day('2026-03-20')], workdays: [] },
        422,
        'holidays.1.date',
      ],
      ['2026', { holidays: [day('2026-03-21')], workdays: [] }, 422, 'holidays.0.date'],
      [
        '2026',
        { holidays: [day('2026-03-28')], workdays: [day('2026-03-28')] },
        422,
        'workdays.0.date',
      ],
      // Wednesday: already working; Saturday in a 6-day week too.
      ['2026', { holidays: [], workdays: [day('2026-03-25')] }, 422, 'workdays.0.date'],
      [
        '2026',
        { weekDays: 6, holidays: [], workdays: [day('2026-03-28')] },
        422,
        'workdays.0.date',
      ],
      ['1999', { holidays: [], workdays: [] }, 400, 'year'],
    ];
    for (const [year, body, status, path] of cases) {
      const res = await call(admin.token, 'PUT', `/calendar/${year}`, body);
      const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
      expect({ body, status: res.status, named: paths.includes(path) }).toEqual({
        body,
        status,
        named: true,
      });
    }
    expect(await stored()).toEqual(before);
    expect(await AuditEvent.exists({ subject: 'calendar:2026' })).toBeNull();
  });

  it('lists each problem of a body at once', async () => {
    const res = await call(admin.token, 'PUT', '/calendar/2026', {
      holidays: [
        { date: '2026-05-09', name: 'Xotira' },
        { date: '2027-05-26', name: 'Qurbon hayit' },
      ],
      workdays: [{ date: '2026-05-13', name: 'Chorshanba' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'holidays.0.date',
      'holidays.1.date',
      'workdays.0.date',
    ]);
  });
});

describe('calendarFor', () => {
  it('merges stored years with the fixed holidays, and defaults for years not stored', async () => {
    await Calendar.deleteMany({});
    await call(admin.token, 'PUT', '/calendar/2024', calendar2024);
    await call(admin.token, 'PUT', '/calendar/2028', {
      weekDays: 6,
      shift: 'next',
      holidays: [{ date: '2028-02-26', name: 'Ramazon hayit' }],
      workdays: [],
    });

    const cal = await calendarFor([2024, 2027, 2028]);
    expect(cal.weekDays).toBe(5); // 2024, the first stored year, wins
    expect(cal.shift).toBe('previous');
    expect(cal.holidays).toEqual(
      [
        ...fixedHolidays(2024),
        ...fixedHolidays(2027),
        ...fixedHolidays(2028),
        '2024-04-10',
        '2024-04-11',
        '2024-06-16',
        '2028-02-26',
      ].sort(),
    );
    expect(cal.workdays).toEqual(['2024-04-13']);
    expect(adjustDeadline('2024-04-11', cal)).toBe('2024-04-09');

    expect(await calendarFor([2028, 2024])).toMatchObject({ weekDays: 6, shift: 'next' });
    expect(await calendarFor([2027])).toEqual({
      weekDays: 5,
      shift: 'previous',
      holidays: fixedHolidays(2027),
      workdays: [],
    });
  });
});
