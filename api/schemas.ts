import { z } from 'zod';
import { DOCUMENT_KINDS } from '../models/document';

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDate = z.iso.date();
export const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'must be a 24-character hex id');

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const assignmentInputSchema = z.strictObject({
  clause: z.string().trim().min(1).max(50),
  text: z.string().trim().min(1).max(20_000),
  leadOrgId: objectId,
  coOrgIds: z.array(objectId).max(100).default([]),
  deadline: isoDate,
  public: z.boolean().default(false),
  controllerId: objectId.optional(),
});

export const documentInputSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  number: z.string().trim().min(1).max(50),
  title: z.string().trim().min(1).max(1000),
  signedAt: isoDate,
  text: z.string().max(200_000).default(''),
  assignments: z.array(assignmentInputSchema).min(1).max(1000),
});
export type DocumentInput = z.infer<typeof documentInputSchema>;

export const cancelSchema = z.strictObject({ reason: z.string().trim().min(3).max(2000) });
