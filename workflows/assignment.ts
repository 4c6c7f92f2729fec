import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { AssignmentState } from './assignment-state';
import { acts, createEffects } from './effects';
import * as m from './messages';
import { PATCH } from './patches';
import { nextPeriod, periodAt, type Period } from './periods';
import { Replies } from './replies';
import { newId, runIsLong } from './runs';
import { localDate, localTime, nextTimer, pendingTimerKeys, type Timer } from './timers';
import {
  assignmentWorkflowId,
  type ActionResult,
  type Actor,
  type AssignmentInput,
  type AssignmentView,
  type ChildSummary,
  type Periodicity,
} from './types';

const DAY_MS = 86_400_000;

/** Calendar years a deadline's arithmetic may touch. */
const yearsAround = (date: string) => {
  const y = Number(date.slice(0, 4));
  return [y - 1, y, y + 1];
};

/** One action: its validator, how it names what it creates, its change and who hears of it. */
interface Step<A, N> {
  validate: (args: A, now: number) => void;
  /** Gives what the action creates an id (one sent by a v0.1.0 caller is kept). */
  name?: (args: A) => N;
  apply: (args: N, now: number) => AssignmentView;
  /** The ids the action made, for its answer. */
  created?: (args: N) => string[];
  tell?: (view: AssignmentView, args: N) => Promise<unknown>;
}

/** One assignment under control, from issuance to closure or cancellation. */
export async function assignmentWorkflow(input: AssignmentInput): Promise<AssignmentView> {
  // No await before every handler is set: an update that arrives first must find its handler.
  const state = new AssignmentState(input);
  const executors = (view: AssignmentView) => view.executions.map((e) => e.organizationId);
  const lead = (view: AssignmentView) => [view.leadOrgId];
  const fx = createEffects(input);
  const { notify, commit } = fx;
  const replies = new Replies(input.carry?.replies);
  /** Sub-assignments that have told this one of their first change (their row exists). */
  const heard = new Set<string>();
  let calendarYears = input.carry?.calendarYears ?? yearsAround(state.snapshot.deadline);
  /** Grows when the calendar is read again, so the deadline watch works its timers out anew. */
  let calendarStamp = 0;

  /**
   * Registers one action: the validator refuses without changing anything; the handler
   * applies it, records it, then tells the people concerned. A repeated update id gets the
   * first answer and changes nothing.
   */
  function action<A extends Actor, N extends Actor = A>(
    update: UpdateDefinition<ActionResult, [A]>,
    name: string,
    step: Step<A, N>,
  ): void {
    setHandler(
      update,
      async (raw) => {
        const known = replies.known();
        if (known) return known;
        const args = step.name ? step.name(raw) : (raw as unknown as N);
        const view = step.apply(args, Date.now());
        await commit(view, name, args);
        await step.tell?.(view, args);
        const result = { version: view.version, ids: step.created?.(args) ?? [] };
        replies.remember(result);
        return result;
      },
      {
        validator: (raw) => {
          if (!replies.known()) step.validate(raw, Date.now());
        },
      },
    );
  }

  setHandler(m.stateQuery, () => state.snapshot);
  setHandler(m.registeredUpdate, async () => {
    await condition(() => fx.recorded() >= 1);
    return { version: fx.recorded(), ids: [] };
  });
  action(m.acknowledgeUpdate, 'assignment.acknowledge', {
    validate: (a) => state.assertAcknowledge(a),
    apply: (a, now) => state.acknowledge(a, now),
  });
  action(m.responsibleUpdate, 'assignment.responsible', {
    validate: (a) => state.assertResponsible(a),
    apply: (a, now) => state.assignResponsible(a, now),
    tell: (view, a) => notify(view, 'assignment.responsible', { userIds: [a.userId] }),
  });
  action(m.reportUpdate, 'assignment.report', {
    validate: (a) => state.assertReport(a),
    name: (a) => ({ ...a, reportId: a.reportId ?? newId() }),
    apply: (a, now) => state.submitReport(a, now),
    created: (a) => [a.reportId],
    tell: (view, a) => {
      const report = view.reports.find((r) => r.id === a.reportId);
      if (report?.status === 'under_review')
        return notify(view, 'assignment.report_submitted', {
          userIds: [view.verificationChain[0] as string],
        });
      if (report?.role === 'input')
        return notify(view, 'assignment.input_received', { orgIds: lead(view) });
      return Promise.resolve();
    },
  });
  action(m.reviewUpdate, 'assignment.review', {
    validate: (a, now) => state.assertReview(a, now),
    apply: (a, now) => state.review(a, now),
    tell: (view, a) => {
      if (a.decision === 'return')
        return notify(
          view,
          'assignment.returned',
          { orgIds: lead(view) },
          { comment: a.comment ?? '' },
        );
      if (view.status === 'accepted')
        return notify(view, 'assignment.accepted', {
          orgIds: lead(view),
          userIds: [view.controllerId],
        });
      const next = state.reviewerOf(a.reportId);
      return notify(view, 'assignment.report_submitted', { userIds: next ? [next] : [] });
    },
  });
  action(m.extensionUpdate, 'assignment.extension.request', {
    validate: (a, now) => state.assertExtension(a, now),
    name: (a) => ({ ...a, requestId: a.requestId ?? newId() }),
    apply: (a, now) => state.requestExtension(a, now),
    created: (a) => [a.requestId],
    tell: (view, a) =>
      notify(
        view,
        'assignment.extension_requested',
        { userIds: [view.controllerId] },
        { proposedDeadline: a.proposedDeadline, comment: a.reason },
      ),
  });
  action(m.extensionDecisionUpdate, 'assignment.extension.decide', {
    validate: (a) => state.assertExtensionDecision(a),
    apply: (a, now) => state.decideExtension(a, now),
    tell: (view, a) =>
      notify(
        view,
        `assignment.extension_${a.decision === 'approve' ? 'approved' : 'rejected'}`,
        { orgIds: lead(view) },
        { comment: a.comment ?? '' },
      ),
  });
  action(m.inspectionUpdate, 'assignment.inspection.start', {
    validate: (a) => state.assertInspection(a),
    name: (a) => ({ ...a, inspectionId: a.inspectionId ?? newId() }),
    apply: (a, now) => state.startInspection(a, now),
    created: (a) => [a.inspectionId],
    tell: (view, a) =>
      notify(
        view,
        'assignment.inspection_started',
        { orgIds: executors(view), userIds: a.inspectorIds },
        { plannedAt: a.plannedAt },
      ),
  });
  action(m.inspectionResultUpdate, 'assignment.inspection.result', {
    validate: (a, now) => state.assertInspectionResult(a, now),
    apply: (a, now) => state.recordInspectionResult(a, now),
    tell: (view, a) =>
      notify(
        view,
        'assignment.inspection_result',
        { orgIds: executors(view), userIds: [view.controllerId] },
        { outcome: a.outcome, comment: a.findings },
      ),
  });
  action(m.closeUpdate, 'assignment.close', {
    validate: (a) => state.assertClose(a),
    apply: (a, now) => state.close(a, now),
    tell: (view) => notify(view, 'assignment.closed', { orgIds: executors(view) }),
  });
  action(m.cancelUpdate, 'assignment.cancel', {
    validate: (a) => state.assertCancellable(a),
    apply: (a, now) => state.cancel(a, now),
    tell: async (view, a) => {
      await cancelChildren(a.reason);
      await notify(
        view,
        'assignment.cancelled',
        { orgIds: executors(view) },
        { comment: a.reason },
      );
    },
  });
  action(m.distributeUpdate, 'assignment.distribute', {
    validate: (a, now) => state.assertDistribute(a, now),
    name: (a) => ({
      ...a,
      targets: a.targets.map((t) => ({ ...t, childId: t.childId ?? newId() })),
    }),
    apply: (a) => state.distribute(a),
    created: (a) => a.targets.map((t) => t.childId),
    tell: async (view, a) => {
      for (const t of a.targets) {
        const child = view.children.find((c) => c.id === t.childId) as ChildSummary;
        await startSub({
          id: t.childId,
          clause: `${view.clause} / ${view.children.indexOf(child) + 1}`,
          text: t.text ?? view.text,
          leadOrgId: t.orgId,
          coOrgIds: [],
          controllerId: a.actorId,
          deadline: child.deadline,
          verificationChain: [a.actorId],
          watcherOrgIds: [...(input.watcherOrgIds ?? []), a.organizationId],
        });
      }
      // Answer once each sub-assignment has written its row, so it can be opened at once.
      if (patched(PATCH.distributeWaits))
        await condition(() => a.targets.every((t) => heard.has(t.childId)));
    },
  });

  /** Starts a sub-assignment (passed down, or a period) with the full lifecycle of its own. */
  async function startSub(fields: Partial<AssignmentInput> & { id: string }): Promise<void> {
    // A sub-assignment has one deadline of its own and starts afresh.
    const base: AssignmentInput = { ...input };
    delete base.resume;
    delete base.carry;
    delete base.periodicity;
    delete base.period;
    await startChild(assignmentWorkflow, {
      workflowId: assignmentWorkflowId(fields.id),
      // The parent ends explicitly: closing waits for its children, cancelling cancels them.
      // A parent also continues as new while its sub-assignments run on.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ ...base, ...fields, calendar: state.calendar, parentId: input.id }],
    });
  }
  setHandler(m.childChangedSignal, async (summary) => {
    heard.add(summary.id);
    const view = state.childChanged(summary);
    if (view) await commit(view, 'assignment.child', null, `${summary.id}: ${summary.status}`);
  });
  setHandler(m.parentCancelledSignal, async ({ reason }) => {
    if (state.finished) return;
    const view = state.cancel({ actorId: '', reason }, Date.now());
    await commit(view, 'assignment.cancel', null, 'the parent assignment was cancelled');
    await cancelChildren(reason);
    await notify(view, 'assignment.cancelled', { orgIds: executors(view) }, { comment: reason });
  });
  setHandler(m.feedbackSignal, async (args) => {
    if (!patched(PATCH.citizenFeedback)) return;
    const got = state.receiveFeedback(args);
    if (!got) return;
    await commit(got.view, 'assignment.feedback', null, `rating ${args.rating}`);
    if (got.alert)
      await notify(
        got.view,
        'assignment.feedback_alert',
        { userIds: [got.view.controllerId] },
        { negative: String(got.view.feedback?.sinceInspection ?? 0) },
      );
  });
  setHandler(m.calendarChangedSignal, async ({ years }) => {
    if (state.finished || !years.some((y) => calendarYears.includes(y))) return;
    state.calendar = await acts.loadCalendar(calendarYears);
    calendarStamp += 1;
  });

  /** The state marked them cancelled with their parent; one that had ended ignores the signal. */
  async function cancelChildren(reason: string): Promise<void> {
    for (const c of state.snapshot.children.filter((x) => x.status === 'cancelled')) {
      await getExternalWorkflowHandle(assignmentWorkflowId(c.id))
        .signal(m.parentCancelledSignal, { reason })
        .catch((err: unknown) => log.info('sub-assignment not reached', { id: c.id, err }));
    }
  }

  if (!input.resume) {
    const issued = state.issue();
    await commit(issued, 'assignment.register', null);
    // A period is the controller's own doing: only its executors hear of it.
    if (!input.period)
      await notify(issued, 'assignment.registered', { userIds: [input.controllerId] });
    await notify(issued, 'assignment.assigned', { orgIds: executors(issued) });
  }

  async function fire(timer: Timer): Promise<void> {
    const now = Date.now();
    if (timer.kind === 'reminder') {
      const view = state.snapshot;
      const e = view.executions.find((x) => x.organizationId === timer.organizationId);
      await fx.send({
        key: `${workflowInfo().workflowId}/${timer.key}`,
        to: { orgIds: [timer.organizationId as string] },
        template: 'assignment.reminder',
        params: {
          clause: view.clause,
          deadline: e?.deadline ?? view.deadline,
          text: view.text,
          daysLeft: String(timer.daysLeft),
        },
        subjectRef: view.id,
      });
    } else if (timer.kind === 'overdue') {
      const view = state.markOverdue(now);
      await commit(view, 'assignment.overdue', null);
      await notify(view, 'assignment.overdue', {
        orgIds: lead(view),
        userIds: [view.controllerId],
      });
    } else {
      const view = state.markEscalated();
      await commit(view, 'assignment.escalate', null);
      await notify(view, 'assignment.escalated', {
        roles: ['observer'],
        userIds: [view.controllerId],
      });
    }
  }

  /**
   * Continues as new with the state, the workflow's bookkeeping and its queued mail, once
   * every handler and write is done. An assignment that finished meanwhile ends here instead.
   */
  async function continueRun(
    timers?: () => { fired: string[]; scheduledFrom: number },
  ): Promise<void> {
    const queued = await fx.settle();
    if (patched(PATCH.boundedRuns) && state.finished) {
      fx.resume();
      return;
    }
    // Worked out after settling: an action taken meanwhile may have moved the deadlines.
    const watch = timers?.();
    await continueAsNew<typeof assignmentWorkflow>({
      ...input,
      calendar: state.calendar,
      resume: state.snapshot,
      carry: {
        replies: replies.toJSON(),
        calendarYears,
        fired: watch?.fired ?? [],
        scheduledFrom: watch?.scheduledFrom ?? Date.now(),
        outbox: queued,
      },
    });
  }

  /**
   * Waits until `at`; true if the assignment finished first. A run whose history has reached
   * its bound stops waiting early, so that it continues as new and the next run waits on.
   */
  async function waitUntil(at: number): Promise<boolean> {
    if (!patched(PATCH.boundedRuns))
      return condition(() => state.finished, Math.max(at - Date.now(), 1));
    for (;;) {
      if (state.finished) return true;
      const left = at - Date.now();
      if (left <= 0 || runIsLong()) return false;
      const version = state.version;
      await condition(() => state.finished || state.version !== version, left);
    }
  }

  /**
   * A periodic assignment opens each period as a sub-assignment when the period begins. Each
   * run of the workflow handles one period (or less, if its history grows long), then
   * continues as new with its state. After the last period, it closes once every period is
   * closed.
   */
  async function runPeriods(periodicity: Periodicity): Promise<void> {
    // A run continued from one that was cancelled while it drained opens nothing.
    if (patched(PATCH.boundedRuns) && state.finished) return;
    const current = periodAt(periodicity, localDate(Date.now()));
    if (!state.hasPeriod(current.key)) await openPeriod(current);
    const next = nextPeriod(periodicity, current);
    if (next.start <= periodicity.until) {
      if (await waitUntil(localTime(next.start, 0))) return;
      await continueRun();
      return;
    }
    await condition(() => state.finished || state.openChildren().length === 0);
    if (state.finished) return;
    const view = state.endPeriods(Date.now());
    await commit(view, 'assignment.close', null, 'end date passed');
    await notify(view, 'assignment.closed', { orgIds: executors(view) });
  }

  async function openPeriod(period: Period): Promise<void> {
    state.calendar = await acts.loadCalendar(yearsAround(period.due));
    // Cancelled while the calendar was read: the period does not open.
    if (patched(PATCH.boundedRuns) && state.finished) return;
    const id = newId();
    const view = state.openPeriod(id, period.key, period.due);
    await commit(view, 'assignment.period', null, period.key);
    await startSub({
      id,
      clause: `${view.clause} (${period.key})`,
      period: period.key,
      deadline: period.due,
    });
  }

  /** Reads the calendar of the years the deadline now needs, if it moved out of those loaded. */
  async function coverDeadlineYears(): Promise<void> {
    const need = yearsAround(state.snapshot.deadline);
    if (need.every((y) => calendarYears.includes(y))) return;
    calendarYears = need;
    state.calendar = await acts.loadCalendar(need);
    calendarStamp += 1;
  }

  // The timer loop: wait for the next reminder, overdue or escalation moment, or for any
  // change, then work the schedule out again from the current state.
  async function watchDeadlines(): Promise<void> {
    const fired = new Set(input.carry?.fired ?? []);
    const scheduleOf = () => {
      const v = state.snapshot;
      return JSON.stringify([v.executions.map((e) => e.deadline), v.extensionPending, v.status]);
    };
    let schedule = scheduleOf();
    let scheduledFrom = input.carry?.scheduledFrom ?? Date.now();
    /** A new deadline, a paused or resumed clock: timers count from now. */
    const rescheduled = () => {
      if (scheduleOf() === schedule) return;
      schedule = scheduleOf();
      scheduledFrom = Date.now();
    };
    // v0.1.0 read the calendar again once a day; now a calendar change arrives by signal.
    let calendarAt = Date.now();
    while (!state.finished) {
      const bySignal = patched(PATCH.calendarSignal);
      if (bySignal) await coverDeadlineYears();
      else if (Date.now() - calendarAt >= DAY_MS) {
        state.calendar = await acts.loadCalendar(yearsAround(state.snapshot.deadline));
        calendarAt = Date.now();
      }
      rescheduled();
      if (patched(PATCH.boundedRuns) && runIsLong()) {
        await continueRun(() => {
          rescheduled();
          const keys = pendingTimerKeys(state.snapshot, state.calendar, scheduledFrom);
          return { fired: [...fired].filter((k) => keys.has(k)), scheduledFrom };
        });
        continue;
      }
      const timer = nextTimer(state.snapshot, state.calendar, scheduledFrom, fired);
      const version = state.version;
      const stamp = calendarStamp;
      const changed = () => state.version !== version || state.finished || calendarStamp !== stamp;
      if (!timer) {
        await condition(changed);
        continue;
      }
      // Wake at the timer or on any change (v0.1.0: also after a day, to read the calendar).
      const wait = timer.at - Date.now();
      if (wait > 0) {
        await condition(changed, bySignal ? wait : Math.min(wait, DAY_MS));
        continue;
      }
      fired.add(timer.key);
      await fire(timer);
    }
  }

  if (input.periodicity) await runPeriods(input.periodicity);
  else await watchDeadlines();
  await fx.drain();
  return state.snapshot;
}
