import type { Request } from 'express';
import { z } from 'zod';
import { calendarFor } from '../lib/calendar-store';
import { ASSIGNMENT_STATUSES } from '../models/assignment';
import { addWorkingDays } from '../workflows/calendar';
import { localDate } from '../workflows/timers';
import { policyOf } from './access';
import { isoDate, objectId, queryBool } from './schemas';
import type { AssignmentFilter } from './views/assignments';

const flag = (description: string) => queryBool.optional().meta({ description });

/**
 * What an inbox tab lists, as the filters of the list: `GET /assignments?tab=…` lists it,
 * `GET /assignments/counts` counts it. Which tabs a person is shown is the UI's to choose by
 * their roles; each one counts only what the person may see and concerns.
 */
export const INBOX_TABS = {
  toAcknowledge: {
    about: 'not yet acknowledged by your organization, and still under control',
    filter: { acknowledged: false, open: true },
  },
  toExecute: {
    about: 'in execution, acknowledged by your organization',
    filter: { acknowledged: true, status: 'in_execution' },
  },
  dueSoon: {
    about: 'in execution, not overdue, deadline within 5 working days',
    filter: { status: 'in_execution', overdue: false, dueWithinWorkingDays: 5 },
  },
  overdue: { about: 'overdue', filter: { overdue: true } },
  returned: { about: 'its report was returned: in execution again', filter: { returned: true } },
  toReview: {
    about: 'its report waits for your review, at your level of the verification chain',
    filter: { awaitingMyReview: true },
  },
  onMyControl: {
    about: 'you are its controller, and it is still under control',
    filter: { onMyControl: true, open: true },
  },
  extensions: {
    about: 'a deadline extension request waits for your decision (as its controller)',
    filter: { onMyControl: true, extensionPending: true },
  },
  inspections: { about: 'an on-site inspection is open', filter: { inspectionOpen: true } },
} as const;
export type InboxTab = keyof typeof INBOX_TABS;
export const TAB_NAMES = Object.keys(INBOX_TABS) as [InboxTab, ...InboxTab[]];

/** The filters of assignment lists, counts and exports, as query parameters. */
export const filterQuery = z.strictObject({
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  orgId: objectId.optional().meta({ description: 'lead or co-executor organization' }),
  leadOrgId: objectId.optional().meta({ description: 'lead executor organization' }),
  overdue: queryBool.optional(),
  dueBefore: isoDate.optional().meta({ description: 'deadline on or before this date' }),
  dueWithinWorkingDays: z.coerce.number().int().min(1).max(60).optional().meta({
    description:
      'deadline within this many working days from today, by the business calendar (with dueBefore, the earlier of the two)',
  }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'words that begin words of the clause or text, every one required' }),
  documentId: objectId.optional(),
  open: flag('not closed or cancelled (false: closed or cancelled)'),
  extensionPending: flag('a deadline extension request waits for a decision'),
  inspectionOpen: flag('an on-site inspection is open'),
  returned: flag('in execution again because its report was returned'),
  acknowledged: flag(
    'acknowledged by the executor organizations you act for (false: one of them has not yet); lists nothing for people who execute for no organization',
  ),
  awaitingMyReview: flag(
    'its report under review waits for you, at your level of the verification chain',
  ),
  controllerId: objectId.optional().meta({ description: 'its controller' }),
  onMyControl: flag('you are its controller (false: someone else is)'),
  tab: z.enum(TAB_NAMES).optional().meta({
    description:
      "an inbox tab's filters (see GET /assignments/counts); not together with a filter the tab sets",
  }),
});
export type FilterQuery = z.infer<typeof filterQuery>;

export const sortQuery = {
  sort: z
    .enum(['deadline', '-deadline'])
    .default('deadline')
    .meta({ description: 'soonest deadline first, or latest first' }),
};

/** Refuses a filter given twice: by a tab and by itself, or a controller both ways. */
export function checkFilters(q: FilterQuery, ctx: z.RefinementCtx): void {
  if (q.tab)
    for (const key of Object.keys(INBOX_TABS[q.tab].filter))
      if (q[key as keyof FilterQuery] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `the tab ${q.tab} sets it already` });
  if (q.controllerId !== undefined && q.onMyControl !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['onMyControl'],
      message: 'give controllerId or onMyControl, not both',
    });
}

/**
 * Turns the caller's filters into the view's, scoped to what the caller may see. One per
 * request: the calendar a working-day bound needs is read once however many tabs use it.
 */
export class Filters {
  private calendar?: ReturnType<typeof calendarFor>;

  constructor(private readonly req: Request) {}

  async of(query: FilterQuery): Promise<AssignmentFilter> {
    const { tab, ...given } = query;
    const { awaitingMyReview, onMyControl, controllerId, acknowledged, ...rest } = {
      ...given,
      ...(tab ? INBOX_TABS[tab].filter : {}),
    };
    const { dueWithinWorkingDays, dueBefore, ...plain } = rest;
    const policy = await policyOf(this.req);
    const me = policy.user.id;
    const filter: AssignmentFilter = { ...plain, scope: policy.scope() };
    if (awaitingMyReview !== undefined) filter.reviewer = { id: me, is: awaitingMyReview };
    if (onMyControl !== undefined) filter.controller = { id: me, is: onMyControl };
    if (controllerId !== undefined) filter.controller = { id: controllerId, is: true };
    if (acknowledged !== undefined)
      filter.acknowledged = { by: policy.actingOrgs(), done: acknowledged };
    if (dueBefore !== undefined) filter.dueBefore = dueBefore;
    if (dueWithinWorkingDays !== undefined) {
      const ahead = await this.workingDaysAhead(dueWithinWorkingDays);
      if (!filter.dueBefore || ahead < filter.dueBefore) filter.dueBefore = ahead;
    }
    return filter;
  }

  /** The date `days` working days after today. */
  private async workingDaysAhead(days: number): Promise<string> {
    const today = localDate(Date.now());
    const year = Number(today.slice(0, 4));
    this.calendar ??= calendarFor([year, year + 1]);
    return addWorkingDays(today, days, await this.calendar);
  }
}
