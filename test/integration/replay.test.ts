import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../../worker/create-worker';
import { historyFiles, readHistory, unsealed } from '../support/histories';

/**
 * The replay gate. Today's workflow code must replay every history any release recorded
 * (`test/histories/<release>/`), because workflows started by that release may still be running
 * when this one is deployed. A change that fails here needs `patched()` (docs/versioning.md).
 * New histories are recorded by the workflow tests into the current release's folder:
 * `IJRO_RECORD_HISTORIES=1 npx jest test/integration/*-workflow.test.ts`.
 */
const files = historyFiles();

it('keeps every recorded history as it was sealed: none re-recorded, edited or deleted', () => {
  expect(unsealed()).toEqual([]);
});

it('has the histories of every release so far', () => {
  const releases = new Set(files.map((f) => f.split('/')[0]));
  expect([...releases]).toEqual(
    expect.arrayContaining(['v0.1.0', 'v0.2.0', 'v0.3.0', 'v0.4.0', 'v0.5.0']),
  );
});

it('replays every committed history with the current workflow code', async () => {
  const histories = files.map((f) => ({ workflowId: f, history: readHistory(f) }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  expect(failures).toEqual([]);
});
