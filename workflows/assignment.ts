import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities';
import { AssignmentState } from './assignment-state';
import * as m from './messages';
import { nextPeriod, periodAt, type Period } from './periods';
import { localDate, localTime, nextTimer, type Timer } from './timers';
import {
  assignmentWorkflowId,
  type Actor,
  type AssignmentInput,
  type AssignmentView,
  type ChildSummary,
  type NotifyArgs,
  type Periodicity,
  type Recipients,
} from './types';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const DAY_MS = 86_400_000;

/** Calendar years a deadline's arithmetic may touch. */
const yearsAround = (date: string) => {
  const y = Number(date.slice(0, 4));
  return [y - 1, y, y + 1];
};

/** One assignment under control, from issuance to closure or cancellation. */
export async function assignmentWorkflow(input: AssignmentInput): Promise<AssignmentView> {
  const { workflowId } = workflowInfo();
  // No await before every handler is set: an update that arrives first must find its handler.
  const state = new AssignmentState(input);
  const executors = (view: AssignmentView) => view.executions.map((e) => e.organizationId);
  const lead = (view: AssignmentView) => [view.leadOrgId];

  // Notifications wait in a queue that one loop sends in order, so an action answers as soon
  // as it is recorded: a mail relay that is down delays mail, never the people acting.
  const outbox: NotifyArgs[] = [];
  let sending = false;
  const send = (n: NotifyArgs) => {
    outbox.push(n);
    return Promise.resolve();
  };
  void (async () => {
    for (;;) {
      await condition(() => outbox.length > 0);
      sending = true;
      const next = outbox.shift() as NotifyArgs;
      // Retries are the activity's (with backoff, without end); only a refusal ends up here.
      await acts
        .notify(next)
        .catch((err: unknown) => log.warn('notification dropped', { key: next.key, err }));
      sending = false;
    }
  })();

  /** Queues one notification; its key makes a retry or a replay send nothing twice. */
  const notify = (view: AssignmentView, template: string, to: Recipients, extra = {}) =>
    send({
      key: `${workflowId}/v${view.version}/${template}`,
      to,
      template,
      params: { clause: view.clause, deadline: view.deadline, text: view.text, ...extra },
      subjectRef: view.id,
    });

  /** Writes a change: the read-model row and the audit event, in one activity. */
  // Writes go one after another, in version order, so the audit chain and the parent hear
  // the changes in the order they happened even when an update races the registration.
  let writes: Promise<unknown> = Promise.resolve();
  const commit = (view: AssignmentView, action: string, actor: Actor | null, detail?: string) => {
    const write = writes.then(async () => {
      await acts.recordChange({
        view,
        action,
        actorId: actor?.actorId ?? null,
        ip: actor?.ip ?? null,
        ...(detail ? { detail } : {}),
      });
      if (input.parentId) await tellParent(input.parentId, view);
    });
    writes = write.catch(() => undefined);
    return write;
  };

  /**
   * Registers one action: the validator refuses without changing anything; the handler
   * applies it, records it, then tells the people concerned.
   */
  function action<A extends Actor>(
    update: UpdateDefinition<AssignmentView, [A]>,
    name: string,
    validate: (args: A, now: number) => void,
    apply: (args: A, now: number) => AssignmentView,
    tell?: (view: AssignmentView, args: A) => Promise<unknown>,
  ): void {
    setHandler(
      update,
      async (args) => {
        const view = apply(args, Date.now());
        await commit(view, name, args);
        await tell?.(view, args);
        return view;
      },
      { validator: (args) => validate(args, Date.now()) },
    );
  }

  setHandler(m.stateQuery, () => state.snapshot);
  action(
    m.acknowledgeUpdate,
    'assignment.acknowledge',
    (a) => state.assertAcknowledge(a),
    (a, now) => state.acknowledge(a, now),
  );
  action(
    m.reportUpdate,
    'assignment.report',
    (a) => state.assertReport(a),
    (a, now) => state.submitReport(a, now),
    (view, a) => {
      const report = view.reports.find((r) => r.id === a.reportId);
      if (report?.status === 'under_review')
        return notify(view, 'assignment.report_submitted', {
          userIds: [view.verificationChain[0] as string],
        });
      if (report?.role === 'input')
        return notify(view, 'assignment.input_received', { orgIds: lead(view) });
      return Promise.resolve();
    },
  );
  action(
    m.reviewUpdate,
    'assignment.review',
    (a, now) => state.assertReview(a, now),
    (a, now) => state.review(a, now),
    (view, a) => {
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
  );
  action(
    m.extensionUpdate,
    'assignment.extension.request',
    (a, now) => state.assertExtension(a, now),
    (a, now) => state.requestExtension(a, now),
    (view, a) =>
      notify(
        view,
        'assignment.extension_requested',
        { userIds: [view.controllerId] },
        {
          proposedDeadline: a.proposedDeadline,
          comment: a.reason,
        },
      ),
  );
  action(
    m.extensionDecisionUpdate,
    'assignment.extension.decide',
    (a) => state.assertExtensionDecision(a),
    (a, now) => state.decideExtension(a, now),
    (view, a) =>
      notify(
        view,
        `assignment.extension_${a.decision === 'approve' ? 'approved' : 'rejected'}`,
        {
          orgIds: lead(view),
        },
        { comment: a.comment ?? '' },
      ),
  );
  action(
    m.inspectionUpdate,
    'assignment.inspection.start',
    (a) => state.assertInspection(a),
    (a, now) => state.startInspection(a, now),
    (view, a) =>
      notify(
        view,
        'assignment.inspection_started',
        { orgIds: executors(view), userIds: a.inspectorIds },
        {
          plannedAt: a.plannedAt,
        },
      ),
  );
  action(
    m.inspectionResultUpdate,
    'assignment.inspection.result',
    (a, now) => state.assertInspectionResult(a, now),
    (a, now) => state.recordInspectionResult(a, now),
    (view, a) =>
      notify(
        view,
        'assignment.inspection_result',
        { orgIds: executors(view), userIds: [view.controllerId] },
        {
          outcome: a.outcome,
          comment: a.findings,
        },
      ),
  );
  action(
    m.closeUpdate,
    'assignment.close',
    (a) => state.assertClose(a),
    (a, now) => state.close(a, now),
    (view) => notify(view, 'assignment.closed', { orgIds: executors(view) }),
  );
  action(
    m.cancelUpdate,
    'assignment.cancel',
    (a) => state.assertCancellable(a),
    (a, now) => state.cancel(a, now),
    async (view, a) => {
      await cancelChildren(a.reason);
      await notify(
        view,
        'assignment.cancelled',
        { orgIds: executors(view) },
        { comment: a.reason },
      );
    },
  );
  action(
    m.distributeUpdate,
    'assignment.distribute',
    (a, now) => state.assertDistribute(a, now),
    (a) => state.distribute(a),
    async (view, a) => {
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
    },
  );

  /** Starts a sub-assignment (passed down, or a period) with the full lifecycle of its own. */
  async function startSub(fields: Partial<AssignmentInput> & { id: string }): Promise<void> {
    // A sub-assignment has one deadline of its own and starts afresh.
    const base: AssignmentInput = { ...input };
    delete base.resume;
    delete base.periodicity;
    delete base.period;
    await startChild(assignmentWorkflow, {
      workflowId: assignmentWorkflowId(fields.id),
      // The parent ends explicitly: closing waits for its children, cancelling cancels them.
      // A periodic parent also continues as new while its periods run on.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ ...base, ...fields, calendar: state.calendar, parentId: input.id }],
    });
  }
  setHandler(m.childChangedSignal, async (summary) => {
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

  /** Each of a sub-assignment's changes reaches its parent; a finished parent hears nothing. */
  async function tellParent(parentId: string, view: AssignmentView): Promise<void> {
    const lead = view.executions[0];
    const summary: ChildSummary = {
      id: view.id,
      ...(view.period ? { period: view.period } : {}),
      organizationId: view.leadOrgId,
      deadline: lead?.deadline ?? view.deadline,
      status: view.status,
      overdue: view.overdue,
    };
    await getExternalWorkflowHandle(assignmentWorkflowId(parentId))
      .signal(m.childChangedSignal, summary)
      .catch((err: unknown) => log.info('parent not told', { parentId, err }));
  }

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
      await send({
        key: `${workflowId}/${timer.key}`,
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

  /** Waits for every handler, write and notification, so nothing is lost by continuing. */
  async function drain(): Promise<void> {
    await condition(allHandlersFinished);
    await writes;
    await condition(() => outbox.length === 0 && !sending);
  }

  /**
   * A periodic assignment opens each period as a sub-assignment when the period begins. Each
   * run of the workflow handles one period, then continues as new with its state, so the
   * history stays bounded however many years it runs. After the last period, it closes once
   * every period is closed.
   */
  async function runPeriods(periodicity: Periodicity): Promise<void> {
    const current = periodAt(periodicity, localDate(Date.now()));
    if (!state.hasPeriod(current.key)) await openPeriod(current);
    const next = nextPeriod(periodicity, current);
    if (next.start <= periodicity.until) {
      const wait = Math.max(localTime(next.start, 0) - Date.now(), 1);
      if (await condition(() => state.finished, wait)) return;
      await drain();
      await continueAsNew<typeof assignmentWorkflow>({
        ...input,
        calendar: state.calendar,
        resume: state.snapshot,
      });
    }
    await condition(() => state.finished || state.openChildren().length === 0);
    if (state.finished) return;
    const view = state.endPeriods(Date.now());
    await commit(view, 'assignment.close', null, 'end date passed');
    await notify(view, 'assignment.closed', { orgIds: executors(view) });
  }

  async function openPeriod(period: Period): Promise<void> {
    state.calendar = await acts.loadCalendar(yearsAround(period.due));
    const id = uuid4().replace(/-/g, '').slice(0, 24);
    const view = state.openPeriod(id, period.key, period.due);
    await commit(view, 'assignment.period', null, period.key);
    await startSub({
      id,
      clause: `${view.clause} (${period.key})`,
      period: period.key,
      deadline: period.due,
    });
  }

  // The timer loop: wait for the next reminder, overdue or escalation moment, or for any
  // change, then work the schedule out again from the current state.
  async function watchDeadlines(): Promise<void> {
    const fired = new Set<string>();
    const scheduleOf = () => {
      const v = state.snapshot;
      return JSON.stringify([v.executions.map((e) => e.deadline), v.extensionPending, v.status]);
    };
    let schedule = scheduleOf();
    let scheduledFrom = Date.now();
    // The calendar came with the input; it is read again once a day, so a holiday declared
    // later moves this assignment's reminders and overdue moment by the next day at the latest
    // (reading it on every change would cost an activity per action).
    let calendarAt = Date.now();
    while (!state.finished) {
      if (Date.now() - calendarAt >= DAY_MS) {
        state.calendar = await acts.loadCalendar(yearsAround(state.snapshot.deadline));
        calendarAt = Date.now();
      }
      if (scheduleOf() !== schedule) {
        schedule = scheduleOf();
        scheduledFrom = Date.now();
      }
      const timer = nextTimer(state.snapshot, state.calendar, scheduledFrom, fired);
      const version = state.version;
      const changed = () => state.version !== version || state.finished;
      if (!timer) {
        await condition(changed);
        continue;
      }
      // Wake at the timer, on any change, or after a day to read the calendar again.
      const wait = timer.at - Date.now();
      if (wait > 0) {
        await condition(changed, Math.min(wait, DAY_MS));
        continue;
      }
      fired.add(timer.key);
      await fire(timer);
    }
  }

  if (input.periodicity) await runPeriods(input.periodicity);
  else await watchDeadlines();
  await drain();
  return state.snapshot;
}
