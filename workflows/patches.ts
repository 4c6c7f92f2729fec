/**
 * Workflow changes that alter the commands a workflow issues, each behind `patched()` so that
 * runs started by an earlier release replay as they ran and take the new path from their next
 * live step (docs/versioning.md). An id is never reused; when no run that lacks a patch can
 * still exist, its `patched()` becomes `deprecatePatch()`, and a release later it goes.
 */
export const PATCH = {
  /**
   * v0.2.0: every run continues as new at a bounded history; the drain waits for writes, mail
   * and handlers together; a finished assignment never continues or opens a period.
   */
  boundedRuns: 'v0.2.0-bounded-runs',
  /** v0.2.0: calendar changes arrive by signal; the daily re-read of the calendar is gone. */
  calendarSignal: 'v0.2.0-calendar-signal',
  /** v0.2.0: passing an assignment down answers once the sub-assignments' rows exist. */
  distributeWaits: 'v0.2.0-distribute-waits',
  /** v0.3.0: a change's write (read model, audit, change log) is a local activity. */
  localWrites: 'v0.3.0-local-writes',
  /** v0.3.0: the notifications queued together are sent by one activity (`notifyAll`). */
  batchedMail: 'v0.3.0-batched-mail',
  /** v0.5.0: citizens' feedback arrives by signal and is counted; negative feedback alerts. */
  citizenFeedback: 'v0.5.0-citizen-feedback',
} as const;
