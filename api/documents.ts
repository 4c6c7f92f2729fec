import { Types, trusted } from 'mongoose';
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { DocumentModel } from '../models/document';
import { Organization } from '../models/organization';
import { User } from '../models/user';
import type { assignmentWorkflow } from '../workflows/assignment';
import { adjustDeadline } from '../workflows/calendar';
import { periodsBetween, type Period } from '../workflows/periods';
import { localDate } from '../workflows/timers';
import { assignmentWorkflowId, type AssignmentInput, type Rules } from '../workflows/types';
import { calendarFor } from '../lib/calendar-store';
import type { Principal } from './auth';
import { HttpError } from './errors';
import type { DocumentInput } from './schemas';

const START_CONCURRENCY = 8;

/**
 * Registers a document and puts each of its assignments under control: one workflow per
 * assignment, id `assignment-<id>`, never reused.
 */
export async function registerDocument(
  deps: { temporal: Client; taskQueue: string; rules: Rules },
  user: Principal,
  input: DocumentInput,
) {
  const named = [
    ...new Set(
      input.assignments.flatMap((a) => [
        ...(a.controllerId ? [a.controllerId] : []),
        ...(a.verificationChain ?? []),
      ]),
    ),
  ];
  if (named.length > 0) {
    const found = await User.countDocuments({
      _id: trusted({ $in: named }),
      roles: 'controller',
      active: true,
    });
    if (found !== named.length) {
      throw new HttpError(
        422,
        'Every controllerId and verificationChain member must be an active user with the controller role.',
      );
    }
  }
  await assertOrganizations(input);
  const deadlines = input.assignments.map(deadlineOf);
  const years = deadlines.flatMap((d) => {
    const y = Number(d.slice(0, 4));
    return [y - 1, y, y + 1];
  });
  const calendar = await calendarFor([...new Set(years)]);
  const documentId = new Types.ObjectId().toHexString();
  const assignments: AssignmentInput[] = input.assignments.map((a, i) => ({
    id: new Types.ObjectId().toHexString(),
    documentId,
    clause: a.clause,
    text: a.text,
    leadOrgId: a.leadOrgId,
    coOrgIds: a.coOrgIds,
    controllerId: a.controllerId ?? user.id,
    deadline: deadlines[i] as string,
    ...(a.periodicity ? { periodicity: a.periodicity } : {}),
    public: a.public,
    verificationChain: a.verificationChain ?? [a.controllerId ?? user.id],
    rules: deps.rules,
    calendar,
  }));
  const doc = await DocumentModel.create({
    _id: documentId,
    kind: input.kind,
    number: input.number,
    title: input.title,
    signedAt: input.signedAt,
    text: input.text,
    registeredBy: user.id,
    assignmentIds: assignments.map((a) => a.id),
  });
  await forEachLimited(assignments, START_CONCURRENCY, (a) =>
    deps.temporal.workflow.start<typeof assignmentWorkflow>('assignmentWorkflow', {
      workflowId: assignmentWorkflowId(a.id),
      taskQueue: deps.taskQueue,
      args: [a],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    }),
  );
  return {
    ...doc.toJSON(),
    id: documentId,
    // As the workflow will hold them: the deadline moved off a non-working day.
    assignments: assignments.map(({ rules: _rules, calendar: _calendar, ...a }) => ({
      ...a,
      deadline: adjustDeadline(a.deadline, calendar),
      status: 'in_execution' as const,
    })),
  };
}

/**
 * The assignment's deadline; a periodic one's is its last period's due date. A periodicity
 * that ended before today is refused: it would have no period left to report on.
 */
function deadlineOf(a: DocumentInput['assignments'][number], index: number): string {
  if (!a.periodicity) return a.deadline as string;
  const today = localDate(Date.now());
  if (a.periodicity.until < today) {
    throw new HttpError(422, 'The periodicity ends before today.', [
      { path: `assignments.${index}.periodicity.until`, message: `must not be before ${today}` },
    ]);
  }
  const periods = periodsBetween(a.periodicity, today);
  return (periods[periods.length - 1] as Period).due;
}

/** Every executor organization must exist and be active; the refusal names the missing ones. */
async function assertOrganizations(input: DocumentInput): Promise<void> {
  const ids = [...new Set(input.assignments.flatMap((a) => [a.leadOrgId, ...a.coOrgIds]))];
  const found = await Organization.find({ _id: trusted({ $in: ids }), active: true }, { _id: 1 });
  const known = new Set(found.map((o) => String(o._id)));
  const errors = input.assignments.flatMap((a, i) =>
    [a.leadOrgId, ...a.coOrgIds]
      .filter((id) => !known.has(id))
      .map((id) => ({ path: `assignments.${i}`, message: `no active organization ${id}` })),
  );
  if (errors.length > 0) {
    throw new HttpError(422, 'Some executor organizations do not exist or are inactive.', errors);
  }
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
