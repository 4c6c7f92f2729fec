// The benchmark's baseline: the same four actions as an assignment's path, as Updates that
// only change a field, so the measurement is what the Temporal server alone can do.
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const STEPS = ['acknowledge', 'report', 'accept', 'close'] as const;
export type Step = (typeof STEPS)[number];
export const stepUpdates = Object.fromEntries(
  STEPS.map((s) => [s, defineUpdate<Step, []>(s)]),
) as Record<Step, ReturnType<typeof defineUpdate<Step, []>>>;

export async function noopWorkflow(): Promise<Step | null> {
  let last: Step | null = null;
  for (const step of STEPS) {
    setHandler(stepUpdates[step], () => {
      last = step;
      return step;
    });
  }
  await condition(() => last === 'close');
  await condition(allHandlersFinished);
  return last;
}
