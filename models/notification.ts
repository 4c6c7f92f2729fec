import { Schema, model } from 'mongoose';
import { publicJson } from './plugins';

/**
 * Outbox row: one per notification, keyed by an idempotency key derived from the workflow,
 * so a retried activity finds the row it wrote and never sends twice.
 */
// The same row is the in-app notification (GET /notifications) and the email's outbox entry.
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    recipientId: { type: String, required: true, index: true },
    template: { type: String, required: true },
    locale: { type: String, required: true },
    channels: { type: [String], enum: ['email', 'in_app'], required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    subjectRef: { type: String },
    messageId: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    sentAt: { type: Date },
    lastError: { type: String },
    /** When the recipient read it in the app. */
    readAt: { type: Date },
  },
  { timestamps: true },
);
publicJson(notificationSchema);

export const NotificationModel = model('Notification', notificationSchema);
