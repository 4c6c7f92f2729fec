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
    /**
     * How its mail goes (activities/directory.ts): `immediate`, in the daily `digest`, or
     * `none` (in the app only). Rows written before v0.3.0 have none and were mailed at once.
     */
    delivery: { type: String, enum: ['immediate', 'digest', 'none'] },
    /** When the daily digest that carried it was mailed. */
    digestedAt: { type: Date },
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
/**
 * The API's id of a row: its key, base64url. Keys hold `/` (`<workflow>/v3/<template>/<user>`),
 * which no client can put in a path segment as listed; the key stays the `_id`, so outbox rows
 * written before keep their identity.
 */
export const notificationIds = {
  public: (key: string): string => Buffer.from(key, 'utf8').toString('base64url'),
  key: (id: string): string => Buffer.from(id, 'base64url').toString('utf8'),
};
// The row is also the mail's outbox entry: its delivery fields (a relay's error text among
// them) are not the reader's.
const DELIVERY = [
  'recipientId',
  'delivery',
  'digestedAt',
  'locale',
  'channels',
  'messageId',
  'attempts',
  'sentAt',
  'lastError',
];
publicJson(notificationSchema, [...DELIVERY, 'updatedAt'], notificationIds.public);

export const NotificationModel = model('Notification', notificationSchema);
