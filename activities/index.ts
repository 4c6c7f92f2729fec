import { calendarFor } from '../lib/calendar-store';
import { assignmentsTouchingYear } from './calendar';
import type { Mailer } from '../lib/mailer';
import { createNotify } from './notify';
import { recordChange } from './record';

export interface ActivityDeps {
  mailer: Mailer;
  /** How long notification recipients may be served from memory (0: always queried). */
  directoryTtlMs?: number;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    recordChange,
    notify: createNotify(deps.mailer, deps.directoryTtlMs),
    loadCalendar: calendarFor,
    assignmentsTouchingYear,
  };
}

export type Activities = ReturnType<typeof createActivities>;
