import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { AssignmentState } from './assignment-state';
import { cancelUpdate, stateQuery } from './messages';
import type { AssignmentInput, AssignmentView } from './types';

const { saveAssignment, notify } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** One assignment under control, from issuance to closure or cancellation. */
export async function assignmentWorkflow(input: AssignmentInput): Promise<AssignmentView> {
  const state = new AssignmentState(input);
  const { workflowId } = workflowInfo();

  setHandler(stateQuery, () => state.snapshot);
  setHandler(
    cancelUpdate,
    async ({ reason }) => {
      const view = state.cancel(reason);
      await saveAssignment(view);
      return view;
    },
    { validator: ({ reason }) => state.assertCancellable(reason) },
  );

  await saveAssignment(state.issue());
  await notify({
    key: `${workflowId}/registered`,
    recipientId: input.controllerId,
    template: 'assignment.registered',
    params: { clause: input.clause, deadline: input.deadline, text: input.text },
    subjectRef: input.id,
  });

  await condition(() => state.finished);
  await condition(allHandlersFinished);
  return state.snapshot;
}
