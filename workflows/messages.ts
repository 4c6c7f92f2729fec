import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeArgs,
  AssignmentView,
  CancelArgs,
  ChildSummary,
  DistributeArgs,
  CloseArgs,
  ExtensionArgs,
  ExtensionDecisionArgs,
  InspectionArgs,
  InspectionResultArgs,
  ReportArgs,
  ReviewArgs,
} from './types';

// Defined once here and imported by the API as typed handles. Every action is an Update with
// a validator: a refused action leaves no trace in the history and answers at once.
export const stateQuery = defineQuery<AssignmentView>('state');
export const acknowledgeUpdate = defineUpdate<AssignmentView, [AcknowledgeArgs]>('acknowledge');
export const reportUpdate = defineUpdate<AssignmentView, [ReportArgs]>('report');
export const reviewUpdate = defineUpdate<AssignmentView, [ReviewArgs]>('review');
export const extensionUpdate = defineUpdate<AssignmentView, [ExtensionArgs]>('requestExtension');
export const extensionDecisionUpdate = defineUpdate<AssignmentView, [ExtensionDecisionArgs]>(
  'decideExtension',
);
export const inspectionUpdate = defineUpdate<AssignmentView, [InspectionArgs]>('startInspection');
export const inspectionResultUpdate = defineUpdate<AssignmentView, [InspectionResultArgs]>(
  'recordInspectionResult',
);
export const closeUpdate = defineUpdate<AssignmentView, [CloseArgs]>('close');
export const cancelUpdate = defineUpdate<AssignmentView, [CancelArgs]>('cancel');
export const distributeUpdate = defineUpdate<AssignmentView, [DistributeArgs]>('distribute');
/** A sub-assignment tells its parent about each of its changes. */
export const childChangedSignal = defineSignal<[ChildSummary]>('childChanged');
/** A cancelled parent cancels its open sub-assignments. */
export const parentCancelledSignal = defineSignal<[{ reason: string }]>('parentCancelled');
