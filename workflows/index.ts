// The worker's workflow bundle entry: every workflow type it runs.
export { assignmentWorkflow } from './assignment';
export { calendarBroadcastWorkflow } from './calendar-broadcast';
export { dailyDigestWorkflow } from './digest';
export {
  disciplineReportWorkflow,
  ratingSnapshotWorkflow,
  reconcileViewsWorkflow,
} from './ratings';
