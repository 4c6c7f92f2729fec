import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AssignmentView, CancelArgs } from './types';

// Defined once here and imported by the API as typed handles.
export const stateQuery = defineQuery<AssignmentView>('state');
export const cancelUpdate = defineUpdate<AssignmentView, [CancelArgs]>('cancel');
