import { adjustDeadline, addWorkingDays } from '../../workflows/calendar';
import * as m from '../../workflows/messages';
import { periodsBetween } from '../../workflows/periods';
import { endOfDay, localTime } from '../../workflows/timers';
import {
  REFUSAL,
  assignmentWorkflowId,
  type AssignmentView,
  type Periodicity,
} from '../../workflows/types';
import {
  actor,
  cal,
  fakeActivities,
  input,
  opened,
  refusalOf,
  reminders,
  run,
  sleepUntil,
  today,
  u,
  useTimeSkipping,
  wf,
  type Handle,
} from '../support/workflow-harness';

useTimeSkipping();

const periodOf = (parent: AssignmentView, key: string) =>
  wf.env.client.workflow.getHandle(
    assignmentWorkflowId(parent.children.find((c) => c.period === key)?.id ?? 'none'),
  ) as Handle;
const sendPeriodic = (h: Handle, reportId: string) =>
  h.executeUpdate(m.reportUpdate, {
    args: [
      {
        ...actor('u-exec'),
        reportId,
        organizationId: 'o-lead',
        kind: 'periodic',
        text: 'Figures for the period',
        attachmentIds: [],
      },
    ],
  });
const accept = (h: Handle, reportId: string) =>
  h.executeUpdate(m.reviewUpdate, {
    args: [{ ...actor(u.controller), reportId, decision: 'accept', rating: 4 }],
  });

describe('periodic assignments', () => {
  it('opens each month as a period with its own deadline and reminders, continues as new, and closes after the end date', async () => {
    const fake = fakeActivities();
    const all = periodsBetween({ every: 'month', dueDay: 10, until: '2100-01-01' }, today());
    const periodicity: Periodicity = { every: 'month', dueDay: 10, until: all[2]!.start };
    const [first, second, third] = all;
    const a = input({ deadline: third!.due, periodicity });
    const view = await run(fake.activities, a, async (handle) => {
      const firstRun = (await handle.describe()).runId;
      let parent = await opened(handle);
      expect(parent.children).toEqual([
        {
          id: expect.stringMatching(/^[a-f0-9]{24}$/),
          period: first!.key,
          organizationId: 'o-lead',
          deadline: adjustDeadline(first!.due, cal),
          status: 'in_execution',
          overdue: false,
        },
      ]);
      const p1 = periodOf(parent, first!.key);
      expect(await p1.query(m.stateQuery)).toMatchObject({
        parentId: a.id,
        period: first!.key,
        clause: `${a.clause} (${first!.key})`,
        deadline: adjustDeadline(first!.due, cal),
      });
      expect(await p1.query(m.stateQuery)).not.toHaveProperty('periodicity');

      // The whole takes no report, no extension, no closing by hand; a period takes no final.
      const direct = await refusalOf(sendPeriodic(handle, 'r0'));
      expect(direct).toMatchObject({
        type: REFUSAL.input,
        message: expect.stringMatching(/period by period/),
      });
      const close = await refusalOf(
        handle.executeUpdate(m.closeUpdate, { args: [actor(u.controller)] }),
      );
      expect(close.type).toBe(REFUSAL.state);
      const final = await refusalOf(
        p1.executeUpdate(m.reportUpdate, {
          args: [
            {
              ...actor('u-exec'),
              reportId: 'r1',
              organizationId: 'o-lead',
              kind: 'final',
              text: 'x',
              attachmentIds: [],
            },
          ],
        }),
      );
      expect(final).toMatchObject({
        type: REFUSAL.input,
        message: expect.stringMatching(/kind "periodic"/),
      });

      // The first period's accepted report closes it.
      await sendPeriodic(p1, 'r1');
      await accept(p1, 'r1');
      expect(await p1.query(m.stateQuery)).toMatchObject({
        status: 'closed',
        closeComment: expect.any(String),
      });

      // The next month opens the second period in a new run.
      await sleepUntil(localTime(second!.start, 1));
      parent = await opened(handle, 2);
      expect(parent.children.map((c) => [c.period, c.status])).toEqual([
        [first!.key, 'closed'],
        [second!.key, 'in_execution'],
      ]);
      expect((await handle.describe()).runId).not.toBe(firstRun);

      // Nobody reports on the second: its own reminders and overdue timer fire.
      const due2 = adjustDeadline(second!.due, cal);
      await sleepUntil(endOfDay(due2) + 3_600_000);
      parent = await handle.query(m.stateQuery);
      const p2 = periodOf(parent, second!.key);
      const p2Id = parent.children[1]!.id;
      expect(parent.children[1]).toMatchObject({ status: 'in_execution', overdue: true });
      expect(
        reminders(fake.sent)
          .filter((n) => n.subjectRef === p2Id)
          .map((n) => n.at),
      ).toContain(localTime(addWorkingDays(due2, -1, cal), 9));
      expect(
        fake.sent.filter((n) => n.template === 'assignment.overdue').map((n) => n.subjectRef),
      ).toEqual([p2Id]);
      await sendPeriodic(p2, 'r2');
      await accept(p2, 'r2');

      // The third and last period; the whole closes only once it is closed.
      parent = await handle.query(m.stateQuery);
      const p3 = periodOf(parent, third!.key);
      await sleepUntil(endOfDay(periodicity.until) + 86_400_000);
      expect((await handle.query(m.stateQuery)).status).toBe('in_execution');
      await sendPeriodic(p3, 'r3');
      await accept(p3, 'r3');
      return handle.result();
    });
    expect(view).toMatchObject({
      status: 'closed',
      closeComment: expect.stringMatching(/end date/),
    });
    expect(view.children.map((c) => c.status)).toEqual(['closed', 'closed', 'closed']);
    // Only the periods' executors hear of each period; the controller is told once.
    expect(
      fake.sent.filter((n) => n.template === 'assignment.registered').map((n) => n.subjectRef),
    ).toEqual([a.id]);
    expect(fake.changes.filter((c) => c.view.id === a.id).map((c) => c.action)).toEqual(
      expect.arrayContaining(['assignment.register', 'assignment.period', 'assignment.close']),
    );
  });

  it('cancelling a quarterly assignment cancels its open period', async () => {
    const fake = fakeActivities();
    const periodicity: Periodicity = { every: 'quarter', dueDay: 5, until: '2100-01-01' };
    const a = input({ deadline: '2100-01-05', periodicity });
    const view = await run(fake.activities, a, async (handle) => {
      const parent = await opened(handle);
      expect(parent.children[0]?.period).toMatch(/^\d{4}-Q[1-4]$/);
      const distribute = await refusalOf(
        handle.executeUpdate(m.distributeUpdate, {
          args: [{ ...actor('u-head'), organizationId: 'o-lead', targets: [] }],
        }),
      );
      expect(distribute.type).toBe(REFUSAL.input);
      // A period is passed down like any assignment; what it passes down is no period.
      const period = periodOf(parent, parent.children[0]!.period!);
      const deadline = (await period.query(m.stateQuery)).deadline;
      await period.executeUpdate(m.distributeUpdate, {
        args: [
          {
            ...actor('u-head'),
            organizationId: 'o-lead',
            targets: [{ childId: 'pq-sub', orgId: 'o-sub', deadline }],
          },
        ],
      });
      const sub = wf.env.client.workflow.getHandle(assignmentWorkflowId('pq-sub')) as Handle;
      await opened(period);
      expect(await sub.query(m.stateQuery)).not.toHaveProperty('period');
      await handle.executeUpdate(m.cancelUpdate, {
        args: [{ ...actor(u.controller), reason: 'Repealed' }],
      });
      expect(await period.result()).toMatchObject({
        status: 'cancelled',
        cancelReason: 'Repealed',
      });
      // The cancellation reaches the period's own sub-assignment too.
      expect(await sub.result()).toMatchObject({ status: 'cancelled' });
      return handle.result();
    });
    expect(view.status).toBe('cancelled');
  });
});
