import { SortedList } from './postings';

// Its assignments may not all be the reader's to see (GET /documents/:id answers those).
const HIDDEN = new Set(['_id', '__v', 'assignmentIds']);

/** A document as a list shows it. */
export type DocumentListRow = { id: string; [field: string]: unknown };

/**
 * The document list, newest first, in memory. Ids are ObjectIds, whose hex order is the
 * order they were made in, so the ids are kept sorted and a page is a slice.
 */
export class DocumentView {
  private rows = new Map<string, DocumentListRow>();
  private order = new SortedList<string>((a, b) => (a > b ? -1 : a < b ? 1 : 0));

  get size(): number {
    return this.order.size;
  }

  put(doc: Record<string, unknown>): void {
    const id = String(doc._id);
    if (!this.rows.has(id)) this.order.add(id);
    const row: DocumentListRow = { id };
    for (const [key, value] of Object.entries(doc)) {
      if (HIDDEN.has(key)) continue;
      row[key] = value instanceof Date ? value.toISOString() : value;
    }
    this.rows.set(id, row);
  }

  get(id: string): DocumentListRow | undefined {
    return this.rows.get(id);
  }

  drop(id: string): void {
    if (!this.rows.delete(id)) return;
    this.order.delete(id);
  }

  /** Every document, newest first. */
  all(): DocumentListRow[] {
    return this.order.items().map((id) => this.rows.get(id)!);
  }

  list({ page, limit }: { page: number; limit: number }) {
    const ids = this.order.items().slice((page - 1) * limit, page * limit);
    return { items: ids.map((id) => this.rows.get(id)!), total: this.order.size };
  }
}
