import { Schema, model } from 'mongoose';

/**
 * A POST sent with an `Idempotency-Key`: the operation it started (kept a day) and, once it
 * answered, the answer replayed to repeats. `running` holds a lease its server renews; a record
 * whose lease lapsed (its server stopped) or whose run `failed` is run again as the same
 * operation (`startedAt` keeps its identity), which the workflow answers instead of repeating.
 */
const idempotencySchema = new Schema({
  _id: { type: String, required: true },
  requestHash: { type: String, required: true },
  state: { type: String, enum: ['running', 'done', 'failed'], required: true },
  startedAt: { type: Date },
  leaseUntil: { type: Date },
  status: { type: Number },
  body: { type: Schema.Types.Mixed },
  expiresAt: { type: Date, required: true },
});

export const IdempotencyRecord = model('IdempotencyRecord', idempotencySchema);
