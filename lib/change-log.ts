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
  return entry ? entry.refs.map((r) => ({ kind: r.kind as ChangeRef['kind'], id: r.id! })) : null;
}

let next = 1;
let pending: { refs: ChangeRef[]; done: (err?: unknown) => void }[] = [];
let writing: Promise<void> | undefined;

/**
 * Appends that these rows changed, once they are written; resolves when the entry is stored.
 *
 * No gap is ever left, so a reader waiting at position n misses nothing: an entry goes to n
 * only after n − 1 was seen to exist, and the store's unique `_id` decides between two
 * writers of n (the loser moves on to n + 1). Appends from one process share one entry
 * while the previous one is being written, so a busy worker writes one entry at a time,
 * not one per change.
 */
export function appendChanges(refs: ChangeRef[]): Promise<void> {
  if (refs.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    pending.push({ refs, done: (err) => (err ? reject(err) : resolve()) });
    writing ??= drain().finally(() => (writing = undefined));
  });
}

async function drain(): Promise<void> {
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    try {
      await writeEntry(batch.flatMap((b) => b.refs));
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  }
}

async function writeEntry(refs: ChangeRef[]): Promise<void> {
  // The position this process last wrote may be stale (another process wrote since, or the
  // log was emptied): check the one before it, and find the tail again when it is missing.
  if (next > 1 && !(await exists(next - 1))) next = await logTail();
  for (;;) {
    try {
      await Change.create({ _id: String(next), refs, at: new Date() });
      next += 1;
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      next = await logTail(next + 1);
    }
  }
}
