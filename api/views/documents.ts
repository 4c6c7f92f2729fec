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
  private order: string[] = [];

  get size(): number {
    return this.order.length;
  }

  put(doc: Record<string, unknown>): void {
    const id = String(doc._id);
    if (!this.rows.has(id)) this.order.splice(this.placeOf(id), 0, id);
    const row: DocumentListRow = { id };
    for (const [key, value] of Object.entries(doc)) {
      if (HIDDEN.has(key)) continue;
      row[key] = value instanceof Date ? value.toISOString() : value;
    }
    this.rows.set(id, row);
  }

  drop(id: string): void {
    if (!this.rows.delete(id)) return;
    this.order.splice(this.placeOf(id), 1);
  }

  list({ page, limit }: { page: number; limit: number }) {
    const ids = this.order.slice((page - 1) * limit, page * limit);
    return { items: ids.map((id) => this.rows.get(id)!), total: this.order.length };
  }

  /** Where `id` is or would go in `order` (descending). */
  private placeOf(id: string): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.order[mid]! > id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
