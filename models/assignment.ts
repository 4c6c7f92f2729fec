import { Schema, model, type InferSchemaType } from 'mongoose';
import { publicJson } from './plugins';

export const ASSIGNMENT_STATUSES = [
  'in_execution',
  'under_review',
  'accepted',
  'closed',
  'cancelled',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

const Mixed = Schema.Types.Mixed;
const part = (fields: Record<string, unknown>) => new Schema(fields, { _id: false, strict: false });

/**
 * Read model of an assignment workflow, for lists, details and dashboards: the workflow's
 * whole view. Written only by the workflow's activities; `version` only grows, so a retried or
 * late write never moves a row backwards.
 */
const assignmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    documentId: { type: String, required: true, index: true },
    clause: { type: String, required: true },
    text: { type: String, required: true },
    leadOrgId: { type: String, required: true, index: true },
    coOrgIds: { type: [String], default: [] },
    controllerId: { type: String, required: true },
    verificationChain: { type: [String], default: [] },
    deadline: { type: String, required: true, index: true },
    public: { type: Boolean, default: false },
    status: { type: String, enum: ASSIGNMENT_STATUSES, required: true, index: true },
    overdue: { type: Boolean, default: false },
    overdueSince: { type: String },
    overdueDays: { type: Number, default: 0 },
    escalated: { type: Boolean, default: false },
    extensionPending: { type: Boolean, default: false },
    inspectionOpen: { type: Boolean, default: false },
    extensionsCount: { type: Number, default: 0 },
    executions: { type: [part({ organizationId: String, role: String, deadline: String })] },
    reports: {
      type: [
        part({ id: String, organizationId: String, attachmentIds: [String], reviews: [Mixed] }),
      ],
    },
    extensionRequests: { type: [Mixed] },
    inspections: { type: [Mixed] },
    violations: { type: [Mixed] },
    parentId: { type: String, index: true },
    periodicity: { type: Mixed },
    // A period's sub-assignment: the period's key (`2027-03`, `2027-Q1`, `2027`).
    period: { type: String },
    // Organizations that passed it down: they see it as their own.
    watcherOrgIds: { type: [String], default: [], index: true },
    children: { type: [Mixed] },
    rules: { type: Mixed },
    cancelReason: { type: String },
    acceptedAt: { type: String },
    closedAt: { type: String },
    closedBy: { type: String },
    closeComment: { type: String },
    // Citizens' feedback as the workflow counts it (workflows/feedback.ts).
    feedback: { type: Mixed },
  },
  { timestamps: true },
);
assignmentSchema.index({ 'reports.attachmentIds': 1 });
// The public pages list public assignments by deadline.
assignmentSchema.index({ public: 1, deadline: 1 });
publicJson(assignmentSchema, ['version', 'rules']);

export type AssignmentRow = InferSchemaType<typeof assignmentSchema>;
export const AssignmentModel = model('Assignment', assignmentSchema);
