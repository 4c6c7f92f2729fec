import { Schema, model } from 'mongoose';
import { publicJson } from './plugins';

export const DOCUMENT_KINDS = ['PF', 'PQ', 'F', 'protocol', 'instruction'] as const;

const documentSchema = new Schema(
  {
    kind: { type: String, enum: DOCUMENT_KINDS, required: true },
    number: { type: String, required: true, trim: true },
    title: { type: String, required: true, trim: true },
    signedAt: { type: String, required: true },
    text: { type: String, default: '' },
    status: { type: String, enum: ['active', 'repealed'], default: 'active' },
    registeredBy: { type: String, required: true },
    assignmentIds: { type: [String], default: [] },
  },
  { timestamps: true },
);
// A document's assignment ids name assignments the reader may not see: the API answers the
// ones the caller may read (GET /documents/:id), never the whole list.
publicJson(documentSchema, ['assignmentIds']);

export const DocumentModel = model('Document', documentSchema);
