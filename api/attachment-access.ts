import type { Request } from 'express';
import { trusted } from 'mongoose';
import { AssignmentModel } from '../models/assignment';
import { Attachment, type AttachmentRow } from '../models/attachment';
import { audit, policyOf } from './access';
import { principal } from './auth';
import { HttpError } from './errors';

/**
 * Who may read a file: the uploader; admins and observers (the policy's target-less
 * `assignment.read`); anyone who may read an assignment whose reports carry it.
 */
export async function mayRead(req: Request, row: AttachmentRow, id: string): Promise<boolean> {
  if (row.uploadedBy === principal(req).id) return true;
  const policy = await policyOf(req);
  if (policy.can('assignment.read')) return true;
  // Were `reports.attachmentIds` ever missing from the assignment schema, strictQuery would
  // silently drop the path and match every assignment; with it off for this query, only rows
  // that really carry the id match.
  const rows = await AssignmentModel.find({ 'reports.attachmentIds': id }).setOptions({
    strictQuery: false,
  });
  return rows.some((assignment) => policy.can('assignment.read', { assignment }));
}

/**
 * A report may cite only files its author may read: citing is what makes a file readable to
 * the assignment's readers, so a foreign id would hand them (and the author) someone else's
 * file. A missing id and a foreign one get the same answer, so the refusal tells nothing of
 * which ids exist; the attempt goes on the assignment's audit chain.
 */
export async function assertCitable(req: Request, ids: string[], subject: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await Attachment.find({ _id: trusted({ $in: ids }) });
  const readable = new Set<string>();
  for (const row of rows) {
    const id = String(row._id);
    if (await mayRead(req, row, id)) readable.add(id);
  }
  const refused = [...new Set(ids)].filter((id) => !readable.has(id));
  if (refused.length === 0) return;
  await audit(req, {
    subject,
    action: 'report.cite',
    outcome: 'refused',
    detail: `attachments not readable by the author: ${refused.join(', ')}`,
  });
  throw new HttpError(
    422,
    'Some attachments are not yours to cite; upload them with POST /attachments first.',
    refused.map((id) => ({
      path: 'attachmentIds',
      message: `not an attachment you may cite: ${id}`,
    })),
  );
}
