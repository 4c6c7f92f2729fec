import path from 'node:path';
import { Schema, model, type InferSchemaType } from 'mongoose';
import { publicJson } from './plugins';

export const FILENAME_MAX = 200;

/** Leading and trailing dots and spaces: no hidden files, no `.` or `..`, no `name.`. */
const EDGES = /^[.\s]+|[.\s]+$/g;

/**
 * A client's file name made safe to store and to send back in a header: the last path
 * segment only (no `/` or `\`), no control or invisible format characters (bidi overrides
 * that make `exe.pdf` read as `fdp.exe`), at most 200 characters with the extension kept.
 */
export function sanitizeFilename(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let clean = base.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(EDGES, '');
  const chars = Array.from(clean);
  if (chars.length > FILENAME_MAX) {
    const ext = path.extname(clean);
    const keep = ext.length <= 20 ? Array.from(ext) : [];
    clean = [...chars.slice(0, FILENAME_MAX - keep.length), ...keep].join('').replace(EDGES, '');
  }
  return clean || 'file';
}

/**
 * An uploaded file's metadata. The bytes live once per content in the file store
 * (`lib/file-store.ts`) under their sha256; several rows may share them.
 */
const attachmentSchema = new Schema(
  {
    sha256: { type: String, required: true, match: /^[a-f0-9]{64}$/, index: true },
    size: { type: Number, required: true, min: 0 },
    /** The type detected from the bytes, not the one the client declared. */
    mime: { type: String, required: true },
    filename: {
      type: String,
      required: true,
      validate: {
        validator: (v: string) => sanitizeFilename(v) === v,
        message: 'filename must be sanitized (sanitizeFilename)',
      },
    },
    uploadedBy: { type: String, required: true },
    /** The uploader's organization at upload time; null for users without one. */
    organizationId: { type: String, default: null },
  },
  { timestamps: true },
);
publicJson(attachmentSchema);

export type AttachmentRow = InferSchemaType<typeof attachmentSchema>;
export const Attachment = model('Attachment', attachmentSchema);
