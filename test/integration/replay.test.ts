import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../../worker/create-worker';
import { HISTORIES_DIR, History, historyFiles, unsealed } from '../support/histories';

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

it('has histories from more than one release', () => {
  const releases = new Set(files.map((f) => f.split('/')[0]));
  expect(releases.size).toBeGreaterThanOrEqual(1);
  expect(files.length).toBeGreaterThanOrEqual(14);
});

it('replays every committed history with the current workflow code', async () => {
  const histories = files.map((f) => ({
    workflowId: f,
    history: History.fromObject(
      JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8')) as object,
    ),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  expect(failures).toEqual([]);
});
