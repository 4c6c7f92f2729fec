import {
  condition,
  continueAsNew,
  defineUpdate,
  setHandler,
  workflowInfo,
  currentUpdateInfo,
  allHandlersFinished,
  sleep,
} from '@temporalio/workflow';
export const bump = defineUpdate<
  { n: number; id: string; run: string; len: number; size: number; sugg: boolean },
  [number]
>('bump');
export const ready = defineUpdate<number, []>('ready');
export async function scratchWorkflow(start: number, canAt = 0): Promise<number> {
  let n = start;
  let recorded = false;
  setHandler(ready, async () => {
    await condition(() => recorded);
    return n;
  });
  setHandler(bump, async (k) => {
    n += k;
    await sleep(10);
    const i = workflowInfo();
    return {
      n,
      id: currentUpdateInfo()?.id ?? '',
      run: i.runId,
      len: i.historyLength,
      size: i.historySize,
      sugg: i.continueAsNewSuggested,
    };
  });
  await sleep(100);
  recorded = true;
  await condition(() => n >= 1000 || (canAt > 0 && n >= canAt));
  await condition(allHandlersFinished);
  if (canAt > 0 && n < 1000) await continueAsNew<typeof scratchWorkflow>(n, 0);
  return n;
}
