import { uuid4, workflowInfo } from '@temporalio/workflow';

/**
 * A run continues as new once its history reaches either bound, or when the server suggests
 * it. 1,000 events: a worker that has evicted the workflow from its cache replays at most that
 * many to act again (tens of milliseconds), far below Temporal's 10,240-event warning and
 * 51,200-event limit. 1 MB: each change carries the whole view to the read model, so a view
 * grown large with reports fills the history by size before it does by count (the limit is
 * 50 MB; one payload may not pass 2 MB).
 */
export const RUN_MAX_EVENTS = 1_000;
export const RUN_MAX_BYTES = 1_000_000;

export function runIsLong(): boolean {
  const { historyLength, historySize, continueAsNewSuggested } = workflowInfo();
  return continueAsNewSuggested || historyLength >= RUN_MAX_EVENTS || historySize >= RUN_MAX_BYTES;
}

/** An id made inside the workflow: deterministic on replay, shaped like MongoDB's ObjectId. */
export const newId = (): string => uuid4().replace(/-/g, '').slice(0, 24);
