import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Config } from '../lib/config';

/** Schedules run in the country's time; the servers carry the zone database. */
const TIME_ZONE = 'Asia/Tashkent';

export const DIGEST_SCHEDULE_ID = 'ijro-daily-digest';
export const RECONCILE_SCHEDULE_ID = 'ijro-reconcile-views';
export const SNAPSHOT_SCHEDULE_ID = 'ijro-rating-snapshots';
export const REPORT_SCHEDULE_ID = 'ijro-discipline-report';

const DAYS = {
  MON: 'MONDAY',
  TUE: 'TUESDAY',
  WED: 'WEDNESDAY',
  THU: 'THURSDAY',
  FRI: 'FRIDAY',
  SAT: 'SATURDAY',
  SUN: 'SUNDAY',
} as const;

interface Plan {
  id: string;
  workflowType: string;
  /** Local time, and day of the month when monthly. */
  at: string;
  dayOfMonth?: number;
  dayOfWeek?: keyof typeof DAYS;
}

const calendarOf = (p: Plan): ScheduleSpec => {
  const [hour, minute] = p.at.split(':').map(Number) as [number, number];
  return {
    calendars: [
      {
        hour,
        minute,
        ...(p.dayOfMonth ? { dayOfMonth: p.dayOfMonth } : {}),
        ...(p.dayOfWeek ? { dayOfWeek: DAYS[p.dayOfWeek] } : {}),
      },
    ],
    timezone: TIME_ZONE,
  };
};

/** What Ijro runs on Schedules, at the configured times. */
export const plans = (
  c: Pick<Config, 'DIGEST_AT' | 'RECONCILE_AT' | 'DISCIPLINE_REPORT_AT'>,
): Plan[] => [
  { id: DIGEST_SCHEDULE_ID, workflowType: 'dailyDigestWorkflow', at: c.DIGEST_AT },
  { id: RECONCILE_SCHEDULE_ID, workflowType: 'reconcileViewsWorkflow', at: c.RECONCILE_AT },
  // Early on the first: the month just ended, before anyone's working day.
  { id: SNAPSHOT_SCHEDULE_ID, workflowType: 'ratingSnapshotWorkflow', at: '00:30', dayOfMonth: 1 },
  {
    id: REPORT_SCHEDULE_ID,
    workflowType: 'disciplineReportWorkflow',
    at: c.DISCIPLINE_REPORT_AT.slice(4),
    dayOfWeek: c.DISCIPLINE_REPORT_AT.slice(0, 3) as keyof typeof DAYS,
  },
];

/**
 * A Temporal Schedule that starts `workflowType` with no arguments. Made at the API's start,
 * or brought to the configured time if it exists; operators see, pause and trigger it in the
 * Temporal UI (`temporal schedule` on the command line) as any other.
 */
export async function ensureSchedule(client: Client, taskQueue: string, plan: Plan): Promise<void> {
  const spec = calendarOf(plan);
  const schedule: ScheduleOptions = {
    scheduleId: plan.id,
    spec,
    action: { type: 'startWorkflow', workflowType: plan.workflowType, taskQueue, args: [] },
    // A run still going when the next is due is not run twice at once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(schedule);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(plan.id).update((prev) => ({ ...prev, spec }));
  }
}

/** Every plan's Schedule; one refused does not keep the others from being made. */
export async function ensureSchedules(
  client: Client,
  config: Pick<
    Config,
    'DIGEST_AT' | 'RECONCILE_AT' | 'DISCIPLINE_REPORT_AT' | 'TEMPORAL_TASK_QUEUE'
  >,
  onError: (id: string, err: unknown) => void,
): Promise<void> {
  for (const plan of plans(config))
    await ensureSchedule(client, config.TEMPORAL_TASK_QUEUE, plan).catch((err: unknown) =>
      onError(plan.id, err),
    );
}
