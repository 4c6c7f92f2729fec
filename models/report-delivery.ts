import { Schema, model } from 'mongoose';

/**
 * One observer's copy of one scheduled report, recorded once it was handed to the relay:
 * `_id` is `<run>|<userId>`, so a retried run mails only those it had not reached.
 */
const reportDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    sentAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ReportDelivery = model('ReportDelivery', reportDeliverySchema);
