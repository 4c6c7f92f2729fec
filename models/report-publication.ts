import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * An execution report's text that the assignment's controller made public. The text is copied
 * when published, so the public pages read only this collection and never the internal reports;
 * withdrawing the publication deletes the row. `_id` is `<assignmentId>:<reportId>`: one report
 * is published once.
 */
const reportPublicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    assignmentId: { type: String, required: true, index: true },
    reportId: { type: String, required: true },
    text: { type: String, required: true },
    submittedAt: { type: String, required: true },
    publishedBy: { type: String, required: true },
    publishedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type ReportPublicationDoc = InferSchemaType<typeof reportPublicationSchema>;
export const ReportPublication = model('ReportPublication', reportPublicationSchema);
