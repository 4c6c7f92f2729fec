import { Schema, model } from 'mongoose';

/**
 * The first answer to a POST sent with an `Idempotency-Key`, replayed for repeats of the same
 * request. Kept a day; `running` while the first request is still being served.
 */
const idempotencySchema = new Schema({
  _id: { type: String, required: true },
  requestHash: { type: String, required: true },
  state: { type: String, enum: ['running', 'done'], required: true },
  status: { type: Number },
  body: { type: Schema.Types.Mixed },
  expiresAt: { type: Date, required: true },
});

export const IdempotencyRecord = model('IdempotencyRecord', idempotencySchema);
