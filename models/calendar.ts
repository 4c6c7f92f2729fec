import { Schema, model, type InferSchemaType } from 'mongoose';

const datedDay = new Schema(
  {
    /** YYYY-MM-DD inside the calendar's year. */
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    name: { type: String, required: true, trim: true, maxlength: 200 },
  },
  { _id: false },
);

/**
 * What an admin sets for one year of the business calendar; `_id` is the year. The fixed
 * holidays of the Labour Code are not stored (they are in workflows/calendar.ts): `holidays`
 * holds the movable ones (Ramazon hayit, Qurbon hayit) and the transferred days off,
 * `workdays` the weekend dates declared working. A year with no row is the default calendar.
 */
const calendarSchema = new Schema(
  {
    _id: { type: Number, required: true, min: 2000, max: 2100 },
    weekDays: { type: Number, enum: [5, 6], default: 5 },
    holidays: { type: [datedDay], default: [] },
    workdays: { type: [datedDay], default: [] },
    shift: { type: String, enum: ['previous', 'next'], default: 'previous' },
  },
  { timestamps: true },
);
// The API calls a calendar by its year, not by an id.
calendarSchema.set('toJSON', {
  versionKey: false,
  transform(_doc, ret: Record<string, unknown>) {
    const { _id, ...rest } = ret;
    return { year: _id, ...rest };
  },
});

export type CalendarRow = InferSchemaType<typeof calendarSchema>;
export const Calendar = model('Calendar', calendarSchema);
