import { Context } from '@temporalio/activity';
import * as m from '../../workflows/messages';
import { periodsBetween } from '../../workflows/periods';
import { localTime } from '../../workflows/timers';
import { assignmentWorkflowId } from '../../workflows/types';
import {
  actor,
  fakeActivities,
  input,
  opened,
  run,
  sleepUntil,
  today,
  u,
  useTimeSkipping,
  wf,
  type Handle,
} from '../support/workflow-harness';

// Each race fails on v0.1.0's workflow code (commit 7f35fc5).
useTimeSkipping();

const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
};
/** Waits in real time, at most `ms`, for `check` to hold. */
const until = async (check: () => Promise<boolean>, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('continue-as-new races', () => {
  const monthly = () => {
    const periodicity = { every: 'month' as const, dueDay: 10, until: '2100-01-01' };
    return input({ deadline: '2100-01-10', periodicity });
  };
  /** The start of the next period, as the workflow counts it. */
  const nextPeriodStart = (a: ReturnType<typeof monthly>) => {
    const [, second] = periodsBetween(a.periodicity!, today());
    return localTime(second!.start, 0);
  };
  const cancel = (h: Handle) =>
    h.executeUpdate(m.cancelUpdate, { args: [{ ...actor(u.controller), reason: 'Repealed' }] });
  /** Mail that fails while the relay is down. */
  const relay = (fake: ReturnType<typeof fakeActivities>) => {
    const state = { down: false };
    const deliver = fake.activities.notify;
    fake.activities.notify = async (args) => {
      if (state.down) throw new Error('relay down');
      return deliver(args);
    };
    return state;
  };
  /**
   * An hour before the next period begins the relay goes down and an inspection starts, so
   * the run still sends its notice when the period begins. Answers an hour after that.
   */
  const boundaryWithMailWaiting = async (
    h: Handle,
    a: ReturnType<typeof monthly>,
    mail: { down: boolean },
  ) => {
    await sleepUntil(nextPeriodStart(a) - 3_600_000);
    mail.down = true;
    await h.executeUpdate(m.inspectionUpdate, {
      args: [
        { ...actor(u.inspector), plannedAt: today(), inspectorIds: [u.inspector], orgIds: [] },
      ],
    });
    await sleepUntil(nextPeriodStart(a) + 3_600_000);
  };

  it('when cancelled while its run drains at a period boundary with the mail relay down, then the next period never opens', async () => {
    const fake = fakeActivities();
    const mail = relay(fake);
    const a = monthly();
    await run(fake.activities, a, async (handle) => {
      await opened(handle);
      // Past the boundary: the run waits for its mail before it continues as new.
      await boundaryWithMailWaiting(handle, a, mail);
      await cancel(handle);
      mail.down = false;
      await wf.env.sleep('1 hour');
      const view = await handle.query(m.stateQuery);
      expect(view.status).toBe('cancelled');
      expect(view.children.map((c) => c.status)).toEqual(['cancelled']);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    });
  });

  it('when an action arrives while the run drains, then it completes and is written before the run continues', async () => {
    const fake = fakeActivities();
    const mail = relay(fake);
    let databaseDown = false;
    let failedWrites = 0;
    const record = fake.activities.recordChange;
    fake.activities.recordChange = async (args) => {
      if (databaseDown && args.action === 'assignment.acknowledge') {
        failedWrites += 1;
        throw new Error('database down');
      }
      return record(args);
    };
    const a = monthly();
    await run(fake.activities, a, async (handle) => {
      await opened(handle);
      const firstRun = (await handle.describe()).runId;
      // Past the boundary the run waits for its mail; an acknowledgment comes in meanwhile,
      // and its write fails for a while.
      await boundaryWithMailWaiting(handle, a, mail);
      databaseDown = true;
      const ack = handle.executeUpdate(m.acknowledgeUpdate, {
        args: [{ ...actor('u-exec'), organizationId: 'o-lead' }],
      });
      await waitFor(() => failedWrites > 0);
      mail.down = false;
      await wf.env.sleep('10 minutes');
      databaseDown = false;
      await wf.env.sleep('10 minutes');
      const answer = await Promise.race([
        ack,
        new Promise((r) => setTimeout(() => r('no answer'), 20_000)),
      ]);
      const written = fake.changes.find((c) => c.action === 'assignment.acknowledge');
      expect(answer).toEqual({ version: written?.view.version, ids: [] });
      await opened(handle, 2);
      expect((await handle.describe()).runId).not.toBe(firstRun);
      expect((await handle.query(m.stateQuery)).executions[0]?.acknowledgedAt).toBeDefined();
    });
  });
  it('when cancelled while a new run reads the calendar for its period, then the period does not open', async () => {
    const fake = fakeActivities();
    const a = monthly();
    let calendarDown = false;
    let failedReads = 0;
    const load = fake.activities.loadCalendar;
    fake.activities.loadCalendar = async (years) => {
      // Only the parent's reads fail: its periods read the calendar too.
      const by = Context.current().info.workflowExecution?.workflowId;
      if (calendarDown && by === assignmentWorkflowId(a.id)) {
        failedReads += 1;
        throw new Error('database down');
      }
      return load(years);
    };
    await run(fake.activities, a, async (handle) => {
      await opened(handle);
      calendarDown = true;
      // The period begins; the new run cannot read the calendar for it yet.
      await sleepUntil(nextPeriodStart(a) + 60_000);
      expect(failedReads).toBeGreaterThan(0);
      await cancel(handle);
      calendarDown = false;
      // The read is retried within seconds. Waiting by the skipped clock would hang: after an
      // update reaches a run in a retry's backoff, the test server no longer moves its clock.
      await until(async () => (await handle.describe()).status.name !== 'RUNNING', 30_000);
      const view = await handle.query(m.stateQuery);
      expect(view).toMatchObject({ status: 'cancelled' });
      expect(view.children).toHaveLength(1);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    });
  });
});
