import { Schema, model } from 'mongoose';

export const CHANGE_KINDS = [
  'assignment',
  'document',
  'organization',
  'user',
  'notification',
  // A signed-out token: its id.
  'token',
  // Every API process checks its read views against the read model (id: the day asked).
  'reconcile',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/**
 * A changed row. A notification also names its recipient and whether it is read, so the
 * API's inboxes take it in without reading the row again (there are ~20 per action).
 */
export type ChangeRef = { kind: ChangeKind; id: string; to?: string; read?: boolean };

/**
 * One entry of the change log: which rows of the read model changed. `_id` is the entry's
 * position (1, 2, 3, … as a string), so the API reads the log by `_id`, the one query every
 * store answers from an index. The rows themselves are read again by `_id`, so a reader
 * always applies their current state (notifications excepted, see `ChangeRef`).
 */
const changeSchema = new Schema(
  {
    _id: { type: String, required: true },
    refs: {
      type: [
        new Schema(
          { kind: { type: String, enum: CHANGE_KINDS }, id: String, to: String, read: Boolean },
          { _id: false },
        ),
      ],
      required: true,
    },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const Change = model('Change', changeSchema);
