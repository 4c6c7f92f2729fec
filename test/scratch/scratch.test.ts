import { Worker } from '@temporalio/worker';
import { WorkflowIdConflictPolicy, WithStartWorkflowOperation } from '@temporalio/client';
import { localEnv, timeSkippingEnv } from '../support/temporal';
import { bump, ready, scratchWorkflow } from './wf';

for (const [name, mk] of [
  ['ts', timeSkippingEnv],
  ['dev', localEnv],
] as const) {
  it(name, async () => {
    const env = await mk();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'q',
      workflowsPath: require.resolve('./wf'),
    });
    await worker.runUntil(async () => {
      const h = await env.client.workflow.start(scratchWorkflow, {
        workflowId: 'w1',
        taskQueue: 'q',
        args: [0, 5],
      });
      const a = await h.executeUpdate(bump, { args: [1], updateId: 'u1' });
      const b = await h.executeUpdate(bump, { args: [1], updateId: 'u1' });
      console.log(name, 'dedup', a, b);
      const c = await h.executeUpdate(bump, { args: [10], updateId: 'u2' });
      console.log(name, 'after can trigger', c);
      await new Promise((r) => setTimeout(r, 1000));
      const d = await h.executeUpdate(bump, { args: [1], updateId: 'u1' }).catch((e) => String(e));
      console.log(name, 'u1 on new run', d, (await h.describe()).runId);
      if (name === 'dev') {
        const op = new WithStartWorkflowOperation(scratchWorkflow, {
          workflowId: 'w2',
          taskQueue: 'q',
          args: [0, 0],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        const t0 = Date.now();
        const r = await env.client.workflow.executeUpdateWithStart(ready, {
          startWorkflowOperation: op,
        });
        console.log('uws', r, Date.now() - t0);
        const op2 = new WithStartWorkflowOperation(scratchWorkflow, {
          workflowId: 'w2',
          taskQueue: 'q',
          args: [0, 0],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        console.log(
          'uws again',
          await env.client.workflow.executeUpdateWithStart(ready, { startWorkflowOperation: op2 }),
        );
        await env.client.workflow.getHandle('w2').executeUpdate(bump, { args: [2000] });
        await env.client.workflow.getHandle('w2').result();
        const op3 = new WithStartWorkflowOperation(scratchWorkflow, {
          workflowId: 'w2',
          taskQueue: 'q',
          args: [0, 0],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        console.log(
          'uws closed',
          await env.client.workflow
            .executeUpdateWithStart(ready, { startWorkflowOperation: op3 })
            .catch((e) => `${e.constructor.name}: ${e.message}`),
        );
      }
    });
    await env.teardown();
  });
}
