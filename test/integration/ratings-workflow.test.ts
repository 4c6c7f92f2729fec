import crypto from 'node:crypto';
import {
  disciplineReportWorkflow,
  monthBefore,
  ratingSnapshotWorkflow,
  reconcileViewsWorkflow,
} from '../../workflows/ratings';
import { localDate } from '../../workflows/timers';
import {
  fakeActivities,
  recordRuns,
  testWorker,
  useTimeSkipping,
  wf,
} from '../support/workflow-harness';

/**
 * The Schedules' workflows under time-skipping: the monthly snapshot takes the month just
 * ended in the server's (skipped) time, and the nightly reconciliation asks every process.
 * (A Schedule itself does not fire on the time-skipping server: its spec and a triggered
 * run are tested on the dev server, test/integration/stats.test.ts.)
 */
useTimeSkipping();

async function runOnce(
  type:
    typeof ratingSnapshotWorkflow | typeof reconcileViewsWorkflow | typeof disciplineReportWorkflow,
) {
  const fakes = fakeActivities();
  const { taskQueue, worker } = await testWorker(fakes.activities);
  const workflowId = `${type.name}-${crypto.randomUUID()}`;
  const result = await worker.runUntil(
    wf.env.client.workflow.execute(type, { workflowId, taskQueue, args: [] }),
  );
  await recordRuns(type.name, workflowId);
  return { fakes, result };
}

describe('the ratings workflows', () => {
  it('snapshots the month before the one it runs in, after a month has been skipped', async () => {
    await wf.env.sleep('31 days');
    const today = localDate(await wf.env.currentTimeMs());
    const { fakes, result } = await runOnce(ratingSnapshotWorkflow);
    expect(fakes.snapshots).toEqual([monthBefore(today)]);
    expect(result).toEqual({ month: monthBefore(today), organizations: 0 });
  });

  it('asks every process to reconcile, once', async () => {
    const { fakes } = await runOnce(reconcileViewsWorkflow);
    expect(fakes.reconciles()).toBe(1);
  });

  it('mails the discipline report once a run', async () => {
    const { fakes } = await runOnce(disciplineReportWorkflow);
    expect(fakes.reports()).toBe(1);
  });

  it('names the month before across a year', () => {
    expect(monthBefore('2027-01-01')).toBe('2026-12');
    expect(monthBefore('2026-03-31')).toBe('2026-02');
  });
});
