import { Schema, model } from 'mongoose';

export const JOB_STATUSES = ['running', 'done', 'failed'] as const;

/**
 * A background job (a bulk document import). `plan` holds what the job needs to run again
 * after an API restart (the document, timing rules, calendar); `leaseUntil` is pushed forward
 * while a process works on it, so another process takes over only a job nobody is running.
 */
const jobSchema = new Schema(
  {
    kind: { type: String, enum: ['document.import'], required: true },
    status: { type: String, enum: JOB_STATUSES, required: true, index: true },
    startedBy: { type: String, required: true },
    processed: { type: Number, default: 0 },
    total: { type: Number, required: true },
    /** Answered as `errors`, a name mongoose reserves for documents. */
    rowErrors: { type: [{ _id: false, row: Number, message: String }], default: [] },
    /** Set once the document row exists. */
    documentId: { type: String },
    finishedAt: { type: Date },
    leaseUntil: { type: Date, required: true },
    plan: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true },
);

export const Job = model('Job', jobSchema);

/**
 * One assignment of a job, as it will be started (ids generated up front), with the row of
 * the file it came from. Kept apart from the job so a 5,000-row import stays far below the
 * document size limit; removed when the job ends.
 */
const jobItemSchema = new Schema({
  _id: { type: String, required: true },
  jobId: { type: String, required: true, index: true },
  index: { type: Number, required: true },
  row: { type: Number, required: true },
  input: { type: Schema.Types.Mixed, required: true },
});

export const JobItem = model('JobItem', jobItemSchema);
