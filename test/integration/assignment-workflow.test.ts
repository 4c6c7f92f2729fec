import { addWorkingDays } from '../../workflows/calendar';
import * as m from '../../workflows/messages';
import { endOfDay, localTime } from '../../workflows/timers';
import { REFUSAL, assignmentWorkflowId, type AssignmentView } from '../../workflows/types';
import {
  actor,
  askExtension,
  cal,
  fakeActivities,
  input,
  refusalOf,
  reminders,
  report,
  run,
  today,
  u,
  useTimeSkipping,
  wf,
  type Handle,
} from '../support/workflow-harness';

useTimeSkipping();

describe('timers', () => {
  it('sends reminders 10, 5, 3, 1 and 0 working days before, then overdue, then escalation after 3 working days', async () => {
    const fake = fakeActivities();
    const a = input();
    const view = await run(fake.activities, a, async (handle) => {
      await wf.env.sleep('40 days');
      return handle.query(m.stateQuery);
    });
    const expected = [10, 5, 3, 1, 0].map((k) => localTime(addWorkingDays(a.deadline, -k, cal), 9));
    expect(reminders(fake.sent).map((n) => n.at)).toEqual(expected);
    expect(reminders(fake.sent).map((n) => n.params.daysLeft)).toEqual(['10', '5', '3', '1', '0']);
    const overdue = fake.sent.find((n) => n.template === 'assignment.overdue');
    expect(overdue?.at).toBe(endOfDay(a.deadline));
    expect(overdue?.to).toEqual({ orgIds: ['o-lead'], userIds: [u.controller] });
    const escalated = fake.sent.find((n) => n.template === 'assignment.escalated');
    expect(escalated?.at).toBe(endOfDay(addWorkingDays(a.deadline, 3, cal)));
    expect(escalated?.to).toEqual({ roles: ['observer'], userIds: [u.controller] });
    expect(view).toMatchObject({ overdue: true, escalated: true, status: 'in_execution' });
    expect(fake.changes.map((c) => c.action)).toEqual([
      'assignment.register',
      'assignment.overdue',
      'assignment.escalate',
    ]);
  });

  it('gives co-executors their own deadline, 3 working days before the lead’s, with its own reminders', async () => {
    const fake = fakeActivities();
    const a = input({ coOrgIds: ['o-co'], deadline: addWorkingDays(today(), 20, cal) });
    // Seven working days ahead can be more than ten calendar days around the new-year holidays.
    const view = await run(fake.activities, a, async (handle) => {
      await wf.env.sleep('20 days');
      return handle.query(m.stateQuery);
    });
    const co = view.executions.find((e) => e.role === 'co');
    expect(co?.deadline).toBe(addWorkingDays(a.deadline, -3, cal));
    const coReminders = reminders(fake.sent).filter((n) => n.to.orgIds?.[0] === 'o-co');
    expect(coReminders[0]?.at).toBe(localTime(addWorkingDays(co!.deadline, -10, cal), 9));
    expect(coReminders[0]?.params.deadline).toBe(co?.deadline);
  });

  it('pauses reminders and the overdue clock while an extension is pending, and reschedules on approval', async () => {
    const fake = fakeActivities();
    const a = input({ deadline: addWorkingDays(today(), 4, cal) });
    const newDeadline = addWorkingDays(today(), 30, cal);
    const view = await run(fake.activities, a, async (handle) => {
      await askExtension(handle, 'r1', newDeadline);
      await wf.env.sleep('12 days');
      expect(fake.sent.filter((n) => n.template === 'assignment.overdue')).toEqual([]);
      expect(reminders(fake.sent)).toEqual([]);
      await handle.executeUpdate(m.extensionDecisionUpdate, {
        args: [{ ...actor(u.controller), requestId: 'r1', decision: 'approve' }],
      });
      await wf.env.sleep('60 days');
      return handle.query(m.stateQuery);
    });
    expect(view).toMatchObject({
      deadline: newDeadline,
      extensionsCount: 1,
      extensionPending: false,
    });
    expect(view.extensionRequests[0]).toMatchObject({
      status: 'approved',
      previousDeadline: a.deadline,
    });
    const overdue = fake.sent.filter((n) => n.template === 'assignment.overdue');
    expect(overdue.map((n) => n.at)).toEqual([endOfDay(newDeadline)]);
    expect(reminders(fake.sent).at(-1)?.at).toBe(localTime(newDeadline, 9));
  });

  it('when an extension is rejected after the old deadline passed, then it is overdue at once', async () => {
    const fake = fakeActivities();
    const a = input({ deadline: addWorkingDays(today(), 2, cal) });
    await run(fake.activities, a, async (handle) => {
      await askExtension(handle, 'r1', addWorkingDays(today(), 20, cal));
      await wf.env.sleep('10 days');
      const rejectedAt = Math.floor((await wf.env.currentTimeMs()) / 60_000) * 60_000;
      await handle.executeUpdate(m.extensionDecisionUpdate, {
        args: [{ ...actor(u.controller), requestId: 'r1', decision: 'reject', comment: 'No' }],
      });
      await wf.env.sleep('1 hour');
      const overdue = fake.sent.find((n) => n.template === 'assignment.overdue');
      expect(overdue?.at).toBeGreaterThanOrEqual(rejectedAt);
      expect(overdue!.at - rejectedAt).toBeLessThan(60_000);
      expect((await handle.query(m.stateQuery)).deadline).toBe(a.deadline);
    });
  });

  it('when the calendar changes, a signal moves the reminders to it; a year it does not use changes nothing', async () => {
    const fake = fakeActivities();
    const a = input({ deadline: addWorkingDays(today(), 20, cal) });
    // Declared later: the working day 7 before the deadline becomes a day off.
    const later = { ...cal, holidays: [...cal.holidays, addWorkingDays(a.deadline, -7, cal)] };
    const loads: number[][] = [];
    fake.activities.loadCalendar = async (years) => {
      loads.push(years);
      return later;
    };
    const year = Number(a.deadline.slice(0, 4));
    await run(fake.activities, a, async (handle) => {
      await handle.signal(m.calendarChangedSignal, { years: [year + 5] });
      await wf.env.sleep('1 day');
      expect(loads).toEqual([]);
      await handle.signal(m.calendarChangedSignal, { years: [year] });
      await wf.env.sleep('40 days');
    });
    expect(loads).toEqual([[year - 1, year, year + 1]]);
    const remindersBy = (c: typeof cal) =>
      [10, 5, 3, 1, 0].map((k) => localTime(addWorkingDays(a.deadline, -k, c), 9));
    expect(remindersBy(later)).not.toEqual(remindersBy(cal));
    expect(reminders(fake.sent).map((n) => n.at)).toEqual(remindersBy(later));
  });

  it('when a return sets a new deadline, then the overdue moment moves with it', async () => {
    const fake = fakeActivities();
    const a = input({ deadline: addWorkingDays(today(), 5, cal) });
    const later = addWorkingDays(today(), 25, cal);
    const view = await run(fake.activities, a, async (handle) => {
      await report(handle, 'rep1', 'o-lead', 'final', 'u-exec');
      await handle.executeUpdate(m.reviewUpdate, {
        args: [
          {
            ...actor(u.controller),
            reportId: 'rep1',
            decision: 'return',
            comment: 'Add figures',
            newDeadline: later,
          },
        ],
      });
      await wf.env.sleep('50 days');
      return handle.query(m.stateQuery);
    });
    expect(view.deadline).toBe(later);
    expect(fake.sent.filter((n) => n.template === 'assignment.overdue').map((n) => n.at)).toEqual([
      endOfDay(later),
    ]);
    expect(fake.sent.find((n) => n.template === 'assignment.returned')?.params.comment).toBe(
      'Add figures',
    );
  });
});

describe('the whole path', () => {
  // The second run replays the workflow from its history on every activation (no cache),
  // which catches code that is not deterministic.
  it.each([
    ['cached', {}],
    ['with maxCachedWorkflows: 0', { maxCachedWorkflows: 0 }],
  ] as const)(
    'acknowledge → input → final report → two-level acceptance → close (%s)',
    async (_name, options) => {
      const fake = fakeActivities();
      const a = input({ coOrgIds: ['o-co'], verificationChain: [u.controller, u.second] });
      const result = await run(
        fake.activities,
        a,
        async (handle) => {
          const ack = { ...actor('u-exec'), organizationId: 'o-lead' };
          await handle.executeUpdate(m.acknowledgeUpdate, { args: [ack] });
          expect(
            (await refusalOf(handle.executeUpdate(m.acknowledgeUpdate, { args: [ack] }))).type,
          ).toBe(REFUSAL.state);
          await report(handle, 'in1', 'o-co', 'interim', 'u-co');
          await report(handle, 'f1', 'o-lead', 'final', 'u-exec');
          // The second level may not review before the first.
          const early = await refusalOf(
            handle.executeUpdate(m.reviewUpdate, {
              args: [{ ...actor(u.second), reportId: 'f1', decision: 'accept', rating: 5 }],
            }),
          );
          expect(early.type).toBe(REFUSAL.forbidden);
          await handle.executeUpdate(m.reviewUpdate, {
            args: [{ ...actor(u.controller), reportId: 'f1', decision: 'accept', rating: 4 }],
          });
          expect((await handle.query(m.stateQuery)).status).toBe('under_review');
          await handle.executeUpdate(m.reviewUpdate, {
            args: [{ ...actor(u.second), reportId: 'f1', decision: 'accept', rating: 5 }],
          });
          expect((await handle.query(m.stateQuery)).status).toBe('accepted');
          await handle.executeUpdate(m.closeUpdate, {
            args: [{ ...actor(u.controller), comment: 'Bajarildi' }],
          });
          return handle.result();
        },
        options,
      );
      expect(result).toMatchObject({ status: 'closed', closeComment: 'Bajarildi' });
      expect(result.reports.map((r) => [r.id, r.role, r.status])).toEqual([
        ['in1', 'input', 'submitted'],
        ['f1', 'lead', 'accepted'],
      ]);
      expect(result.reports[1]?.reviews.map((r) => r.level)).toEqual([0, 1]);
      expect(fake.sent.map((n) => n.template)).toEqual(
        expect.arrayContaining([
          'assignment.input_received',
          'assignment.report_submitted',
          'assignment.accepted',
          'assignment.closed',
        ]),
      );
      expect(fake.changes.map((c) => c.view.version)).toEqual(fake.changes.map((_, i) => i + 1));
    },
  );

  it('an open inspection blocks closure; not confirmed reopens with a new deadline and records a violation', async () => {
    const fake = fakeActivities();
    const a = input();
    const newDeadline = addWorkingDays(today(), 30, cal);
    const view: AssignmentView = await run(fake.activities, a, async (handle) => {
      await report(handle, 'f1', 'o-lead', 'final', 'u-exec');
      await handle.executeUpdate(m.reviewUpdate, {
        args: [{ ...actor(u.controller), reportId: 'f1', decision: 'accept', rating: 5 }],
      });
      await handle.executeUpdate(m.inspectionUpdate, {
        args: [
          {
            ...actor(u.inspector),
            inspectionId: 'i1',
            plannedAt: today(),
            inspectorIds: [u.inspector],
            orgIds: [],
          },
        ],
      });
      const blocked = await refusalOf(
        handle.executeUpdate(m.closeUpdate, { args: [actor(u.controller)] }),
      );
      expect(blocked).toMatchObject({
        type: REFUSAL.state,
        message: expect.stringMatching(/inspection is open/),
      });
      const noDeadline = await refusalOf(
        handle.executeUpdate(m.inspectionResultUpdate, {
          args: [
            {
              ...actor(u.inspector),
              inspectionId: 'i1',
              outcome: 'not_confirmed',
              findings: 'Not done',
            },
          ],
        }),
      );
      expect(noDeadline.type).toBe(REFUSAL.input);
      await handle.executeUpdate(m.inspectionResultUpdate, {
        args: [
          {
            ...actor(u.inspector),
            inspectionId: 'i1',
            outcome: 'not_confirmed',
            findings: 'Not done',
            newDeadline,
            referToProsecutor: true,
          },
        ],
      });
      return handle.query(m.stateQuery);
    });
    expect(view).toMatchObject({
      status: 'in_execution',
      inspectionOpen: false,
      deadline: newDeadline,
    });
    expect(view.violations).toEqual([
      expect.objectContaining({
        organizationId: 'o-lead',
        inspectionId: 'i1',
        referToProsecutor: true,
      }),
    ]);
    expect(view.inspections[0]).toMatchObject({ status: 'closed', outcome: 'not_confirmed' });
  });

  it('when the mail relay is down, then actions still answer at once and mail waits', async () => {
    const fake = fakeActivities();
    let attempts = 0;
    fake.activities.notify = async () => {
      attempts += 1;
      throw new Error('relay down');
    };
    const a = input();
    await run(fake.activities, a, async (handle) => {
      await handle.executeUpdate(m.acknowledgeUpdate, {
        args: [{ ...actor('u-exec'), organizationId: 'o-lead' }],
      });
      const view = await handle.query(m.stateQuery);
      expect(view.executions[0]?.acknowledgedAt).toBeDefined();
      expect(fake.changes.map((c) => c.action)).toEqual([
        'assignment.register',
        'assignment.acknowledge',
      ]);
    });
    expect(attempts).toBeGreaterThan(0);
  });

  it('names the person responsible for one execution and tells them; refuses another organization, the same person again, and a finished assignment', async () => {
    const fake = fakeActivities();
    const a = input({ coOrgIds: ['o-co'] });
    const name = (organizationId: string, userId: string) => ({
      ...actor('u-head'),
      organizationId,
      userId,
    });
    const view = await run(fake.activities, a, async (handle) => {
      const outside = await refusalOf(
        handle.executeUpdate(m.responsibleUpdate, { args: [name('o-other', 'u-exec')] }),
      );
      expect(outside.type).toBe(REFUSAL.input);
      await handle.executeUpdate(m.responsibleUpdate, { args: [name('o-co', 'u-co')] });
      const again = await refusalOf(
        handle.executeUpdate(m.responsibleUpdate, { args: [name('o-co', 'u-co')] }),
      );
      expect(again.type).toBe(REFUSAL.state);
      await handle.executeUpdate(m.responsibleUpdate, { args: [name('o-co', 'u-co2')] });
      await handle.executeUpdate(m.cancelUpdate, {
        args: [{ ...actor(u.controller), reason: 'Repealed' }],
      });
      const late = await refusalOf(
        handle.executeUpdate(m.responsibleUpdate, { args: [name('o-lead', 'u-exec')] }),
      );
      expect(late.type).toBe(REFUSAL.state);
      return handle.query(m.stateQuery);
    });
    expect(view.executions.map((e) => [e.organizationId, e.responsibleId])).toEqual([
      ['o-lead', undefined],
      ['o-co', 'u-co2'],
    ]);
    expect(view.executions[1]).toMatchObject({ responsibleBy: 'u-head' });
    expect(fake.changes.map((c) => c.action)).toEqual([
      'assignment.register',
      'assignment.responsible',
      'assignment.responsible',
      'assignment.cancel',
    ]);
    const told = fake.sent.filter((n) => n.template === 'assignment.responsible');
    expect(told.map((n) => n.to)).toEqual([{ userIds: ['u-co'] }, { userIds: ['u-co2'] }]);
  });

  it('when cancelled, then it completes cancelled and refuses everything after', async () => {
    const fake = fakeActivities();
    const a = input();
    const result = await run(fake.activities, a, async (handle) => {
      const blank = await refusalOf(
        handle.executeUpdate(m.cancelUpdate, { args: [{ ...actor(u.controller), reason: ' ' }] }),
      );
      expect(blank.type).toBe(REFUSAL.input);
      await handle.executeUpdate(m.cancelUpdate, {
        args: [{ ...actor(u.controller), reason: 'Repealed' }],
      });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'Repealed' });
    expect(fake.changes.at(-1)).toMatchObject({
      action: 'assignment.cancel',
      actorId: u.controller,
      ip: '10.0.0.1',
    });
  });
});

describe('sub-assignments', () => {
  const childQuery = (id: string) =>
    wf.env.client.workflow.getHandle(assignmentWorkflowId(id)).query(m.stateQuery);
  const distribute = (h: Handle, targets: { childId: string; orgId: string; deadline: string }[]) =>
    h.executeUpdate(m.distributeUpdate, {
      args: [{ ...actor('u-head'), organizationId: 'o-lead', targets }],
    });

  it('passes an assignment down as child workflows; their changes and timers roll up to the parent', async () => {
    const fake = fakeActivities();
    const a = input({ deadline: addWorkingDays(today(), 20, cal) });
    const childDeadline = addWorkingDays(today(), 5, cal);
    const late = addWorkingDays(today(), 25, cal);
    const view = await run(fake.activities, a, async (handle) => {
      const tooLate = await refusalOf(
        distribute(handle, [{ childId: 'c0', orgId: 'o-sub', deadline: late }]),
      );
      expect(tooLate).toMatchObject({
        type: REFUSAL.input,
        message: expect.stringMatching(/cannot be after/),
      });
      await distribute(handle, [{ childId: 'c1', orgId: 'o-sub', deadline: childDeadline }]);
      const again = await refusalOf(
        distribute(handle, [{ childId: 'c2', orgId: 'o-sub', deadline: childDeadline }]),
      );
      expect(again.type).toBe(REFUSAL.state);
      expect(await childQuery('c1')).toMatchObject({
        parentId: a.id,
        leadOrgId: 'o-sub',
        controllerId: 'u-head',
        verificationChain: ['u-head'],
        watcherOrgIds: ['o-lead'],
        deadline: childDeadline,
      });
      // The child's own overdue timer fires; the parent hears of it.
      await wf.env.sleep('10 days');
      return handle.query(m.stateQuery);
    });
    expect(view.children).toEqual([
      {
        id: 'c1',
        organizationId: 'o-sub',
        deadline: childDeadline,
        status: 'in_execution',
        overdue: true,
      },
    ]);
    expect(
      fake.sent.filter((n) => n.template === 'assignment.overdue').map((n) => n.to.orgIds),
    ).toEqual([['o-sub']]);
  });

  it('closing the parent waits for its children; cancelling it cancels them', async () => {
    const fake = fakeActivities();
    const a = input();
    await run(fake.activities, a, async (handle) => {
      await distribute(handle, [
        { childId: 'k1', orgId: 'o-sub', deadline: addWorkingDays(today(), 5, cal) },
      ]);
      await report(handle, 'f1', 'o-lead', 'final', 'u-exec');
      await handle.executeUpdate(m.reviewUpdate, {
        args: [{ ...actor(u.controller), reportId: 'f1', decision: 'accept', rating: 5 }],
      });
      const blocked = await refusalOf(
        handle.executeUpdate(m.closeUpdate, { args: [actor(u.controller)] }),
      );
      expect(blocked).toMatchObject({
        type: REFUSAL.state,
        message: expect.stringMatching(/still open/),
      });
      await handle.executeUpdate(m.cancelUpdate, {
        args: [{ ...actor(u.controller), reason: 'Repealed' }],
      });
      const child = await wf.env.client.workflow.getHandle(assignmentWorkflowId('k1')).result();
      expect(child).toMatchObject({ status: 'cancelled', cancelReason: 'Repealed' });
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    });
  });
});
