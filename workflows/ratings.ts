import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate } from './timers';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Nightly: every API process checks its counts against the read model (api/schedules.ts). */
export async function reconcileViewsWorkflow(): Promise<void> {
  await acts.askReconcile();
}

/** The month before the one `today` (YYYY-MM-DD) is in. */
export function monthBefore(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}

/** On the first of each month: the month just ended, each organization's rating as it stands. */
export async function ratingSnapshotWorkflow(month?: string) {
  return acts.snapshotRatings(month ?? monthBefore(localDate(Date.now())));
}

/** Weekly: the discipline report, mailed to the observers (activities/discipline.ts). */
export async function disciplineReportWorkflow() {
  return acts.sendDisciplineReport();
}
