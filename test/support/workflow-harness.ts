// Time-skipping harness for workflow tests: fake activities that record what the workflow
// asked, a worker per test on its own queue, and clean-up of whatever is left running.
import crypto from 'node:crypto';
import { saveHistory } from './histories';
import type { WorkerOptions } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import { createWorker } from '../../worker/create-worker';
import { assignmentWorkflow } from '../../workflows/assignment';
import { addWorkingDays, defaultCalendar } from '../../workflows/calendar';
import * as m from '../../workflows/messages';
import { localDate } from '../../workflows/timers';
import {
  assignmentWorkflowId,
  type AssignmentInput,
  type AssignmentView,
  type ChangeArgs,
  type NotifyArgs,
} from '../../workflows/types';
import { timeSkippingEnv } from './temporal';

/** The time-skipping environment of the test file that called `useTimeSkipping`. */
export const wf = {} as { env: TestWorkflowEnvironment };

/** One time-skipping test server per test file; `today()` follows its skipped clock. */
export function useTimeSkipping(): void {
  beforeAll(async () => {
    wf.env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await wf.env?.teardown();
  });
  beforeEach(async () => {
    todayIs = localDate(await wf.env.currentTimeMs());
  });
}

export const cal = defaultCalendar([2025, 2026, 2027, 2028]);
export const u = { controller: 'u-controller', second: 'u-second', inspector: 'u-inspector' };

/** Activities that record what the workflow asked, with the (skipped) time it asked it. */
export function fakeActivities() {
  const changes: ChangeArgs[] = [];
  const sent: (NotifyArgs & { at: number })[] = [];
  let digests = 0;
  const snapshots: string[] = [];
  let reconciles = 0;
  let reports = 0;
  const activities: Activities = {
    recordChange: async (args) => {
      changes.push(args);
      return 'written';
    },
    notify: async (args) => {
      // To the minute: the activity is scheduled a few milliseconds after its timer fired.
      const at = Math.floor(Context.current().info.scheduledTimestampMs / 60_000) * 60_000;
      sent.push({ ...args, at });
    },
    // Through the object, so a test that replaces `notify` (a relay that is down) covers both.
    notifyAll: async (list) => {
      for (const n of list) await activities.notify(n);
    },
    sendDigests: async () => {
      digests += 1;
      return { mailed: 0, carried: 0 };
    },
    loadCalendar: async (years) => defaultCalendar(years),
    assignmentsTouchingYear: async () => [],
    askReconcile: async () => {
      reconciles += 1;
    },
    sendDisciplineReport: async () => {
      reports += 1;
      return { mailed: 0, observers: 0 };
    },
    snapshotRatings: async (month) => {
      snapshots.push(month);
      return { month, organizations: 0 };
    },
  };
  return {
    changes,
    sent,
    activities,
    digests: () => digests,
    snapshots,
    reconciles: () => reconciles,
    reports: () => reports,
  };
}

/** Today in the test server's (skipped) time: each test starts where the last one left it. */
let todayIs = '';
export const today = () => todayIs;

export const input = (over: Partial<AssignmentInput> = {}): AssignmentInput => ({
  id: crypto.randomBytes(12).toString('hex'),
  documentId: 'd1',
  clause: '2-band',
  text: 'Report on progress',
  leadOrgId: 'o-lead',
  coOrgIds: [],
  controllerId: u.controller,
  deadline: addWorkingDays(today(), 15, cal),
  public: false,
  verificationChain: [u.controller],
  rules: { reminderDays: [10, 5, 3, 1, 0], coDeadlineOffset: 3, escalationDays: 3 },
  calendar: cal,
  ...over,
});

/** Every run of a workflow, first to last, following continue-as-new back from the latest. */
export async function runsOf(workflowId: string): Promise<unknown[]> {
  const runs: unknown[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await wf.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    runId =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ??
      undefined;
    if (!runId) return runs;
  }
}

const testName = () =>
  (expect.getState().currentTestName ?? 'history')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80);

/**
 * With IJRO_RECORD_HISTORIES=1, saves every run of a workflow for the replay gate: the last
 * as `<name>`, the earlier ones as `<name>.run-N`.
 */
export async function recordRuns(name: string, workflowId: string): Promise<void> {
  if (!process.env.IJRO_RECORD_HISTORIES) return;
  const runs = await runsOf(workflowId);
  runs.forEach((history, i) =>
    saveHistory(i === runs.length - 1 ? name : `${name}.run-${i + 1}`, history),
  );
}

/**
 * With IJRO_RECORD_HISTORIES=1 each test's histories are saved for the replay gate: the
 * assignment's runs as `<test>[.run-N]`, its sub-assignments' as `<test>.child-K[.run-N]`.
 */
export async function record(handle: WorkflowHandle): Promise<void> {
  if (!process.env.IJRO_RECORD_HISTORIES) return;
  const name = testName();
  const children = (await handle.query(m.stateQuery)).children;
  await recordRuns(name, handle.workflowId);
  for (const [k, c] of children.entries())
    await recordRuns(`${name}.child-${k + 1}`, assignmentWorkflowId(c.id));
}

/** A worker on a queue of its own, with these activities, on the time-skipping server. */
export async function testWorker(
  activities: Activities,
  workerOptions: Partial<WorkerOptions> = {},
) {
  const taskQueue = `test-${crypto.randomUUID()}`;
  const worker = await createWorker({
    connection: wf.env.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: { mailer: { send: async () => undefined, close: () => undefined } },
    extra: { activities, ...workerOptions },
  });
  return { taskQueue, worker };
}

export async function run<T>(
  activities: Activities,
  a: AssignmentInput,
  fn: (handle: WorkflowHandle<typeof assignmentWorkflow>) => Promise<T>,
  workerOptions: Partial<WorkerOptions> = {},
): Promise<T> {
  const { taskQueue, worker } = await testWorker(activities, workerOptions);
  return worker.runUntil(async () => {
    const handle = await wf.env.client.workflow.start(assignmentWorkflow, {
      workflowId: assignmentWorkflowId(a.id),
      taskQueue,
      args: [a],
    });
    try {
      const result = await fn(handle);
      await record(handle);
      return result;
    } finally {
      // A workflow left running with nobody polling its queue would stall the skipped clock.
      const children = (await handle.query(m.stateQuery)).children;
      for (const h of [
        handle,
        ...children.map((c) => wf.env.client.workflow.getHandle(assignmentWorkflowId(c.id))),
      ]) {
        const { status } = await h.describe();
        if (status.name === 'RUNNING') await h.terminate('test done');
      }
    }
  });
}

export const refusalOf = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
};
export const actor = (actorId: string) => ({ actorId, ip: '10.0.0.1' });
export type Handle = WorkflowHandle<typeof assignmentWorkflow>;
export const report = (
  h: Handle,
  reportId: string,
  organizationId: string,
  kind: 'interim' | 'final',
  by: string,
) =>
  h.executeUpdate(m.reportUpdate, {
    args: [{ ...actor(by), reportId, organizationId, kind, text: 'Done', attachmentIds: [] }],
  });
export const askExtension = (h: Handle, requestId: string, proposedDeadline: string) =>
  h.executeUpdate(m.extensionUpdate, {
    args: [
      {
        ...actor('u-exec'),
        requestId,
        organizationId: 'o-lead',
        proposedDeadline,
        reason: 'Tender',
      },
    ],
  });
export const reminders = (sent: (NotifyArgs & { at: number })[]) =>
  sent.filter((n) => n.template === 'assignment.reminder');

/**
 * The parent once its newest period has opened and that period's workflow has started (the
 * parent records the period just before starting it).
 */
export async function opened(h: Handle, count = 1): Promise<AssignmentView> {
  for (;;) {
    const view = await h.query(m.stateQuery);
    const newest = view.children[count - 1];
    const started =
      newest &&
      (await wf.env.client.workflow
        .getHandle(assignmentWorkflowId(newest.id))
        .describe()
        .then(() => true)
        .catch(() => false));
    if (started) return view;
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** Skips the test server's clock to a local moment. */
export const sleepUntil = async (at: number) => wf.env.sleep(at - (await wf.env.currentTimeMs()));
