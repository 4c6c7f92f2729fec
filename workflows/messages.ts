import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeArgs,
  ActionResult,
  AssignmentView,
  CancelArgs,
  ChildSummary,
  DistributeArgs,
  CloseArgs,
  ExtensionArgs,
  ExtensionDecisionArgs,
  FeedbackArgs,
  InspectionArgs,
  InspectionResultArgs,
  ReportArgs,
  ResponsibleArgs,
  ReviewArgs,
} from './types';

// Defined once here and imported by the API as typed handles. Every action is an Update with
// a validator: a refused action leaves no trace in the history and answers at once. An action
// answers with its version and the ids it made, not the whole view: the row in MongoDB has
// that version by the time the answer arrives (the API reads it there).
export const stateQuery = defineQuery<AssignmentView>('state');
export const acknowledgeUpdate = defineUpdate<ActionResult, [AcknowledgeArgs]>('acknowledge');
/** An org head names the person who answers for their organization's execution. */
export const responsibleUpdate = defineUpdate<ActionResult, [ResponsibleArgs]>('assignResponsible');
export const reportUpdate = defineUpdate<ActionResult, [ReportArgs]>('report');
export const reviewUpdate = defineUpdate<ActionResult, [ReviewArgs]>('review');
export const extensionUpdate = defineUpdate<ActionResult, [ExtensionArgs]>('requestExtension');
export const extensionDecisionUpdate = defineUpdate<ActionResult, [ExtensionDecisionArgs]>(
  'decideExtension',
);
export const inspectionUpdate = defineUpdate<ActionResult, [InspectionArgs]>('startInspection');
export const inspectionResultUpdate = defineUpdate<ActionResult, [InspectionResultArgs]>(
  'recordInspectionResult',
);
export const closeUpdate = defineUpdate<ActionResult, [CloseArgs]>('close');
export const cancelUpdate = defineUpdate<ActionResult, [CancelArgs]>('cancel');
export const distributeUpdate = defineUpdate<ActionResult, [DistributeArgs]>('distribute');
/** Sent with the workflow's start: answers once the registration's row is written. */
export const registeredUpdate = defineUpdate<ActionResult, []>('registered');
/** A sub-assignment tells its parent about each of its changes. */
export const childChangedSignal = defineSignal<[ChildSummary]>('childChanged');
/** A cancelled parent cancels its open sub-assignments. */
export const parentCancelledSignal = defineSignal<[{ reason: string }]>('parentCancelled');
/** A citizen's feedback was stored (POST /public/feedback, the jamoatfikri.uz webhook). */
export const feedbackSignal = defineSignal<[FeedbackArgs]>('citizenFeedback');
/** The business calendar of these years changed: read it again (PUT /calendar/:year). */
export const calendarChangedSignal = defineSignal<[{ years: number[] }]>('calendarChanged');
