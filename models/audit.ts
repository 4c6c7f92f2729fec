import { Schema, model } from 'mongoose';

/**
 * One audit event. Events of a subject (`assignment:<id>`, `user:<id>`, …) form a chain:
 * `seq` counts from 1 and `hash` covers the event and the previous event's hash, so an edited,
 * inserted or removed event breaks verification. Never updated, never deleted.
 */
const auditEventSchema = new Schema({
  /** `<subject>#<seq>`: the event's place in its chain. */
  _id: { type: String, required: true },
  subject: { type: String, required: true },
  seq: { type: Number, required: true },
  action: { type: String, required: true },
  actorId: { type: String, default: null },
  ip: { type: String, default: null },
  at: { type: Date, required: true },
  outcome: { type: String, enum: ['ok', 'refused', 'failed'], required: true },
  detail: { type: String },
  before: { type: Schema.Types.Mixed },
  after: { type: Schema.Types.Mixed },
  /** Retried writers (activities) pass one; an event with a known key is not appended twice. */
  key: { type: String },
  prevHash: { type: String, required: true },
  hash: { type: String, required: true },
});
auditEventSchema.index({ subject: 1, seq: 1 }, { unique: true });
auditEventSchema.set('toJSON', {
  versionKey: false,
  transform(_doc, ret: Record<string, unknown>) {
    delete ret._id;
    return ret;
  },
});

/**
 * The newest event of each chain. Appending moves it with a compare-and-set on `seq`, which
 * orders concurrent writers; removing the last events of a chain no longer matches it.
 */
const auditHeadSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, required: true },
  hash: { type: String, required: true },
  /**
   * The keys of the chain's last keyed events up to `seq` (lib/audit.ts: KEY_WINDOW), so a
   * retried append finds its key in the head instead of reading the events before it. Heads
   * written before v0.3.0 have none; their first append reads the events once.
   */
  keys: { type: [String], default: undefined },
});

export const AuditEvent = model('AuditEvent', auditEventSchema);
export const AuditHead = model('AuditHead', auditHeadSchema);
