import { create, insert, remove, search, type Orama } from '@orama/orama';
import type { ASSIGNMENT_STATUSES } from '../../models/assignment';
import type { AssignmentInput } from '../../workflows/types';
import { anyScriptTokenizer, dayNumber } from './text';

/** The fields of a read-model row that a list shows or filters on. */
export const ROW_FIELDS = [
  'version',
  'documentId',
  'clause',
  'text',
  'leadOrgId',
  'coOrgIds',
  'watcherOrgIds',
  'controllerId',
  'deadline',
  'public',
  'status',
  'overdue',
  'overdueSince',
  'overdueDays',
  'escalated',
  'extensionPending',
  'inspectionOpen',
  'extensionsCount',
  'executions',
  'parentId',
  'period',
  'createdAt',
  'updatedAt',
] as const;

type Status = (typeof ASSIGNMENT_STATUSES)[number];

/** A list row as the API answers it. */
export type AssignmentListRow = Pick<
  AssignmentInput,
  'id' | 'documentId' | 'clause' | 'text' | 'leadOrgId' | 'coOrgIds' | 'controllerId' | 'deadline'
> & { watcherOrgIds: string[]; status: Status; overdue: boolean; [field: string]: unknown };

const schema = {
  id: 'string',
  clause: 'string',
  text: 'string',
  documentId: 'enum',
  status: 'enum',
  controllerId: 'enum',
  parentId: 'enum',
  /** Lead and co-executors: the `orgId` filter. */
  executors: 'enum[]',
  /** Executors and the organizations that passed it down: who may see it. */
  readers: 'enum[]',
  deadline: 'number',
  overdue: 'boolean',
  extensionPending: 'boolean',
  inspectionOpen: 'boolean',
} as const;

export type AssignmentFilter = {
  /** Organizations the caller reads for; absent for the roles that read all. */
  scope?: readonly string[];
  status?: Status;
  documentId?: string;
  orgId?: string;
  overdue?: boolean;
  dueBefore?: string;
  q?: string;
};

/**
 * The assignment lists and their counts, answered in memory: Orama indexes the list fields
 * of every row; the rows themselves are kept as the API answers them. Each API process holds
 * one, built from the read model and kept current from the change log (`ReadViews`).
 */
export class AssignmentView {
  private db: Orama<typeof schema> = create({
    schema,
    components: { tokenizer: anyScriptTokenizer },
  });
  private rows = new Map<string, AssignmentListRow & { version: number }>();

  get size(): number {
    return this.rows.size;
  }

  /** Puts a read-model row in, unless an equal or newer version is already in. */
  async put(doc: Record<string, unknown>): Promise<void> {
    const row = toRow(doc);
    const held = this.rows.get(row.id);
    if (held && held.version >= row.version) return;
    if (held) await remove(this.db, row.id);
    this.rows.set(row.id, row);
    await insert(this.db, {
      id: row.id,
      clause: row.clause,
      text: row.text,
      documentId: row.documentId,
      status: row.status,
      controllerId: row.controllerId,
      parentId: (row.parentId as string | undefined) ?? '',
      executors: [row.leadOrgId, ...row.coOrgIds],
      readers: [row.leadOrgId, ...row.coOrgIds, ...row.watcherOrgIds],
      deadline: dayNumber(row.deadline),
      overdue: row.overdue,
      extensionPending: row.extensionPending === true,
      inspectionOpen: row.inspectionOpen === true,
    });
  }

  async drop(id: string): Promise<void> {
    if (!this.rows.delete(id)) return;
    await remove(this.db, id);
  }

  /** One page, soonest deadline first, and how many match in all. */
  async list(filter: AssignmentFilter, page: { page: number; limit: number }) {
    const found = await search(this.db, {
      ...textOf(filter),
      where: whereOf(filter),
      sortBy: { property: 'deadline', order: 'ASC' },
      limit: page.limit,
      offset: (page.page - 1) * page.limit,
    });
    const items = found.hits.map(({ id }) => {
      const row: Partial<AssignmentListRow & { version: number }> = { ...this.rows.get(id)! };
      delete row.version;
      return row;
    });
    return { items, total: found.count };
  }

  /** How many match, by status and by the flags a dashboard shows. */
  async facets(filter: AssignmentFilter) {
    const found = await search(this.db, {
      ...textOf(filter),
      where: whereOf(filter),
      limit: 0,
      facets: {
        status: {},
        overdue: { true: true, false: true },
        extensionPending: { true: true, false: true },
        inspectionOpen: { true: true, false: true },
      },
    });
    const values = (name: string) => found.facets?.[name]?.values ?? {};
    return {
      total: found.count,
      byStatus: values('status'),
      overdue: values('overdue').true ?? 0,
      extensionPending: values('extensionPending').true ?? 0,
      inspectionOpen: values('inspectionOpen').true ?? 0,
    };
  }
}

function textOf(filter: AssignmentFilter) {
  // Every word must be there (threshold 0), each as the start of a word in clause or text.
  const properties: ('clause' | 'text')[] = ['clause', 'text'];
  return filter.q ? { term: filter.q, properties, threshold: 0 } : { term: '' };
}

function whereOf(f: AssignmentFilter) {
  const where: Record<string, unknown> = {};
  if (f.scope) where.readers = { containsAny: f.scope.length ? f.scope : ['-'] };
  if (f.status) where.status = { eq: f.status };
  if (f.documentId) where.documentId = { eq: f.documentId };
  if (f.orgId) where.executors = { containsAny: [f.orgId] };
  if (f.overdue !== undefined) where.overdue = f.overdue;
  if (f.dueBefore) where.deadline = { lte: dayNumber(f.dueBefore) };
  return where;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

function toRow(doc: Record<string, unknown>): AssignmentListRow & { version: number } {
  const row: Record<string, unknown> = { id: String(doc._id) };
  for (const field of ROW_FIELDS) if (doc[field] !== undefined) row[field] = iso(doc[field]);
  row.coOrgIds ??= [];
  row.watcherOrgIds ??= [];
  return row as AssignmentListRow & { version: number };
}
