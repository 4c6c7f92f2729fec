import { calendarFor } from '../lib/calendar-store';
import { assignmentsTouchingYear } from './calendar';
import type { Mailer } from '../lib/mailer';
import { Directory } from './directory';
import { createNotify, type OutboxMetrics } from './notify';
import { recordChange } from './record';

export interface ActivityDeps {
  mailer: Mailer;
  outbox?: OutboxMetrics;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    recordChange,
    notify: createNotify(deps.mailer, new Directory(), deps.outbox),
    loadCalendar: calendarFor,
    assignmentsTouchingYear,
  };
}

export type Activities = ReturnType<typeof createActivities>;
