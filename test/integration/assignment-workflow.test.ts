import crypto from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import { createWorker } from '../../worker/create-worker';
import { assignmentWorkflow } from '../../workflows/assignment';
import { cancelUpdate, stateQuery } from '../../workflows/messages';
import {
  REFUSAL,
  assignmentWorkflowId,
  type AssignmentInput,
  type AssignmentView,
  type NotifyArgs,
} from '../../workflows/types';
import { timeSkippingEnv } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

function fakeActivities() {
  const saved: AssignmentView[] = [];
  const sent: NotifyArgs[] = [];
  const activities: Activities = {
    saveAssignment: async (view) => {
      saved.push(view);
    },
    notify: async (args) => {
      sent.push(args);
    },
  };
  return { saved, sent, activities };
}

const input = (): AssignmentInput => ({
  id: crypto.randomBytes(12).toString('hex'),
  documentId: 'd1',
  clause: '2-band',
  text: 'Report on progress',
  leadOrgId: 'o1',
  coOrgIds: ['o2'],
  controllerId: 'u1',
  deadline: '2027-03-31',
  public: false,
});

async function run<T>(activities: Activities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `test-${crypto.randomUUID()}`;
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: { mailer: { send: async () => undefined, close: () => undefined } },
    extra: { activities },
  });
  return worker.runUntil(fn(taskQueue));
}

const start = (taskQueue: string, a: AssignmentInput) =>
  env.client.workflow.start(assignmentWorkflow, {
    workflowId: assignmentWorkflowId(a.id),
    taskQueue,
    args: [a],
  });

describe('assignmentWorkflow', () => {
  it('when started, then it writes its row, notifies the controller once and waits in execution', async () => {
    const fake = fakeActivities();
    const a = input();
    const view = await run(fake.activities, async (taskQueue) => {
      const handle = await start(taskQueue, a);
      await env.sleep('30 days');
      return handle.query(stateQuery);
    });
    expect(view).toMatchObject({ status: 'in_execution', version: 1 });
    expect(fake.saved.map((v) => v.status)).toEqual(['in_execution']);
    expect(fake.sent).toEqual([
      expect.objectContaining({
        key: `assignment-${a.id}/registered`,
        recipientId: 'u1',
        template: 'assignment.registered',
      }),
    ]);
  });

  it('when cancelled with a reason, then it persists the change and completes cancelled', async () => {
    const fake = fakeActivities();
    const a = input();
    const result = await run(fake.activities, async (taskQueue) => {
      const handle = await start(taskQueue, a);
      const updated = await handle.executeUpdate(cancelUpdate, {
        args: [{ reason: 'Document repealed', actorId: 'u1' }],
      });
      expect(updated).toMatchObject({ status: 'cancelled', cancelReason: 'Document repealed' });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'Document repealed' });
    expect(fake.saved.at(-1)).toMatchObject({ status: 'cancelled', version: result.version });
  });

  it('when cancel has a blank reason, then the validator refuses it and the state is unchanged', async () => {
    const fake = fakeActivities();
    const a = input();
    await run(fake.activities, async (taskQueue) => {
      const handle = await start(taskQueue, a);
      const err = await handle
        .executeUpdate(cancelUpdate, { args: [{ reason: '  ', actorId: 'u1' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe(REFUSAL.input);
      expect(await handle.query(stateQuery)).toMatchObject({ status: 'in_execution', version: 1 });
      await handle.terminate('test done');
    });
    expect(fake.saved.map((v) => v.status)).toEqual(['in_execution']);
  });
});
