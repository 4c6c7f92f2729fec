// Plain data shared by the workflow, its activities and the API. No runtime imports: this
// file is bundled into the workflow sandbox.

export type AssignmentStatus =
  'in_execution' | 'under_review' | 'accepted' | 'closed' | 'cancelled';

export interface AssignmentInput {
  id: string;
  documentId: string;
  clause: string;
  text: string;
  leadOrgId: string;
  coOrgIds: string[];
  controllerId: string;
  /** YYYY-MM-DD */
  deadline: string;
  public: boolean;
}

export interface AssignmentView extends AssignmentInput {
  status: AssignmentStatus;
  overdue: boolean;
  cancelReason?: string;
  /** Grows with every state change; read-model writes carry it so they never go backwards. */
  version: number;
}

export interface CancelArgs {
  reason: string;
  actorId: string;
}

export interface NotifyArgs {
  /** Idempotency key: the same key never sends twice. */
  key: string;
  recipientId: string;
  template: string;
  params: Record<string, string>;
  subjectRef?: string;
}

/** Failure types the API maps to HTTP statuses (409 wrong state, 422 invalid request). */
export const REFUSAL = { state: 'WrongState', input: 'InvalidInput' } as const;

export const assignmentWorkflowId = (id: string): string => `assignment-${id}`;
