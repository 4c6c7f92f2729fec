import { z } from 'zod';
import { saveYear, storedYear, yearView, type CalendarYear } from '../../lib/calendar-store';
import { FIXED_HOLIDAYS, weekday } from '../../workflows/calendar';
import { audit } from '../access';
import { HttpError, type FieldError } from '../errors';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { calendarBroadcastWorkflow } from '../../workflows/calendar-broadcast';
import { calendarBroadcastId } from '../../workflows/types';
import type { AppDeps } from '../deps';
import type { Api } from '../route';
import { isoDate } from '../schemas';

const yearParams = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).meta({ description: 'e.g. 2025' }),
});
const shift = z
  .enum(['previous', 'next'])
  .meta({ description: 'where a deadline on a non-working day moves' });
const weekDays = z.union([z.literal(5), z.literal(6)]);

const datedDay = z.strictObject({ date: isoDate, name: z.string().trim().min(1).max(200) });

const calendarInputSchema = z
  .strictObject({
    weekDays: weekDays.default(5),
    shift: shift.default('previous'),
    holidays: z
      .array(datedDay)
      .max(100)
      .meta({ description: 'movable holidays (Ramazon, Qurbon hayit) and transferred days off' }),
    workdays: z
      .array(datedDay)
      .max(100)
      .meta({ description: 'weekend dates declared working (transferred working days)' }),
  })
  .meta({ id: 'CalendarInput' });

const calendarYearSchema = z
  .object({
    year: z.number().int(),
    weekDays,
    shift,
    holidays: z.array(z.object({ date: isoDate, name: z.string(), fixed: z.boolean() })),
    workdays: z.array(z.object({ date: isoDate, name: z.string() })),
    workingDays: z.number().int().meta({ description: 'working days in the year' }),
  })
  .meta({ id: 'CalendarYear' });

/**
 * What the schema cannot see, because it needs the year and the week: every date inside the
 * year, listed once, not both a holiday and a working day, no fixed holiday repeated, and a
 * transferred working day only on a weekend day (any other day is working already).
 */
function problems(year: number, input: CalendarYear): FieldError[] {
  const errors: FieldError[] = [];
  const fixed = new Set(FIXED_HOLIDAYS.map((h) => `${year}-${h.day}`));
  const holidays = new Set(input.holidays.map((h) => h.date));
  const seen = new Set<string>();
  const check = (list: 'holidays' | 'workdays', i: number, date: string) => {
    const path = `${list}.${i}.date`;
    const fail = (message: string) => errors.push({ path, message });
    if (!date.startsWith(`${year}-`)) return fail(`must be a date in ${year}`);
    if (seen.has(`${list} ${date}`)) return fail(`${date} is listed twice`);
    seen.add(`${list} ${date}`);
    if (fixed.has(date)) return fail(`${date} is a fixed public holiday`);
    if (list === 'workdays') {
      if (holidays.has(date)) return fail(`${date} is also listed as a holiday`);
      const day = weekday(date);
      const weekend = day === 0 || (input.weekDays === 5 && day === 6);
      if (!weekend)
        return fail(`${date} is a working day already; only a weekend day can be transferred`);
    }
  };
  input.holidays.forEach((h, i) => check('holidays', i, h.date));
  input.workdays.forEach((w, i) => check('workdays', i, w.date));
  return errors;
}

// Everyone signed in reads the calendar (deadlines are computed with it); only admins set it.
export function calendarRoutes(api: Api, deps: AppDeps): void {
  api.route(
    {
      method: 'get',
      path: '/calendar/:year',
      summary: 'The business calendar of one year: week, holidays, transferred working days',
      tag: 'calendar',
      params: yearParams,
      response: calendarYearSchema,
    },
    async ({ params }) => yearView(params.year),
  );

  api.route(
    {
      method: 'put',
      path: '/calendar/:year',
      summary:
        'Set one year of the business calendar (replaces it; the fixed holidays always apply)',
      tag: 'calendar',
      action: 'calendar.write',
      params: yearParams,
      body: calendarInputSchema,
      response: calendarYearSchema,
      errors: [422],
    },
    async ({ params: { year }, body }, req) => {
      const errors = problems(year, body);
      if (errors.length)
        throw new HttpError(422, `The calendar of ${year} is not consistent; see errors.`, errors);
      const before = await storedYear(year);
      const after = await saveYear(year, body);
      // Running assignments hear of it through Temporal; a newer change restarts the round.
      const workflowId = calendarBroadcastId(year);
      await deps.temporal.workflow.start<typeof calendarBroadcastWorkflow>(
        'calendarBroadcastWorkflow',
        {
          workflowId,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [{ year }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING,
        },
      );
      await audit(req, {
        subject: `calendar:${year}`,
        action: 'calendar.update',
        outcome: 'ok',
        before,
        after,
        detail: `open assignments told by workflow ${workflowId}`,
      });
      return yearView(year);
    },
  );
}
