import { trusted } from 'mongoose';
import { appendAudit } from '../lib/audit';
import type { Logger } from '../lib/logger';
import { Job, JobItem } from '../models/job';
import { startRegistration, type Registration, type RegistrationDeps } from './documents';

/** A running job's lease: renewed with every progress write, taken over once it lapses. */
const LEASE_MS = 30_000;
/** How often a running job's progress is written. */
const PROGRESS_MS = 1_000;

export interface JobDeps {
  registration: RegistrationDeps;
  logger: Logger;
}

const leaseFromNow = () => new Date(Date.now() + LEASE_MS);

const isDuplicate = (err: unknown) =>
  (err as { code?: number }).code === 11000 ||
  ((err as { writeErrors?: { code?: number }[] }).writeErrors ?? [{}]).every(
    (e) => e.code === 11000,
  );

/**
 * Stores an import that passed validation as a running job `jobId`, its assignments first: a
 * job row exists only with its whole plan, so any job can be run again from what is stored.
 * `rows` are the file's row numbers of the assignments, for errors. Answers false when the job
 * was already stored (a retried request): it runs, or resumes once its lease lapses.
 */
export async function createImportJob(
  jobId: string,
  startedBy: string,
  reg: Registration,
  rows: number[],
): Promise<boolean> {
  if (await Job.findById(jobId, { _id: 1 }).lean()) return false;
  const items = reg.assignments.map((input, index) => ({
    _id: input.id,
    jobId,
    index,
    row: rows[index],
    input,
  }));
  // Some may be stored by an earlier try that stopped before its job row.
  await JobItem.insertMany(items, { ordered: false }).catch((err: unknown) => {
    if (!isDuplicate(err)) throw err;
  });
  const plan = { document: reg.document, rules: reg.rules, calendar: reg.calendar };
  try {
    await Job.create({
      _id: jobId,
      kind: 'document.import',
      status: 'running',
      startedBy,
      total: reg.assignments.length,
      leaseUntil: leaseFromNow(),
      plan,
    });
  } catch (err) {
    if (isDuplicate(err)) return false;
    throw err;
  }
  return true;
}

/**
 * Runs a job to its end: writes the document, starts every workflow (those started by an
 * earlier run count as started), writes progress as it goes and the outcome at the end.
 */
export async function runJob(deps: JobDeps, jobId: string): Promise<void> {
  const job = await Job.findById(jobId).lean();
  if (!job || job.status !== 'running') return;
  const plan = job.plan as Omit<Registration, 'assignments'>;
  const items = await JobItem.find({ jobId }).sort({ index: 1 }).lean();
  if (items.length !== job.total) {
    return finish(deps, jobId, plan, [
      { message: `only ${items.length} of ${job.total} assignments were stored; import again` },
    ]);
  }
  const reg: Registration = { ...plan, assignments: items.map((i) => i.input) };
  const progress = progressWriter(deps.logger, jobId, plan.document.id);
  try {
    const { failed } = await startRegistration(deps.registration, reg, progress.step);
    await progress.stop();
    await finish(
      deps,
      jobId,
      plan,
      failed.map(({ index, error }) => ({
        row: items[index]?.row,
        message: `not started: ${(error as Error).message}`,
      })),
      progress.processed(),
    );
  } catch (err) {
    await progress.stop();
    throw err;
  }
}

/** Writes a running job's progress once a second, renewing its lease with it. */
function progressWriter(logger: Logger, jobId: string, documentId: string) {
  let processed = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const write = () => {
    const set = {
      processed,
      leaseUntil: leaseFromNow(),
      // The document is written before the first workflow starts.
      ...(processed > 0 ? { documentId } : {}),
    };
    writing = writing
      .then(() => Job.updateOne({ _id: jobId, status: 'running' }, { $set: set }))
      .catch((err: unknown) => logger.warn({ err, jobId }, 'could not write job progress'));
  };
  const timer = setInterval(write, PROGRESS_MS);
  return {
    step: () => void processed++,
    processed: () => processed,
    stop: async () => {
      clearInterval(timer);
      await writing;
    },
  };
}

async function finish(
  deps: JobDeps,
  jobId: string,
  plan: Omit<Registration, 'assignments'>,
  errors: { row?: number; message: string }[],
  processed?: number,
): Promise<void> {
  const status = errors.length === 0 ? 'done' : 'failed';
  const job = await Job.findOneAndUpdate(
    { _id: jobId, status: 'running' },
    {
      $set: {
        status,
        rowErrors: errors,
        finishedAt: new Date(),
        ...(processed === undefined ? {} : { processed, documentId: plan.document.id }),
      },
    },
    { returnDocument: 'after' },
  ).lean();
  await JobItem.deleteMany({ jobId });
  // Another process finished it first (a lapsed lease taken over): it has written the audit.
  if (!job) return;
  await appendAudit({
    subject: `document:${plan.document.id}`,
    action: 'document.register',
    outcome: status === 'done' ? 'ok' : 'failed',
    actorId: job.startedBy,
    ip: null,
    after: { jobId, number: plan.document.number, processed: job.processed, total: job.total },
    ...(errors.length > 0 ? { detail: `${errors.length} assignment(s) not started` } : {}),
  });
  deps.logger.info({ jobId, status, processed: job.processed }, 'import job ended');
}

/** Runs a job without waiting for it; a run that breaks is left to be taken over. */
export function runInBackground(deps: JobDeps, jobId: string): void {
  runJob(deps, jobId).catch((err: unknown) =>
    deps.logger.error({ err, jobId }, 'import job stopped; it resumes once its lease lapses'),
  );
}

/**
 * Takes over running jobs whose lease lapsed (their API process stopped) and runs them
 * again in the background. Answers the ids taken over.
 */
export async function resumeJobs(deps: JobDeps): Promise<string[]> {
  const now = new Date();
  const lapsed = await Job.find(
    { status: 'running', leaseUntil: trusted({ $lt: now }) },
    { _id: 1 },
  ).lean();
  const taken: string[] = [];
  for (const { _id } of lapsed) {
    // Only one process wins the lease.
    const claimed = await Job.updateOne(
      { _id, status: 'running', leaseUntil: trusted({ $lt: now }) },
      { $set: { leaseUntil: leaseFromNow() } },
    );
    if (claimed.modifiedCount === 0) continue;
    taken.push(String(_id));
    deps.logger.info({ jobId: String(_id) }, 'resuming an import job');
    runInBackground(deps, String(_id));
  }
  return taken;
}

/** Resumes lapsed jobs now and then every lease period; answers a function that stops it. */
export function keepJobsRunning(deps: JobDeps): () => void {
  const sweep = () =>
    resumeJobs(deps).catch((err: unknown) =>
      deps.logger.error({ err }, 'could not look for jobs to resume'),
    );
  void sweep();
  const timer = setInterval(() => void sweep(), LEASE_MS).unref();
  return () => clearInterval(timer);
}
