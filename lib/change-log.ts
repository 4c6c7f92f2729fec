import { Change, type ChangeRef } from '../models/change';

const DUPLICATE_KEY = 11000;

const exists = async (position: number) =>
  (await Change.exists({ _id: String(position) })) !== null;

/**
 * The first free position: entries fill 1, 2, 3, … without a gap (see `appendChanges`), so
 * it is found by doubling and then halving, a few dozen `_id` lookups at most.
 */
export async function logTail(hint = 1): Promise<number> {
  let low = Math.max(1, hint);
  if (low > 1 && !(await exists(low - 1))) low = 1;
  if (!(await exists(low))) return low;
  let step = 1;
  let high = low + step;
  while (await exists(high)) {
    low = high;
    step *= 2;
    high = low + step;
  }
  // Entry `low` exists and `high` does not.
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  return high;
}

/** The entry at `position`, or null when none is written there yet. */
export async function readChange(position: number): Promise<ChangeRef[] | null> {
  const entry = await Change.findById(String(position)).lean();
  if (!entry) return null;
  return entry.refs.map((r) => ({
    kind: r.kind as ChangeRef['kind'],
    id: r.id!,
    ...(r.to ? { to: r.to } : {}),
    ...(r.read ? { read: true } : {}),
  }));
}

/**
 * Appends entries for one process. No gap is ever left, so a reader waiting at position n
 * misses nothing: an entry goes to n only after n − 1 was seen to exist, and the store's
 * unique `_id` decides between two writers of n (the loser moves on to n + 1). Appends made
 * while an entry is being written share the next one, so a busy worker writes one entry at
 * a time, not one per change.
 */
export class ChangeAppender {
  private next = 1;
  private pending: { refs: ChangeRef[]; done: (err?: unknown) => void }[] = [];
  private writing?: Promise<void>;

  /** Resolves once an entry naming these rows is stored. */
  append(refs: ChangeRef[]): Promise<void> {
    if (refs.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ refs, done: (err) => (err ? reject(err) : resolve()) });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.write(batch.flatMap((b) => b.refs));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      // In the same step as the check above: an append made after it starts a new drain.
      // (Cleared a step later, an append in between would wait for a drain that had ended.)
      this.writing = undefined;
    }
  }

  private async write(refs: ChangeRef[]): Promise<void> {
    // The position this process last wrote may be stale (another process wrote since, or
    // the log was emptied): check the one before it, and find the tail again if it is gone.
    if (this.next > 1 && !(await exists(this.next - 1))) this.next = await logTail();
    for (;;) {
      try {
        await Change.create({ _id: String(this.next), refs, at: new Date() });
        this.next += 1;
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
        this.next = await logTail(this.next + 1);
      }
    }
  }
}

const appender = new ChangeAppender();

/** Logs that these rows of the read model changed, after they are written. */
export const appendChanges = (refs: ChangeRef[]): Promise<void> => appender.append(refs);
