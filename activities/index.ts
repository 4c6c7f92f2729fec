import { calendarFor } from '../lib/calendar-store';
import { assignmentsTouchingYear } from './calendar';
import type { Mailer } from '../lib/mailer';
import { Directory } from './directory';
import { createNotify } from './notify';
import { recordChange } from './record';

export interface ActivityDeps {
  mailer: Mailer;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    recordChange,
    notify: createNotify(deps.mailer, new Directory()),
    loadCalendar: calendarFor,
    assignmentsTouchingYear,
  };
}

export type Activities = ReturnType<typeof createActivities>;
