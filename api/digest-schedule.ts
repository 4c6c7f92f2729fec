import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';

export const DIGEST_SCHEDULE_ID = 'ijro-daily-digest';

/**
 * The Temporal Schedule that starts the daily digest (workflows/digest.ts) at `at`, local
 * time (UTC+5 all year, so it is kept in UTC). Made at the API's start, or brought to the
 * configured time if it exists; operators see, pause and trigger it in the Temporal UI
 * (`temporal schedule` on the command line) as any other.
 */
export async function ensureDigestSchedule(
  client: Client,
  opts: { taskQueue: string; at: string },
): Promise<void> {
  const [hour, minute] = opts.at.split(':').map(Number) as [number, number];
  const spec = { calendars: [{ hour: (hour + 24 - 5) % 24, minute }] };
  const schedule: ScheduleOptions = {
    scheduleId: DIGEST_SCHEDULE_ID,
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: 'dailyDigestWorkflow',
      taskQueue: opts.taskQueue,
      args: [],
    },
    // A day's digest that is still running when the next is due is not run twice at once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(schedule);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(DIGEST_SCHEDULE_ID).update((prev) => ({ ...prev, spec }));
  }
}
