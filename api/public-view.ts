import { AssignmentModel } from '../models/assignment';
import type { Inspection, ExtensionRequest } from '../workflows/types';

/**
 * What anyone may read of a public assignment: no people, no internal ids but its own, and no
 * report texts but those its controller published.
 */
export interface PublicAssignment {
  id: string;
  document: { id: string; kind: string; number: string; title: string; signedAt: string } | null;
  clause: string;
  text: string;
  status: string;
  deadline: string;
  overdue: boolean;
  organization: { id: string; name: string };
  timeline: PublicEvent[];
}

export interface PublicEvent {
  at: string;
  event:
    | 'registered'
    | 'reported'
    | 'extended'
    | 'returned'
    | 'accepted'
    | 'inspection_started'
    | 'inspection_closed'
    | 'closed';
  /** The deadline it moved to (extended, returned with a new one). */
  deadline?: string;
  /** An inspection's outcome. */
  outcome?: string;
  /** A report's text, when its controller published it. */
  text?: string;
}

/** A report's text as published (models/report-publication.ts). */
export interface PublishedReport {
  assignmentId: string;
  text: string;
  submittedAt: string;
}

/** The read-model fields a public page is made of (and no others are read). */
export const PUBLIC_FIELDS = {
  documentId: 1,
  clause: 1,
  text: 1,
  status: 1,
  deadline: 1,
  overdue: 1,
  leadOrgId: 1,
  createdAt: 1,
  acceptedAt: 1,
  closedAt: 1,
  'reports.reviews': 1,
  extensionRequests: 1,
  inspections: 1,
} as const;

type Doc = Record<string, unknown> & { _id: unknown };
type Review = { decision?: string; at?: string; newDeadline?: string };

/** The events of an assignment anyone may see, oldest first, each with its moment and no actor. */
export function publicTimeline(a: Doc, published: PublishedReport[] = []): PublicEvent[] {
  const out: PublicEvent[] = [];
  if (a.createdAt)
    out.push({ at: new Date(a.createdAt as string).toISOString(), event: 'registered' });
  for (const p of published) out.push({ at: p.submittedAt, event: 'reported', text: p.text });
  for (const r of (a.reports ?? []) as { reviews?: Review[] }[])
    for (const v of r.reviews ?? [])
      if (v.at && v.decision === 'return')
        out.push({
          at: v.at,
          event: 'returned',
          ...(v.newDeadline ? { deadline: v.newDeadline } : {}),
        });
  for (const x of (a.extensionRequests ?? []) as ExtensionRequest[])
    if (x.status === 'approved' && x.decidedAt)
      out.push({ at: x.decidedAt, event: 'extended', deadline: x.proposedDeadline });
  for (const i of (a.inspections ?? []) as Inspection[]) {
    out.push({ at: i.startedAt, event: 'inspection_started' });
    if (i.closedAt)
      out.push({
        at: i.closedAt,
        event: 'inspection_closed',
        ...(i.outcome ? { outcome: i.outcome } : {}),
      });
  }
  if (typeof a.acceptedAt === 'string') out.push({ at: a.acceptedAt, event: 'accepted' });
  if (typeof a.closedAt === 'string') out.push({ at: a.closedAt, event: 'closed' });
  return out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}

/** A read-model row as the public sees it. */
export function publicAssignment(
  a: Doc,
  document: PublicAssignment['document'],
  orgName: string,
  published: PublishedReport[] = [],
): PublicAssignment {
  return {
    id: String(a._id),
    document,
    clause: String(a.clause),
    text: String(a.text),
    status: String(a.status),
    deadline: String(a.deadline),
    overdue: a.overdue === true,
    organization: { id: String(a.leadOrgId), name: orgName },
    timeline: publicTimeline(a, published),
  };
}

/**
 * A public assignment's read-model row, or null when there is none or it is not public. Read
 * by `_id` alone: the embedded FerretDB answers that from its index and reads the whole
 * collection for any other filter, `_id` with `public` included (docs/performance.md).
 */
export async function publicRow(id: string, fields: Record<string, 1>) {
  const row = await AssignmentModel.findById(id, { ...fields, public: 1 }).lean();
  return row?.public === true ? row : null;
}
