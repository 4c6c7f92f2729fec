import { Schema, model } from 'mongoose';

/**
 * Notifications waiting for their recipient's daily digest: one entry per outbox row, by the
 * row's key, taken out once a digest carried it. The queue holds only what waits, so the daily
 * run reads it whole instead of searching the outbox. The row's `digestedAt` decides whether
 * it was carried: an entry put back by a retried notify after that is dropped, not sent.
 */
const digestItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    recipientId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const DigestItem = model('DigestItem', digestItemSchema);

/**
 * A digest's outbox row, written before its mail is sent: its id is the recipient and the
 * keys it carries, so a retry finds it and mails it at most once.
 */
const digestSchema = new Schema(
  {
    _id: { type: String, required: true },
    recipientId: { type: String, required: true },
    keys: { type: [String], required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    messageId: { type: String, required: true },
    sentAt: { type: Date },
  },
  { timestamps: true },
);
export const Digest = model('Digest', digestSchema);
