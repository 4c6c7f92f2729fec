import { continueAsNew, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import * as m from './messages';
import { assignmentWorkflowId } from './types';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Assignments told per page; a run tells one page (two events each) and continues as new. */
export const BROADCAST_PAGE = 500;

export interface BroadcastArgs {
  year: number;
  /** Assignments per page (BROADCAST_PAGE unless given). */
  page?: number;
  /** The last assignment id told by the runs before. */
  after?: string;
  told?: number;
}

/**
 * Tells every open assignment whose dates a year's calendar touches that the calendar
 * changed (PUT /calendar/:year), a page at a time: each reads it again and works its reminders
 * and overdue moment out anew. Signals are durable, so none is lost to a restart; one to an
 * assignment that ended meanwhile fails and is let go. Answers how many were told.
 */
export async function calendarBroadcastWorkflow(args: BroadcastArgs): Promise<number> {
  const page = args.page ?? BROADCAST_PAGE;
  const ids = await acts.assignmentsTouchingYear({
    year: args.year,
    ...(args.after ? { after: args.after } : {}),
    limit: page,
  });
  const reached = await Promise.all(
    ids.map((id) =>
      getExternalWorkflowHandle(assignmentWorkflowId(id))
        .signal(m.calendarChangedSignal, { years: [args.year] })
        .then(
          () => 1,
          () => 0,
        ),
    ),
  );
  const told = (args.told ?? 0) + reached.reduce((sum, n) => sum + n, 0);
  if (ids.length < page) return told;
  return continueAsNew<typeof calendarBroadcastWorkflow>({ ...args, after: ids.at(-1), told });
}
