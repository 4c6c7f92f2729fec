import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import { appendChanges } from '../lib/change-log';
import { DocumentModel } from '../models/document';
import { Organization } from '../models/organization';
import { User } from '../models/user';
import type { assignmentWorkflow } from '../workflows/assignment';
import { adjustDeadline, type CalendarData } from '../workflows/calendar';
import { registeredUpdate } from '../workflows/messages';
import { periodsBetween, type Period } from '../workflows/periods';
import { localDate } from '../workflows/timers';
import { assignmentWorkflowId, type AssignmentInput, type Rules } from '../workflows/types';
import { calendarFor } from '../lib/calendar-store';
import { findByIds } from '../lib/mongo';
import type { Principal } from './auth';
import type { AppDeps } from './deps';
import { HttpError } from './errors';
import { idFor, type Operation } from './operation';
import type { DocumentInput } from './schemas';

const START_CONCURRENCY = 8;

export interface RegistrationDeps {
  temporal: Client;
  taskQueue: string;
  rules: Rules;
}

export function registrationDeps(deps: Pick<AppDeps, 'config' | 'temporal'>): RegistrationDeps {
  return {
    temporal: deps.temporal,
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    rules: {
      reminderDays: deps.config.REMINDER_DAYS,
      coDeadlineOffset: deps.config.CO_DEADLINE_OFFSET_DAYS,
      escalationDays: deps.config.ESCALATION_DAYS,
    },
  };
}

type AssignmentItem = DocumentInput['assignments'][number];

/** A problem with one assignment of the input; `path` is within that assignment. */
export interface AssignmentProblem {
  index: number;
  path: string;
  message: string;
}

/**
 * A document ready to register: ids generated and deadlines worked out, nothing written yet.
 * Plain data, so an import job can store it and start it again after a restart.
 */
export interface Registration {
  document: Omit<DocumentInput, 'assignments'> & { id: string; registeredBy: string };
  rules: Rules;
  calendar: CalendarData;
  assignments: Omit<AssignmentInput, 'rules' | 'calendar'>[];
}

/**
 * What registration refuses beyond the schema, every problem of every assignment: a named
 * controller or reviewer who is not an active controller, an executor organization that does
 * not exist or is inactive, a periodicity that has already ended.
 */
export async function checkAssignments(items: AssignmentItem[]): Promise<AssignmentProblem[]> {
  const people = (a: AssignmentItem): Named[] => [
    ...(a.controllerId ? [['controllerId', a.controllerId] as Named] : []),
    ...(a.verificationChain ?? []).map((id, j): Named => [`verificationChain.${j}`, id]),
  ];
  const orgs = (a: AssignmentItem): Named[] => [
    ['leadOrgId', a.leadOrgId],
    ...a.coOrgIds.map((id, j): Named => [`coOrgIds.${j}`, id]),
  ];
  const [controllers, organizations] = await Promise.all([
    found(items.flatMap(people), async (ids) =>
      (await findByIds(User, ids, { roles: 1, active: 1 })).filter(
        (u) => u.active && u.roles.includes('controller'),
      ),
    ),
    found(items.flatMap(orgs), async (ids) =>
      (await findByIds(Organization, ids, { active: 1 })).filter((o) => o.active),
    ),
  ]);
  const missing = (
    known: Set<string>,
    named: Named[],
    index: number,
    why: (id: string) => string,
  ) =>
    named
      .filter(([, id]) => !known.has(id))
      .map(([path, id]) => ({ index, path, message: why(id) }));
  const today = localDate(Date.now());
  return items.flatMap((a, index) => [
    ...missing(controllers, people(a), index, (id) => `${id} is not an active controller`),
    ...missing(organizations, orgs(a), index, (id) => `no active organization ${id}`),
    ...(a.periodicity && a.periodicity.until < today
      ? [{ index, path: 'periodicity.until', message: `must not be before ${today}` }]
      : []),
  ]);
}

/** A field of an assignment and the id it names. */
type Named = [path: string, id: string];

/** The named ids that `query` finds, asked once for all of them. */
async function found(
  named: Named[],
  query: (ids: string[]) => PromiseLike<{ _id: unknown }[]>,
): Promise<Set<string>> {
  const ids = [...new Set(named.map(([, id]) => id))];
  if (ids.length === 0) return new Set();
  return new Set((await query(ids)).map((row) => String(row._id)));
}

/**
 * Ids, deadlines and the calendar around them, for input that passed `checkAssignments`. The
 * ids are the operation's: a retried request plans the same document and assignments.
 */
export async function planRegistration(
  rules: Rules,
  user: Principal,
  input: DocumentInput,
  op: Operation,
): Promise<Registration> {
  const { assignments: items, ...fields } = input;
  const deadlines = items.map(deadlineOf);
  const years = deadlines.flatMap((d) => {
    const y = Number(d.slice(0, 4));
    return [y - 1, y, y + 1];
  });
  const documentId = idFor(op, 'document');
  return {
    document: { ...fields, id: documentId, registeredBy: user.id },
    rules,
    calendar: await calendarFor([...new Set(years)]),
    assignments: items.map((a, i) => ({
      id: idFor(op, `assignment/${i}`),
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
    })),
  };
}

/** The assignment's deadline; a periodic one's is its last period's due date. */
function deadlineOf(a: AssignmentItem): string {
  if (!a.periodicity) return a.deadline as string;
  const periods = periodsBetween(a.periodicity, localDate(Date.now()));
  return (periods[periods.length - 1] as Period).due;
}

/**
 * Writes the document and starts one workflow per assignment, id `assignment-<id>`, never
 * reused, a bounded number at a time; each start answers once the assignment's row is written,
 * so what registration reports done can be read and acted on at once. Running it again with
 * the same registration (a retried request, a resumed import) is safe: the document and the
 * workflows already started are left as they are. `onProgress` is told after each
 * assignment; the answer lists the ones that did not start.
 */
export async function startRegistration(
  deps: RegistrationDeps,
  reg: Registration,
  onProgress: () => void = () => {},
) {
  const document = await findOrCreateDocument(reg);
  const failed: { index: number; error: unknown }[] = [];
  await forEachLimited(reg.assignments, START_CONCURRENCY, async (a, index) => {
    try {
      await deps.temporal.workflow.executeUpdateWithStart(registeredUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation<typeof assignmentWorkflow>(
          'assignmentWorkflow',
          {
            workflowId: assignmentWorkflowId(a.id),
            taskQueue: deps.taskQueue,
            args: [{ ...a, rules: reg.rules, calendar: reg.calendar }],
            // Started before: wait for its row; ended before: its row is written.
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          },
        ),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) failed.push({ index, error });
    }
    onProgress();
  });
  return { document, failed };
}

async function findOrCreateDocument(reg: Registration) {
  const { id, ...fields } = reg.document;
  let found = await DocumentModel.findById(id);
  if (!found) {
    try {
      found = await DocumentModel.create({
        _id: id,
        ...fields,
        assignmentIds: reg.assignments.map((a) => a.id),
      });
    } catch (err) {
      // Written meanwhile by another try of the same request.
      if ((err as { code?: number }).code !== 11000) throw err;
      found = (await DocumentModel.findById(id))!;
    }
  }
  // Also when found: the try that wrote it may have stopped before logging it.
  await appendChanges([{ kind: 'document', id }]);
  return found;
}

/** Registers a document and puts each of its assignments under control (POST /documents). */
export async function registerDocument(
  deps: RegistrationDeps,
  user: Principal,
  input: DocumentInput,
  op: Operation,
) {
  const problems = await checkAssignments(input.assignments);
  if (problems.length > 0) {
    throw new HttpError(
      422,
      'The document was not registered: some assignments name people or organizations that cannot take them, or a periodicity that has ended; see errors.',
      problems.map((p) => ({ path: `assignments.${p.index}.${p.path}`, message: p.message })),
    );
  }
  const reg = await planRegistration(deps.rules, user, input, op);
  const { document, failed } = await startRegistration(deps, reg);
  if (failed[0]) throw failed[0].error;
  const today = localDate(Date.now());
  return {
    ...document.toJSON(),
    id: reg.document.id,
    // As the workflow will hold them: the deadline moved off a non-working day, overdue once
    // its day has ended (a document may be registered late).
    assignments: reg.assignments.map((a) => {
      const deadline = adjustDeadline(a.deadline, reg.calendar);
      return { ...a, deadline, status: 'in_execution' as const, overdue: deadline < today };
    }),
  };
}

async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<unknown>,
) {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
