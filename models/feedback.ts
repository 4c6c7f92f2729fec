import { Schema, model, type InferSchemaType } from 'mongoose';
import { publicJson } from './plugins';

export const FEEDBACK_SOURCES = ['portal', 'jamoatfikri'] as const;
export const FEEDBACK_STATUSES = ['pending', 'published', 'hidden'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/**
 * A citizen's feedback on a public assignment: from the public pages or signed by jamoatfikri.uz.
 * It waits for the controller's moderation; only published feedback is shown to the public.
 * Nothing that identifies the citizen is kept (no address, no name).
 */
const feedbackSchema = new Schema(
  {
    // A webhook's feedback has an id made from the webhook id (api/feedback.ts), so one delivery
    // is stored once however often it is sent (a unique _id: FerretDB v1 has no partial indexes).
    _id: { type: String, required: true },
    assignmentId: { type: String, required: true },
    source: { type: String, enum: FEEDBACK_SOURCES, required: true },
    /** jamoatfikri.uz's webhook id. */
    webhookId: { type: String },
    /** SHA-256 of the webhook's body: the same id with another body is refused. */
    bodyHash: { type: String },
    text: { type: String, required: true },
    rating: { type: Number, required: true, min: 1, max: 5 },
    region: { type: String, required: true },
    status: { type: String, enum: FEEDBACK_STATUSES, default: 'pending' },
    /** The assignment's workflow has counted it. */
    signalled: { type: Boolean, default: false },
    moderatedBy: { type: String },
    moderatedAt: { type: Date },
    moderationReason: { type: String },
  },
  { timestamps: true },
);
feedbackSchema.index({ assignmentId: 1, createdAt: -1 });
publicJson(feedbackSchema, ['bodyHash', 'signalled']);

export type FeedbackDoc = InferSchemaType<typeof feedbackSchema> & { _id: unknown };
export const Feedback = model('Feedback', feedbackSchema);
