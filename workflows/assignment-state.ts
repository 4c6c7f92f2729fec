import { ApplicationFailure } from '@temporalio/workflow';
import { afterInspection, countFeedback } from './feedback';
import { addWorkingDays, adjustDeadline, workingDaysBetween, type CalendarData } from './calendar';
import { localDate } from './timers';
import {
  REFUSAL,
  type AcknowledgeArgs,
  type AssignmentInput,
  type AssignmentView,
  type CancelArgs,
  type ChildSummary,
  type CloseArgs,
  type DistributeArgs,
  type Execution,
  type ExtensionArgs,
  type ExtensionDecisionArgs,
  type FeedbackArgs,
  type InspectionArgs,
  type InspectionResultArgs,
  type Named,
  type NamedDistribute,
  type ReportArgs,
  type ReportKind,
  type ResponsibleArgs,
  type ReviewArgs,
} from './types';

const FINAL = new Set(['closed', 'cancelled']);

const refuse = (type: string, message: string): never => {
  throw ApplicationFailure.nonRetryable(message, type);
};
const wrongState = (message: string) => refuse(REFUSAL.state, message);
const invalid = (message: string) => refuse(REFUSAL.input, message);
const forbidden = (message: string) => refuse(REFUSAL.forbidden, message);

/**
 * The assignment's lifecycle state; the workflow is its only owner. `assert*` methods are the
 * update validators: they throw a refusal and change nothing. The other methods apply an
 * action that has passed its validator.
 */
export class AssignmentState {
  private view: AssignmentView;

  /** Working days and holidays for deadline arithmetic; the workflow refreshes it. */
  calendar: CalendarData;

  constructor(input: AssignmentInput) {
    const { calendar, resume, ...fields } = input;
    this.calendar = calendar;
    // A run continued as new carries the whole state over.
    if (resume) {
      this.view = resume;
      return;
    }
    const deadline = adjustDeadline(input.deadline, calendar);
    this.view = {
      ...fields,
      deadline,
      status: 'in_execution',
      overdue: false,
      overdueDays: 0,
      escalated: false,
      extensionPending: false,
      inspectionOpen: false,
      extensionsCount: 0,
      executions: [
        { organizationId: input.leadOrgId, role: 'lead', deadline },
        ...input.coOrgIds.map((o) => ({ organizationId: o, role: 'co' as const, deadline })),
      ],
      reports: [],
      extensionRequests: [],
      inspections: [],
      violations: [],
      children: [],
      version: 0,
    };
    this.setDeadline(deadline);
  }

  /** A copy: callers and the read model never share the state's objects. */
  get snapshot(): AssignmentView {
    return JSON.parse(JSON.stringify(this.view)) as AssignmentView;
  }

  get version(): number {
    return this.view.version;
  }

  get finished(): boolean {
    return FINAL.has(this.view.status);
  }

  get status() {
    return this.view.status;
  }

  /** A periodic assignment: its periods are its sub-assignments. */
  private get periodic(): boolean {
    return Boolean(this.view.periodicity);
  }

  /** The report that completes this assignment: a period's is `periodic`, others' `final`. */
  private completes(kind: ReportKind): boolean {
    return kind === (this.view.period ? 'periodic' : 'final');
  }

  /** Each change gets a new version, so its read-model write can be ordered. */
  private bump(): AssignmentView {
    this.view.version += 1;
    return this.snapshot;
  }

  issue(): AssignmentView {
    return this.bump();
  }

  private execution(orgId: string): Execution | undefined {
    return this.view.executions.find((e) => e.organizationId === orgId);
  }

  private get lead(): Execution {
    return this.view.executions[0] as Execution;
  }

  /** Moves the lead's deadline (off non-working days) and the co-executors' with it. */
  private setDeadline(date: string): void {
    const deadline = adjustDeadline(date, this.calendar);
    this.view.deadline = deadline;
    const coDeadline = addWorkingDays(deadline, -this.view.rules.coDeadlineOffset, this.calendar);
    for (const e of this.view.executions) e.deadline = e.role === 'lead' ? deadline : coDeadline;
  }

  /** Ends an overdue spell, counting its working days for the organization's rating. */
  private endOverdue(now: number): void {
    if (!this.view.overdue) return;
    const today = localDate(now);
    this.view.overdueDays += Math.max(
      workingDaysBetween(this.view.deadline, today, this.calendar),
      0,
    );
    this.view.overdue = false;
    this.view.escalated = false;
    delete this.view.overdueSince;
  }

  private assertOpen(what: string): void {
    if (this.finished) wrongState(`The assignment is ${this.view.status}; it cannot be ${what}.`);
  }

  private assertFutureDate(date: string, now: number, field: string): void {
    if (date < localDate(now)) invalid(`${field} ${date} is in the past.`);
  }

  /** Moves the deadline to a new date from a return, an extension or an inspection. */
  private moveDeadline(date: string, now: number): void {
    this.setDeadline(date);
    if (this.view.deadline >= localDate(now)) this.endOverdue(now);
  }

  // ---- acknowledgment

  assertAcknowledge({ organizationId }: AcknowledgeArgs): void {
    this.assertOpen('acknowledged');
    const e = this.execution(organizationId);
    if (!e) forbidden('Your organization is not an executor of this assignment.');
    if (e?.acknowledgedAt) wrongState(`Your organization acknowledged it on ${e.acknowledgedAt}.`);
  }

  acknowledge({ organizationId, actorId }: AcknowledgeArgs, now: number): AssignmentView {
    const e = this.execution(organizationId) as Execution;
    e.acknowledgedAt = new Date(now).toISOString();
    e.acknowledgedBy = actorId;
    return this.bump();
  }

  // ---- the person responsible

  assertResponsible({ organizationId, userId }: ResponsibleArgs): void {
    this.assertOpen('given a responsible person');
    const e = this.execution(organizationId);
    if (!e) invalid(`Organization ${organizationId} is not an executor of this assignment.`);
    if (e?.responsibleId === userId) wrongState('That person is already responsible for it.');
  }

  assignResponsible({ organizationId, userId, actorId }: ResponsibleArgs, now: number) {
    const e = this.execution(organizationId) as Execution;
    e.responsibleId = userId;
    e.responsibleBy = actorId;
    e.responsibleAt = new Date(now).toISOString();
    return this.bump();
  }

  // ---- reports

  assertReport({ organizationId, kind, reportId }: ReportArgs): void {
    this.assertOpen('reported on');
    const e = this.execution(organizationId);
    if (!e) forbidden('Your organization is not an executor of this assignment.');
    if (this.periodic)
      invalid(
        'A periodic assignment is reported on period by period: send kind "periodic" with the period.',
      );
    if (kind === 'periodic' && !this.view.period)
      invalid('This assignment is not periodic; send an interim or a final report.');
    if (kind === 'final' && this.view.period)
      invalid(`This is the report for period ${this.view.period}: send kind "periodic".`);
    if (this.view.reports.some((r) => r.id === reportId))
      wrongState('This report was already sent.');
    if (e?.role === 'lead' && this.completes(kind) && this.view.status !== 'in_execution') {
      wrongState(
        this.view.status === 'under_review'
          ? 'A report is already under review; wait for its review.'
          : `The assignment is ${this.view.status}; no final report is expected now.`,
      );
    }
    if (this.view.status === 'accepted' && e?.role === 'co')
      wrongState('The assignment is already accepted; inputs are no longer taken.');
  }

  submitReport(args: Named<ReportArgs, 'reportId'>, now: number): AssignmentView {
    const at = new Date(now).toISOString();
    const e = this.execution(args.organizationId) as Execution;
    e.acknowledgedAt ??= at;
    e.acknowledgedBy ??= args.actorId;
    e.reportedAt = at;
    const final = e.role === 'lead' && this.completes(args.kind);
    this.view.reports.push({
      id: args.reportId,
      kind: args.kind,
      organizationId: args.organizationId,
      role: e.role === 'lead' ? 'lead' : 'input',
      authorId: args.actorId,
      text: args.text,
      attachmentIds: args.attachmentIds,
      submittedAt: at,
      status: final ? 'under_review' : 'submitted',
      level: 0,
      reviews: [],
    });
    if (final) this.view.status = 'under_review';
    return this.bump();
  }

  /** The reviewer the report now waits for. */
  reviewerOf(reportId: string): string | undefined {
    const r = this.view.reports.find((x) => x.id === reportId);
    return r ? this.view.verificationChain[r.level] : undefined;
  }

  // ---- verification chain

  assertReview(args: ReviewArgs, now: number): void {
    this.assertOpen('reviewed');
    const report = this.view.reports.find((r) => r.id === args.reportId);
    if (!report) invalid('No such report on this assignment.');
    if (report?.status !== 'under_review')
      wrongState(`The report is ${report?.status}, not under review.`);
    const reviewer = this.reviewerOf(args.reportId);
    if (reviewer !== args.actorId)
      forbidden(
        `The report waits for level ${(report?.level ?? 0) + 1} of the verification chain, which is not you.`,
      );
    if (args.decision === 'accept' && !args.rating)
      invalid('Accepting needs a quality rating from 1 to 5.');
    if (args.decision === 'return' && !args.comment?.trim())
      invalid('Returning needs a comment saying what to fix.');
    if (args.newDeadline) this.assertFutureDate(args.newDeadline, now, 'The new deadline');
  }

  review(args: ReviewArgs, now: number): AssignmentView {
    const report = this.view.reports.find((r) => r.id === args.reportId);
    if (!report) return this.snapshot;
    const at = new Date(now).toISOString();
    report.reviews.push({
      level: report.level,
      reviewerId: args.actorId,
      decision: args.decision,
      ...(args.rating ? { rating: args.rating } : {}),
      ...(args.comment ? { comment: args.comment } : {}),
      ...(args.newDeadline ? { newDeadline: args.newDeadline } : {}),
      at,
    });
    if (args.decision === 'return') {
      report.status = 'returned';
      this.view.status = 'in_execution';
      if (args.newDeadline) this.moveDeadline(args.newDeadline, now);
    } else if (report.level + 1 < this.view.verificationChain.length) {
      report.level += 1;
    } else {
      report.status = 'accepted';
      this.view.status = 'accepted';
      this.view.acceptedAt = at;
      this.endOverdue(now);
      // A period closes on its accepted report (SPEC §4), unless an inspection still holds it.
      if (this.view.period && !this.view.inspectionOpen)
        this.finish(args.actorId, now, 'the period report was accepted');
    }
    return this.bump();
  }

  // ---- extensions

  assertExtension(args: ExtensionArgs, now: number): void {
    if (this.periodic)
      invalid('A periodic assignment has no deadline of its own; ask to extend a period instead.');
    if (this.view.status !== 'in_execution')
      wrongState(
        `The assignment is ${this.view.status}; a deadline extension is asked for while it is in execution.`,
      );
    if (this.lead.organizationId !== args.organizationId)
      forbidden('Only the lead executor organization may ask to extend the deadline.');
    if (this.view.extensionPending)
      wrongState('An extension request is already waiting for a decision.');
    if (args.proposedDeadline <= this.view.deadline)
      invalid(`The proposed deadline must be after the current one (${this.view.deadline}).`);
    this.assertFutureDate(args.proposedDeadline, now, 'The proposed deadline');
  }

  requestExtension(args: Named<ExtensionArgs, 'requestId'>, now: number): AssignmentView {
    this.view.extensionRequests.push({
      id: args.requestId,
      organizationId: args.organizationId,
      requestedBy: args.actorId,
      proposedDeadline: args.proposedDeadline,
      reason: args.reason,
      requestedAt: new Date(now).toISOString(),
      status: 'pending',
      previousDeadline: this.view.deadline,
    });
    this.view.extensionPending = true;
    return this.bump();
  }

  assertExtensionDecision(args: ExtensionDecisionArgs): void {
    this.assertOpen('changed');
    const request = this.view.extensionRequests.find((r) => r.id === args.requestId);
    if (!request) invalid('No such extension request on this assignment.');
    if (request?.status !== 'pending') wrongState(`The request was already ${request?.status}.`);
  }

  decideExtension(args: ExtensionDecisionArgs, now: number): AssignmentView {
    const request = this.view.extensionRequests.find((r) => r.id === args.requestId);
    if (!request) return this.snapshot;
    request.status = args.decision === 'approve' ? 'approved' : 'rejected';
    request.decidedBy = args.actorId;
    request.decidedAt = new Date(now).toISOString();
    if (args.comment) request.comment = args.comment;
    this.view.extensionPending = false;
    if (args.decision === 'approve') {
      this.view.extensionsCount += 1;
      this.moveDeadline(request.proposedDeadline, now);
    }
    return this.bump();
  }

  // ---- on-site control

  assertInspection(args: InspectionArgs): void {
    this.assertOpen('inspected');
    if (this.view.inspectionOpen) wrongState('An on-site inspection is already open.');
    const unknown = args.orgIds.filter((o) => !this.execution(o));
    if (unknown.length) invalid(`Not executors of this assignment: ${unknown.join(', ')}.`);
  }

  startInspection(args: Named<InspectionArgs, 'inspectionId'>, now: number): AssignmentView {
    this.view.inspections.push({
      id: args.inspectionId,
      startedBy: args.actorId,
      inspectorIds: args.inspectorIds,
      orgIds: args.orgIds.length ? args.orgIds : [this.lead.organizationId],
      plannedAt: args.plannedAt,
      ...(args.note ? { note: args.note } : {}),
      startedAt: new Date(now).toISOString(),
      status: 'open',
    });
    this.view.inspectionOpen = true;
    if (this.view.feedback) this.view.feedback = afterInspection(this.view.feedback);
    return this.bump();
  }

  // ---- public control

  /** Counts a citizen's feedback while the assignment is open; null if there is nothing to record. */
  receiveFeedback(args: FeedbackArgs): { view: AssignmentView; alert: boolean } | null {
    if (this.finished) return null;
    const counted = countFeedback(this.view.feedback, args);
    if (!counted) return null;
    this.view.feedback = counted.tally;
    return { view: this.bump(), alert: counted.alert };
  }

  assertInspectionResult(args: InspectionResultArgs, now: number): void {
    this.assertOpen('inspected');
    const inspection = this.view.inspections.find((i) => i.id === args.inspectionId);
    if (!inspection) invalid('No such inspection on this assignment.');
    if (inspection?.status !== 'open') wrongState('The inspection is already closed.');
    if (!inspection?.inspectorIds.includes(args.actorId))
      forbidden('Only an inspector of this inspection may record its result.');
    if (args.outcome === 'not_confirmed') {
      if (!args.newDeadline)
        invalid('A not-confirmed result reopens the assignment: give a new deadline.');
      else this.assertFutureDate(args.newDeadline, now, 'The new deadline');
    }
  }

  recordInspectionResult(args: InspectionResultArgs, now: number): AssignmentView {
    const inspection = this.view.inspections.find((i) => i.id === args.inspectionId);
    if (!inspection) return this.snapshot;
    const at = new Date(now).toISOString();
    Object.assign(inspection, {
      status: 'closed',
      outcome: args.outcome,
      findings: args.findings,
      referToProsecutor: args.referToProsecutor ?? false,
      closedBy: args.actorId,
      closedAt: at,
      ...(args.newDeadline ? { newDeadline: args.newDeadline } : {}),
    });
    this.view.inspectionOpen = false;
    if (args.outcome === 'not_confirmed' && args.newDeadline) {
      for (const organizationId of inspection.orgIds) {
        this.view.violations.push({
          organizationId,
          inspectionId: inspection.id,
          at,
          referToProsecutor: args.referToProsecutor ?? false,
        });
      }
      this.view.status = 'in_execution';
      delete this.view.acceptedAt;
      this.moveDeadline(args.newDeadline, now);
    }
    return this.bump();
  }

  // ---- sub-assignments

  assertDistribute(args: DistributeArgs, now: number): void {
    if (this.periodic)
      invalid('A periodic assignment is passed down period by period: distribute a period.');
    if (this.view.status !== 'in_execution')
      wrongState(`The assignment is ${this.view.status}; it is passed down while in execution.`);
    const e = this.execution(args.organizationId);
    if (!e) forbidden('Your organization is not an executor of this assignment.');
    if (args.targets.length === 0) invalid('Name at least one organization to pass it to.');
    const open = new Set(this.openChildren().map((c) => c.organizationId));
    for (const t of args.targets) {
      if (e && t.deadline > e.deadline)
        invalid(
          `A sub-assignment's deadline (${t.deadline}) cannot be after this one's (${e.deadline}).`,
        );
      this.assertFutureDate(t.deadline, now, 'The sub-assignment deadline');
      if (open.has(t.orgId))
        wrongState(`Organization ${t.orgId} already has an open sub-assignment of it.`);
      open.add(t.orgId);
    }
  }

  distribute(args: NamedDistribute): AssignmentView {
    for (const t of args.targets) {
      const deadline = adjustDeadline(t.deadline, this.calendar);
      this.view.children.push({
        id: t.childId,
        organizationId: t.orgId,
        deadline,
        status: 'in_execution',
        overdue: false,
      });
    }
    return this.bump();
  }

  openChildren() {
    return this.view.children.filter((c) => !FINAL.has(c.status));
  }

  /** A sub-assignment changed; unknown ones (not ours) are ignored. */
  childChanged(summary: ChildSummary): AssignmentView | undefined {
    const child = this.view.children.find((c) => c.id === summary.id);
    if (!child || this.finished) return undefined;
    Object.assign(child, summary);
    return this.bump();
  }

  // ---- closure and cancellation

  assertClose(_args: CloseArgs): void {
    if (this.periodic)
      wrongState(
        'A periodic assignment is removed from control by itself after its end date, once every period is closed.',
      );
    if (this.view.status !== 'accepted')
      wrongState(
        `The assignment is ${this.view.status}; only an accepted assignment is removed from control.`,
      );
    const open = this.openChildren().length;
    if (open > 0)
      wrongState(
        `${open} sub-assignment(s) are still open; close or cancel them before removing this one from control.`,
      );
    if (this.view.inspectionOpen)
      wrongState(
        'An on-site inspection is open; record its result before removing the assignment from control.',
      );
  }

  close(args: CloseArgs, now: number): AssignmentView {
    this.finish(args.actorId, now, args.comment);
    return this.bump();
  }

  private finish(actorId: string, now: number, comment?: string): void {
    this.view.status = 'closed';
    this.view.closedAt = new Date(now).toISOString();
    this.view.closedBy = actorId;
    if (comment) this.view.closeComment = comment;
  }

  // ---- periods

  hasPeriod(key: string): boolean {
    return this.view.children.some((c) => c.period === key);
  }

  /** A new period opens as a sub-assignment with its own deadline. */
  openPeriod(childId: string, key: string, due: string): AssignmentView {
    this.view.children.push({
      id: childId,
      period: key,
      organizationId: this.view.leadOrgId,
      deadline: adjustDeadline(due, this.calendar),
      status: 'in_execution',
      overdue: false,
    });
    return this.bump();
  }

  /** After its end date, once every period is over, a periodic assignment closes by itself. */
  endPeriods(now: number): AssignmentView {
    this.finish('', now, 'the end date passed and every period is closed');
    return this.bump();
  }

  assertCancellable({ reason }: CancelArgs): void {
    this.assertOpen('cancelled');
    if (!reason.trim()) invalid('A reason is required to cancel.');
  }

  cancel({ reason }: CancelArgs, now: number): AssignmentView {
    this.endOverdue(now);
    // Its open sub-assignments are cancelled with it (the workflow tells them).
    for (const c of this.openChildren()) c.status = 'cancelled';
    this.view.status = 'cancelled';
    this.view.cancelReason = reason.trim();
    return this.bump();
  }

  // ---- timers

  markOverdue(now: number): AssignmentView {
    this.view.overdue = true;
    this.view.overdueSince = localDate(now);
    return this.bump();
  }

  markEscalated(): AssignmentView {
    this.view.escalated = true;
    return this.bump();
  }
}
