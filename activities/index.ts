import { calendarFor } from '../lib/calendar-store';
import { assignmentsTouchingYear } from './calendar';
import type { Mailer } from '../lib/mailer';
import { createSendDigests } from './digest';
import { Directory } from './directory';
import { createNotify, type OutboxMetrics } from './notify';
import { recordChange } from './record';

export interface ActivityDeps {
  mailer: Mailer;
  outbox?: OutboxMetrics;
  /** Where the web UI is, for the links in mail (PUBLIC_URL). */
  publicUrl?: string;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const directory = new Directory();
  return {
    recordChange,
    notify: createNotify(deps.mailer, {
      directory,
      metrics: deps.outbox,
      publicUrl: deps.publicUrl,
    }),
    sendDigests: createSendDigests(deps.mailer, directory, deps.publicUrl),
    loadCalendar: calendarFor,
    assignmentsTouchingYear,
  };
}

export type Activities = ReturnType<typeof createActivities>;
