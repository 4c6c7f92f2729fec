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

/**
 * Read model of an assignment workflow, for lists and dashboards. Written only by the
 * workflow's activities; `version` only grows, so a retried or late write never moves a
 * row backwards.
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
    deadline: { type: String, required: true },
    public: { type: Boolean, default: false },
    status: { type: String, enum: ASSIGNMENT_STATUSES, required: true, index: true },
    overdue: { type: Boolean, default: false },
    cancelReason: { type: String },
  },
  { timestamps: true },
);
publicJson(assignmentSchema, ['version']);

export type AssignmentRow = InferSchemaType<typeof assignmentSchema>;
export const AssignmentModel = model('Assignment', assignmentSchema);
