import { calendarFor } from '../lib/calendar-store';
import type { Mailer } from '../lib/mailer';
import { createNotify } from './notify';
import { recordChange } from './record';

export interface ActivityDeps {
  mailer: Mailer;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    recordChange,
    notify: createNotify(deps.mailer),
    loadCalendar: calendarFor,
  };
}

export type Activities = ReturnType<typeof createActivities>;
