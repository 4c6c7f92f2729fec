import { Schema, model } from 'mongoose';

const count = { type: Number, required: true, default: 0 };

/**
 * An organization's discipline rating for one month, as it stood when the month ended
 * (activities/ratings.ts): what the trends show, unchanged by later work on those
 * assignments. `_id` is `YYYY-MM|orgId`, so taking a month's snapshot again replaces it.
 */
const ratingSnapshotSchema = new Schema(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true, index: true },
    orgId: { type: String, required: true, index: true },
    due: count,
    onTime: count,
    late: count,
    overdue: count,
    overdueDays: count,
    returns: count,
    extensions: count,
    violations: count,
    score: { type: Number, default: null },
    band: { type: String, enum: ['green', 'yellow', 'red', null], default: null },
    takenAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const RatingSnapshot = model('RatingSnapshot', ratingSnapshotSchema);
