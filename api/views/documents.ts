/** A document as a list shows it. */
export type DocumentListRow = { id: string; [field: string]: unknown };

/**
 * The document list, newest first, in memory. Ids are ObjectIds, whose hex order is the
 * order they were made in, so the ids are kept sorted and a page is a slice.
 */
export class DocumentView {
  private rows = new Map<string, DocumentListRow>();
  private order: string[] = [];

  put(doc: Record<string, unknown>): void {
    const { _id, assignmentIds: _hidden, __v: _v, ...fields } = doc;
    const id = String(_id);
    if (!this.rows.has(id)) this.order.splice(this.placeOf(id), 0, id);
    const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
    this.rows.set(id, {
      id,
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, iso(v)])),
    });
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
