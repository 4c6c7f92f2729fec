import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../../worker/create-worker';
import { History } from '../support/histories';

/**
 * Today's workflow code must replay every committed history of every lifecycle path without
 * a nondeterminism error. The histories are recorded by the workflow tests:
 * `IJRO_RECORD_HISTORIES=1 npx jest test/integration/assignment-workflow.test.ts`.
 */
const dir = path.join(__dirname, '..', 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has a committed history for each workflow test path', () => {
  expect(files.length).toBeGreaterThanOrEqual(12);
});

it('replays every committed history with the current workflow code', async () => {
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  expect(failures).toEqual([]);
});
