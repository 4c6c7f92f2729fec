import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { addWorkingDays } from '../../workflows/calendar';
import * as m from '../../workflows/messages';
import { RUN_MAX_BYTES, RUN_MAX_EVENTS } from '../../workflows/runs';
import { assignmentWorkflow } from '../../workflows/assignment';
import { AssignmentState } from '../../workflows/assignment-state';
import { calendarBroadcastWorkflow } from '../../workflows/calendar-broadcast';
import {
  assignmentWorkflowId,
  calendarBroadcastId,
  type AssignmentView,
} from '../../workflows/types';
import {
  actor,
  cal,
  fakeActivities,
  input,
  recordRuns,
  run,
  runsOf,
  today,
  u,
  useTimeSkipping,
  wf,
} from '../support/workflow-harness';

useTimeSkipping();

type History = temporal.api.history.v1.IHistory;
const bytesOf = (h: History) => temporal.api.history.v1.History.encode(h).finish().length;

describe('bounded runs', () => {
  /**
   * The bound: a run continues as new at the first change after it reached RUN_MAX_EVENTS
   * events or RUN_MAX_BYTES bytes. It sees its size as of that change's arrival, so it may pass
   * the bound by that change, the one under way and the state it carries on: a few dozen
   * events and three copies of the view.
   */
  const boundOf = (view: AssignmentView) => ({
    events: RUN_MAX_EVENTS + 50,
    bytes: RUN_MAX_BYTES + 4 * Buffer.byteLength(JSON.stringify(view)),
  });

  it('200 actions over two simulated years: every run stays under the bound, the state carries across runs, and a retried action answers without acting again', async () => {
    const fake = fakeActivities();
    const a = input({
      coOrgIds: ['o-co'],
      deadline: addWorkingDays(today(), 600, cal),
    });
    const lead = { ...actor('u-exec'), organizationId: 'o-lead' };
    const co = { ...actor('u-co'), organizationId: 'o-co' };
    const text = 'Figures for the period, with the measures taken and what is left to do. '.repeat(
      4,
    );
    const sent: { updateId: string; ids: string[] }[] = [];
    let actions = 0;
    const act = async <R extends { ids: string[] }>(send: (updateId: string) => Promise<R>) => {
      const updateId = `u-${actions++}`;
      const result = await send(updateId);
      sent.push({ updateId, ids: result.ids });
      return result;
    };
    const final = await run(fake.activities, a, async (handle) => {
      const report = (kind: 'interim' | 'final', by: typeof lead) =>
        act((updateId) =>
          handle.executeUpdate(m.reportUpdate, {
            args: [{ ...by, kind, text, attachmentIds: [] }],
            updateId,
          }),
        );
      for (let cycle = 0; actions < 200; cycle++) {
        await report('interim', lead);
        await report('interim', co);
        if (cycle % 5 === 0) {
          const deadline = (await handle.query(m.stateQuery)).deadline;
          const { ids } = await act((updateId) =>
            handle.executeUpdate(m.extensionUpdate, {
              args: [
                { ...lead, proposedDeadline: addWorkingDays(deadline, 10, cal), reason: 'Tender' },
              ],
              updateId,
            }),
          );
          await act((updateId) =>
            handle.executeUpdate(m.extensionDecisionUpdate, {
              args: [{ ...actor(u.controller), requestId: ids[0]!, decision: 'approve' }],
              updateId,
            }),
          );
        } else if (cycle % 5 === 1) {
          const { ids } = await act((updateId) =>
            handle.executeUpdate(m.inspectionUpdate, {
              args: [
                {
                  ...actor(u.inspector),
                  plannedAt: today(),
                  inspectorIds: [u.inspector],
                  orgIds: [],
                },
              ],
              updateId,
            }),
          );
          await act((updateId) =>
            handle.executeUpdate(m.inspectionResultUpdate, {
              args: [
                {
                  ...actor(u.inspector),
                  inspectionId: ids[0]!,
                  outcome: 'confirmed',
                  findings: 'In order',
                },
              ],
              updateId,
            }),
          );
        } else {
          const { ids } = await report('final', lead);
          await act((updateId) =>
            handle.executeUpdate(m.reviewUpdate, {
              args: [
                {
                  ...actor(u.controller),
                  reportId: ids[0]!,
                  decision: 'return',
                  comment: 'Add the figures of the regions',
                },
              ],
              updateId,
            }),
          );
        }
        await wf.env.sleep('14 days');
      }
      // A request retried after its run continued as new: answered, not applied again.
      const before = await handle.query(m.stateQuery);
      const earlier = sent[0]!;
      const again = await handle.executeUpdate(m.reportUpdate, {
        args: [{ ...lead, kind: 'interim', text, attachmentIds: [] }],
        updateId: earlier.updateId,
      });
      expect(again.ids).toEqual(earlier.ids);
      const after = await handle.query(m.stateQuery);
      expect(after.version).toBe(before.version);
      expect(after.reports).toHaveLength(before.reports.length);
      return after;
    });

    const runs = (await runsOf(assignmentWorkflowId(a.id))) as History[];
    const sizes = runs.map((h) => ({ events: h.events?.length ?? 0, bytes: bytesOf(h) }));
    const bound = boundOf(final);
    console.log(`200 actions: ${runs.length} runs, bound ${JSON.stringify(bound)}`, sizes);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const size of sizes) {
      expect(size.events).toBeLessThan(bound.events);
      expect(size.bytes).toBeLessThan(bound.bytes);
    }
    // Every change of every run was written once, in order: the state went on where it stopped.
    expect(fake.changes.map((c) => c.view.version)).toEqual(fake.changes.map((_, i) => i + 1));
    expect(final.version).toBe(fake.changes.length);
    expect(actions).toBe(200);
    const submitted = sent.flatMap((s) => s.ids);
    expect(final.reports.length + final.extensionRequests.length + final.inspections.length).toBe(
      submitted.length,
    );
    expect(new Set(submitted).size).toBe(submitted.length);
    expect(final.executions[0]?.acknowledgedAt).toBeDefined();
    // No reminder went out twice, though the runs that waited for them changed.
    const keys = fake.sent.map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a run continued from a cancelled one opens no period', async () => {
    const fake = fakeActivities();
    const periodicity = { every: 'month' as const, dueDay: 10, until: '2100-01-01' };
    const a = input({ deadline: '2100-01-10', periodicity });
    // As the run before left it: cancelled while it drained, then continued.
    const state = new AssignmentState(a);
    state.issue();
    const resume = state.cancel({ actorId: u.controller, reason: 'Repealed' }, Date.now());
    const result = await run(fake.activities, { ...a, resume }, (handle) => handle.result());
    expect(result).toMatchObject({ status: 'cancelled', children: [] });
    expect(fake.changes).toEqual([]);
  });
});

describe('read-your-writes in the workflow', () => {
  it('passing an assignment down answers once each sub-assignment has written its row', async () => {
    const fake = fakeActivities();
    const record = fake.activities.recordChange;
    fake.activities.recordChange = async (args) => {
      // A sub-assignment's first write is slow.
      if (args.view.parentId && args.action === 'assignment.register')
        await new Promise((r) => setTimeout(r, 500));
      return record(args);
    };
    const a = input({ deadline: addWorkingDays(today(), 20, cal) });
    await run(fake.activities, a, async (handle) => {
      const { ids } = await handle.executeUpdate(m.distributeUpdate, {
        args: [
          {
            ...actor('u-head'),
            organizationId: 'o-lead',
            targets: [
              { orgId: 'o-sub', deadline: addWorkingDays(today(), 5, cal) },
              { orgId: 'o-sub2', deadline: addWorkingDays(today(), 6, cal) },
            ],
          },
        ],
      });
      expect(ids).toHaveLength(2);
      const written = fake.changes
        .filter((c) => c.action === 'assignment.register')
        .map((c) => c.view.id);
      expect(written).toEqual(expect.arrayContaining(ids));
    });
  });
});

describe('calendar broadcast', () => {
  it('tells every open assignment it lists, a page per run, and each reads the calendar again', async () => {
    const fake = fakeActivities();
    const readBy = new Set<string>();
    const load = fake.activities.loadCalendar;
    fake.activities.loadCalendar = async (years) => {
      readBy.add(Context.current().info.workflowExecution?.workflowId ?? '');
      return load(years);
    };
    const a = input();
    const others = [input(), input()];
    const year = Number(a.deadline.slice(0, 4));
    // One more listed assignment that ended since: its signal fails and is let go.
    const ids = [a.id, ...others.map((o) => o.id), '0'.repeat(24)].sort();
    fake.activities.assignmentsTouchingYear = async ({ after, limit }) =>
      ids.filter((id) => !after || id > after).slice(0, limit);
    await run(fake.activities, a, async (handle) => {
      const { taskQueue } = await handle.describe();
      const started = await Promise.all(
        others.map((o) =>
          wf.env.client.workflow.start(assignmentWorkflow, {
            workflowId: assignmentWorkflowId(o.id),
            taskQueue,
            args: [o],
          }),
        ),
      );
      const told = await wf.env.client.workflow.execute(calendarBroadcastWorkflow, {
        workflowId: calendarBroadcastId(year),
        taskQueue,
        args: [{ year, page: 2 }],
      });
      expect(told).toBe(3);
      await wf.env.sleep('1 minute');
      expect([...readBy].sort()).toEqual(
        [a, ...others].map((x) => assignmentWorkflowId(x.id)).sort(),
      );
      // Four listed, two a page: two full pages, then a run that finds none and ends.
      expect(await runsOf(calendarBroadcastId(year))).toHaveLength(3);
      await recordRuns('calendar-broadcast-two-pages', calendarBroadcastId(year));
      for (const h of started) await h.terminate('test done');
    });
  });
});
