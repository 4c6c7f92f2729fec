import { calendarFor } from '../lib/calendar-store';
import { assignmentsTouchingYear } from './calendar';
import type { Mailer } from '../lib/mailer';
import { createSendDigests } from './digest';
import { Directory } from './directory';
import { createNotify, type OutboxMetrics } from './notify';
import { createSendDisciplineReport } from './discipline';
import { askReconcile, createSnapshotRatings } from './ratings';
import { recordChange } from './record';
import { DEFAULT_FORMULA, type RatingFormula } from '../lib/rating';
import type { NotifyArgs } from '../workflows/types';

export interface ActivityDeps {
  mailer: Mailer;
  outbox?: OutboxMetrics;
  /** Where the web UI is, for the links in mail (PUBLIC_URL). */
  publicUrl?: string;
  /** The discipline rating's formula (RATING_* settings); the default when absent. */
  ratingFormula?: RatingFormula;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const directory = new Directory();
  const notify = createNotify(deps.mailer, {
    directory,
    metrics: deps.outbox,
    publicUrl: deps.publicUrl,
  });
  return {
    recordChange,
    notify,
    /** Several notifications in order; a retry finds the ones sent before (their keys). */
    notifyAll: async (list: NotifyArgs[]) => {
      for (const n of list) await notify(n);
    },
    sendDigests: createSendDigests(deps.mailer, directory, deps.publicUrl),
    loadCalendar: calendarFor,
    assignmentsTouchingYear,
    askReconcile,
    snapshotRatings: createSnapshotRatings(deps.ratingFormula ?? DEFAULT_FORMULA),
    sendDisciplineReport: createSendDisciplineReport({
      mailer: deps.mailer,
      formula: deps.ratingFormula ?? DEFAULT_FORMULA,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
