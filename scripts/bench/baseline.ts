import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createLogger } from '../../lib/logger';
import { installTemporalRuntime } from '../../lib/temporal-runtime';
import { forEachLimited } from '../seed/pool';
import { Progress } from '../seed/progress';
import { STEPS, stepUpdates, type noopWorkflow } from './noop-workflow';
import { Latencies, rate, type Summary } from './stats';

export interface BaselineResult {
  starts: number;
  startSeconds: number;
  startRate: number;
  lifecycles: number;
  lifecycleSeconds: number;
  lifecycleRate: number;
  updates: Record<string, Summary>;
}

/**
 * (e) The same Temporal server with nothing of Ijro in the way: an in-process worker on its
 * own task queue runs a no-op workflow; we start as many workflows as were registered and
 * take as many through four Updates as went through the lifecycle, with the same concurrency.
 */
export async function measureBaseline(opts: {
  address: string;
  starts: number;
  startConcurrency: number;
  lifecycles: number;
  lifecycleConcurrency: number;
  log: (line: string) => void;
  /** Called as each phase ends: the worker's set-up, the starts, the four updates. */
  ended?: (phase: 'setup' | 'starts' | 'lifecycle') => Promise<void>;
}): Promise<BaselineResult> {
  installTemporalRuntime(createLogger({ name: 'bench', level: 'warn' }));
  const taskQueue = `bench-noop-${crypto.randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: opts.address });
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({ connection });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./noop-workflow'),
    });
    return await worker.runUntil(async () => {
      await opts.ended?.('setup');
      const ids = Array.from({ length: opts.starts }, (_, i) => `${taskQueue}-${i}`);
      const started = new Progress('no-op starts', ids.length, opts.log);
      await forEachLimited(ids, opts.startConcurrency, async (workflowId) => {
        await client.workflow.start<typeof noopWorkflow>('noopWorkflow', { workflowId, taskQueue });
        started.add();
      });
      const startSeconds = started.elapsed;
      await opts.ended?.('starts');
      const latencies = new Latencies();
      const lifecycles = ids.slice(0, opts.lifecycles);
      const done = new Progress('no-op lifecycle', lifecycles.length, opts.log);
      await forEachLimited(lifecycles, opts.lifecycleConcurrency, async (workflowId) => {
        const handle = client.workflow.getHandle(workflowId);
        for (const step of STEPS)
          await latencies.time(step, () => handle.executeUpdate(stepUpdates[step]));
        done.add();
      });
      await opts.ended?.('lifecycle');
      return {
        starts: ids.length,
        startSeconds,
        startRate: rate(ids.length, startSeconds),
        lifecycles: lifecycles.length,
        lifecycleSeconds: done.elapsed,
        lifecycleRate: rate(lifecycles.length, done.elapsed),
        updates: latencies.summaries(),
      };
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}
