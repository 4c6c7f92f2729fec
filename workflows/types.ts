// Plain data shared by the workflow, its activities and the API. No runtime imports: this
// file is bundled into the workflow sandbox.
import type { CalendarData } from './calendar';

export type AssignmentStatus =
  'in_execution' | 'under_review' | 'accepted' | 'closed' | 'cancelled';

/** A report for every period, due by `dueDay` of the month after the period ends. */
export interface Periodicity {
  every: 'month' | 'quarter' | 'year';
  dueDay: number;
  until: string;
}

/** Timing rules copied into each workflow at its start, so later config changes stay out. */
export interface Rules {
  /** Working days before an execution's deadline on which a reminder goes out (0 = the day). */
  reminderDays: number[];
  /** Co-executors' deadline: the lead's minus this many working days. */
  coDeadlineOffset: number;
  /** Working days after the deadline before an overdue assignment escalates to observers. */
  escalationDays: number;
}

export interface AssignmentInput {
  id: string;
  documentId: string;
  clause: string;
  text: string;
  leadOrgId: string;
  coOrgIds: string[];
  controllerId: string;
  /** YYYY-MM-DD as registered; the workflow moves it off non-working days. */
  deadline: string;
  public: boolean;
  /** Reviewer user ids, level by level; the last level's acceptance ends verification. */
  verificationChain: string[];
  rules: Rules;
  /**
   * Working days and holidays around the deadline at registration, so the workflow can place
   * its deadlines before its first await (its update handlers must be set by then).
   */
  calendar: CalendarData;
  /** A sub-assignment's parent. */
  parentId?: string;
  /** Organizations that passed this assignment down (they see it, root first). */
  watcherOrgIds?: string[];
  /**
   * A periodic assignment: each period is a sub-assignment of its own (deadline, reminders,
   * report, review) that closes on acceptance; the whole closes after its end date.
   */
  periodicity?: Periodicity;
  /** A period's sub-assignment: its key (`2027-03`, `2027-Q1`, `2027`). */
  period?: string;
  /** The state carried over from the previous run when the workflow continued as new. */
  resume?: AssignmentView;
  /** The workflow's own bookkeeping carried over with `resume` (not part of the assignment). */
  carry?: Carry;
}

/** What one action answers: the version it made and the ids of what it created. */
export interface ActionResult {
  version: number;
  /** A report, extension request or inspection id; a distribute's sub-assignment ids. */
  ids: string[];
}

/** What a run continued as new needs besides the assignment's state. */
export interface Carry {
  /**
   * The answers of the latest updates by update id. Temporal refuses a repeated update id
   * only within one run; this makes a retry after continue-as-new answer, not act, again.
   */
  replies: [string, ActionResult][];
  /** The calendar years `calendar` was loaded for. */
  calendarYears: number[];
  /** Timers already fired for the current schedule of deadlines, and when it was set. */
  fired: string[];
  scheduledFrom: number;
  /** Notifications queued when the run before ended: sent first. */
  outbox?: NotifyArgs[];
}

/** A parent's view of one sub-assignment. */
export interface ChildSummary {
  id: string;
  /** Set for a periodic assignment's period. */
  period?: string;
  organizationId: string;
  deadline: string;
  status: AssignmentStatus;
  overdue: boolean;
}

export interface Execution {
  organizationId: string;
  role: 'lead' | 'co';
  deadline: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** When this organization last sent a report (co-executors: their input to the lead). */
  reportedAt?: string;
  /**
   * The person who answers for this organization's execution, named by its head; until then
   * the organization's designated officer or its head is (activities/recipients.ts).
   */
  responsibleId?: string;
  responsibleBy?: string;
  responsibleAt?: string;
}

export interface Review {
  level: number;
  reviewerId: string;
  decision: 'accept' | 'return';
  rating?: number;
  comment?: string;
  newDeadline?: string;
  at: string;
}

/** `periodic`: a period's report, which completes that period as `final` completes others. */
export type ReportKind = 'interim' | 'final' | 'periodic';

export interface Report {
  id: string;
  kind: ReportKind;
  organizationId: string;
  /** `input`: a co-executor's contribution to the lead; never reviewed, never closes anything. */
  role: 'lead' | 'input';
  authorId: string;
  text: string;
  attachmentIds: string[];
  submittedAt: string;
  status: 'submitted' | 'under_review' | 'accepted' | 'returned';
  /** The chain level now reviewing it. */
  level: number;
  reviews: Review[];
}

export interface ExtensionRequest {
  id: string;
  organizationId: string;
  requestedBy: string;
  proposedDeadline: string;
  reason: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  previousDeadline: string;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
}

export type InspectionOutcome = 'confirmed' | 'partially_confirmed' | 'not_confirmed';

export interface Inspection {
  id: string;
  startedBy: string;
  inspectorIds: string[];
  orgIds: string[];
  plannedAt: string;
  note?: string;
  startedAt: string;
  status: 'open' | 'closed';
  outcome?: InspectionOutcome;
  findings?: string;
  newDeadline?: string;
  referToProsecutor?: boolean;
  closedBy?: string;
  closedAt?: string;
}

export interface Violation {
  organizationId: string;
  inspectionId: string;
  at: string;
  referToProsecutor: boolean;
}

export interface AssignmentView extends Omit<AssignmentInput, 'calendar' | 'resume' | 'carry'> {
  status: AssignmentStatus;
  overdue: boolean;
  /** The first overdue day, while overdue. */
  overdueSince?: string;
  /** Working days overdue so far, summed over every overdue spell (for ratings). */
  overdueDays: number;
  escalated: boolean;
  extensionPending: boolean;
  inspectionOpen: boolean;
  extensionsCount: number;
  executions: Execution[];
  reports: Report[];
  extensionRequests: ExtensionRequest[];
  inspections: Inspection[];
  violations: Violation[];
  children: ChildSummary[];
  cancelReason?: string;
  acceptedAt?: string;
  closedAt?: string;
  closedBy?: string;
  closeComment?: string;
  /** Citizens' feedback counted so far (absent until the first arrives). */
  feedback?: FeedbackTally;
  /** Grows with every state change; read-model writes carry it so they never go backwards. */
  version: number;
}

/** Citizens' feedback as the workflow counts it; the texts themselves live in MongoDB. */
export interface FeedbackTally {
  received: number;
  /** Ratings of 1 or 2. */
  negative: number;
  /** Negative feedback since the last on-site inspection began. */
  sinceInspection: number;
  /** The controller has been told that negative feedback passed the threshold. */
  alerted: boolean;
  /** The latest feedback ids, so that a signal sent twice is counted once. */
  recent: string[];
}

/** One citizen's feedback, signalled by the API once it is stored. */
export interface FeedbackArgs {
  feedbackId: string;
  rating: number;
  /** Negative feedback since the last inspection that makes the controller hear of it. */
  threshold: number;
}

/** Who acts, from where: every update carries it for the audit chain. */
export interface Actor {
  actorId: string;
  ip?: string | null;
}

export interface CancelArgs extends Actor {
  reason: string;
}
export interface CloseArgs extends Actor {
  comment?: string;
}
export interface AcknowledgeArgs extends Actor {
  organizationId: string;
}
// Ids of what an action creates are made by the workflow; runs recorded by v0.1.0 were
// given them by the API, and replaying those must keep using them.
export interface ReportArgs extends Actor {
  reportId?: string;
  organizationId: string;
  kind: ReportKind;
  text: string;
  attachmentIds: string[];
}
export interface ReviewArgs extends Actor {
  reportId: string;
  decision: 'accept' | 'return';
  rating?: number;
  comment?: string;
  newDeadline?: string;
}
export interface ResponsibleArgs extends Actor {
  /** The executor organization whose execution gets a responsible person. */
  organizationId: string;
  userId: string;
}
export interface ExtensionArgs extends Actor {
  requestId?: string;
  organizationId: string;
  proposedDeadline: string;
  reason: string;
}
export interface ExtensionDecisionArgs extends Actor {
  requestId: string;
  decision: 'approve' | 'reject';
  comment?: string;
}
export interface InspectionArgs extends Actor {
  inspectionId?: string;
  plannedAt: string;
  inspectorIds: string[];
  orgIds: string[];
  note?: string;
}
export interface InspectionResultArgs extends Actor {
  inspectionId: string;
  outcome: InspectionOutcome;
  findings: string;
  newDeadline?: string;
  referToProsecutor?: boolean;
}

export interface DistributeTarget {
  childId?: string;
  orgId: string;
  deadline: string;
  text?: string;
}
export interface DistributeArgs extends Actor {
  /** The executor organization passing the assignment down. */
  organizationId: string;
  targets: DistributeTarget[];
}

/** An action's arguments once the workflow has given what it creates an id. */
export type Named<A, K extends keyof A> = Omit<A, K> & { [P in K]-?: NonNullable<A[P]> };
export type NamedDistribute = Omit<DistributeArgs, 'targets'> & {
  targets: Named<DistributeTarget, 'childId'>[];
};

/** Who gets a notification: users by id, users of organizations, or everyone with a role. */
export interface Recipients {
  userIds?: string[];
  /** Executors and org heads of these organizations (and each one's head user). */
  orgIds?: string[];
  roles?: string[];
}

export interface NotifyArgs {
  /** Idempotency key: the same key never sends twice to the same recipient. */
  key: string;
  to: Recipients;
  template: string;
  params: Record<string, string>;
  subjectRef?: string;
}

/** One state change: the read-model row and its audit event, written together by one activity. */
export interface ChangeArgs {
  view: AssignmentView;
  action: string;
  actorId: string | null;
  ip?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: string;
}

/** Failure types the API maps to HTTP statuses. */
export const REFUSAL = {
  /** 409: the action does not fit the assignment's state. */
  state: 'WrongState',
  /** 422: the request does not make sense for this assignment. */
  input: 'InvalidInput',
  /** 403: this person may not do this here (e.g. not the reviewer of the current level). */
  forbidden: 'Forbidden',
} as const;

export const assignmentWorkflowId = (id: string): string => `assignment-${id}`;

/** The one broadcast of a year's calendar change; a newer change restarts it. */
export const calendarBroadcastId = (year: number): string => `calendar-${year}`;
