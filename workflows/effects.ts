import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/common';
import type { Activities } from '../activities';
import * as m from './messages';
import { PATCH } from './patches';
import {
  assignmentWorkflowId,
  type Actor,
  type AssignmentInput,
  type AssignmentView,
  type ChildSummary,
  type NotifyArgs,
  type Recipients,
} from './types';

const RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
};
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY,
});
/**
 * From v0.3.0 a change is written by a local activity: run by the worker that runs the
 * workflow, within its task, with one marker in the history instead of three events and two
 * more workflow tasks on the server. Mail stays a regular activity: a relay that is down must
 * not hold the workflow's task open while the people acting wait.
 */
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: RETRY });

/** Notifications sent by one activity at most (a burst of actions queues more). */
const MAIL_BATCH = 10;

/**
 * What an assignment's workflow does to the world, in order: its changes written to the read
 * model and the audit chain (and told to its parent), and its notifications.
 */
export function createEffects(input: AssignmentInput) {
  const { workflowId } = workflowInfo();

  // Notifications wait in a queue that one loop sends in order, so an action answers as soon
  // as it is recorded: a mail relay that is down delays mail, never the people acting.
  const outbox: NotifyArgs[] = [...(input.carry?.outbox ?? [])];
  let sending = false;
  /** Set while a run settles before continuing as new: what is queued goes with the next run. */
  let settling = false;
  const send = (n: NotifyArgs) => {
    outbox.push(n);
    return Promise.resolve();
  };
  void (async () => {
    for (;;) {
      await condition(() => outbox.length > 0 && !settling);
      sending = true;
      // Retries are the activity's (with backoff, without end); only a refusal ends up here.
      if (patched(PATCH.batchedMail)) {
        // What an action queued together (a registration's two notices) goes in one activity.
        const batch = outbox.splice(0, MAIL_BATCH);
        await acts
          .notifyAll(batch)
          .catch((err: unknown) =>
            log.warn('notifications dropped', { keys: batch.map((n) => n.key), err }),
          );
      } else {
        const next = outbox.shift() as NotifyArgs;
        await acts
          .notify(next)
          .catch((err: unknown) => log.warn('notification dropped', { key: next.key, err }));
      }
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

  // Writes go one after another, in version order, so the audit chain and the parent hear
  // the changes in the order they happened even when an update races the registration.
  let writes: Promise<unknown> = Promise.resolve();
  let pending = 0;
  /** The newest version whose write has finished: the row in MongoDB has it. */
  let recorded = input.resume?.version ?? 0;

  /** Writes a change: the read-model row and the audit event, in one activity. */
  const commit = (view: AssignmentView, action: string, actor: Actor | null, detail?: string) => {
    pending += 1;
    const write = writes.then(async () => {
      try {
        const record = patched(PATCH.localWrites) ? local.recordChange : acts.recordChange;
        await record({
          view,
          action,
          actorId: actor?.actorId ?? null,
          ip: actor?.ip ?? null,
          ...(detail ? { detail } : {}),
        });
        recorded = Math.max(recorded, view.version);
        if (input.parentId) await tellParent(input.parentId, view);
      } finally {
        pending -= 1;
      }
    });
    writes = write.catch(() => undefined);
    return write;
  };

  /** Waits for every handler, write and notification: nothing is left when the workflow ends. */
  async function drain(): Promise<void> {
    if (patched(PATCH.boundedRuns)) {
      settling = false;
      // All at once: a handler that starts while mail is sent adds writes and mail of its own.
      await condition(
        () => pending === 0 && outbox.length === 0 && !sending && allHandlersFinished(),
      );
      return;
    }
    await condition(allHandlersFinished);
    await writes;
    await condition(() => outbox.length === 0 && !sending);
  }

  /**
   * Before continuing as new: waits for every handler, every write and the notification being
   * sent (one sent twice at once could mail twice); the ones still queued go with the next run,
   * first. Waiting for the whole queue would let a stream of actions, each adding mail, hold
   * the run open past its bound. Answers the queue to carry; `resume` undoes it.
   */
  async function settle(): Promise<NotifyArgs[]> {
    if (!patched(PATCH.boundedRuns)) {
      await drain();
      return [];
    }
    settling = true;
    await condition(() => pending === 0 && !sending && allHandlersFinished());
    return [...outbox];
  }

  /** The run goes on after all (it finished while it settled): mail goes out again. */
  const resume = () => {
    settling = false;
  };

  return { send, notify, commit, drain, settle, resume, recorded: () => recorded };
}

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

export type Effects = ReturnType<typeof createEffects>;
