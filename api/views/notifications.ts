import { LRUCache } from 'lru-cache';

type Entry = { key: string; read: boolean };
/** Rows kept for the next page read; a row changes only when read, and is dropped then. */
const ROWS_KEPT = 20_000;

/**
 * Each person's in-app notifications, newest last, as keys and read flags only: the outbox
 * holds ~20 rows per action (600,000 at the 2019 scale) and the embedded store would read
 * all of them to find one person's. A page's rows are then read by `_id`.
 */
export class NotificationView {
  private inboxes = new Map<string, Entry[]>();
  private entries = new Map<string, Entry>();
  private unreadOf = new Map<string, number>();
  private rows = new LRUCache<string, object>({ max: ROWS_KEPT });
  /** Rows being read for a request: others asking meanwhile wait for the same read. */
  private reading = new Map<string, Promise<object | undefined>>();

  /**
   * A page's row: as last read from the store unless it was read in the app since, else from
   * the read under way for another request, else read now by `load`. Twenty people opening
   * the same page at once make one read per row, not twenty.
   */
  rowFor(key: string, load: () => Promise<{ row: object; read: boolean } | null>) {
    const kept = this.rows.get(key);
    if (kept) return Promise.resolve(kept);
    const under = this.reading.get(key);
    if (under) return under;
    const read: Promise<object | undefined> = load()
      .then((found) => {
        // Not kept if it was read meanwhile: the row in hand is older than that.
        if (found && !(this.entries.get(key)?.read && !found.read)) this.rows.set(key, found.row);
        return found?.row;
      })
      .finally(() => {
        if (this.reading.get(key) === read) this.reading.delete(key);
      });
    this.reading.set(key, read);
    return read;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * A notification for `recipientId`, or that it was read. Nothing is unread again: a
   * notification logged again (a retried send) keeps its flag.
   */
  put(key: string, recipientId: string, read: boolean): void {
    const held = this.entries.get(key);
    if (read) {
      // A read begun before this must not answer requests made after it.
      this.rows.delete(key);
      this.reading.delete(key);
    }
    if (held) {
      if (read && !held.read) this.bump(recipientId, -1);
      held.read ||= read;
      return;
    }
    const entry = { key, read };
    this.entries.set(key, entry);
    const inbox = this.inboxes.get(recipientId) ?? [];
    this.inboxes.set(recipientId, inbox);
    inbox.push(entry);
    if (!read) this.bump(recipientId, 1);
  }

  /** The keys of one page, newest first, how many in all, and how many unread. */
  page(recipientId: string, opts: { page: number; limit: number; unread?: boolean }) {
    const inbox = this.inboxes.get(recipientId) ?? [];
    const shown = opts.unread ? inbox.filter((e) => !e.read) : inbox;
    const end = shown.length - (opts.page - 1) * opts.limit;
    const keys = shown
      .slice(Math.max(0, end - opts.limit), Math.max(0, end))
      .reverse()
      .map((e) => e.key);
    return { keys, total: shown.length, unread: this.unreadOf.get(recipientId) ?? 0 };
  }

  private bump(recipientId: string, by: number): void {
    this.unreadOf.set(recipientId, (this.unreadOf.get(recipientId) ?? 0) + by);
  }
}
