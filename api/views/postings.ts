const NONE: ReadonlySet<never> = new Set();

/** Rows by key (a status, an organization, a word), for the rows of one key without a scan. */
export class Postings<T> {
  private sets = new Map<string, Set<T>>();
  /** The keys in order, for prefix lookups; kept only when asked for at construction. */
  private keys?: string[];

  constructor(opts: { prefixes?: boolean } = {}) {
    if (opts.prefixes) this.keys = [];
  }

  get(key: string): ReadonlySet<T> {
    return this.sets.get(key) ?? NONE;
  }

  add(key: string, row: T): void {
    const set = this.sets.get(key);
    if (set) {
      set.add(row);
      return;
    }
    this.sets.set(key, new Set([row]));
    this.keys?.splice(lowerBound(this.keys, key), 0, key);
  }

  delete(key: string, row: T): void {
    const set = this.sets.get(key);
    if (!set?.delete(row) || set.size > 0) return;
    this.sets.delete(key);
    this.keys?.splice(lowerBound(this.keys, key), 1);
  }

  /** The keys that begin with `prefix` (prefix lookups must be asked for). */
  keysStartingWith(prefix: string): string[] {
    const keys = this.keys ?? [];
    const out: string[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i]!.startsWith(prefix); i++)
      out.push(keys[i]!);
    return out;
  }
}

/** Where `key` is or would go in the ascending `keys`. */
function lowerBound(keys: string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (keys[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Items kept in one order, told apart by it (no two compare equal). */
export class SortedList<T> {
  private items_: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items_.length;
  }

  add(item: T): void {
    this.items_.splice(this.placeOf(item), 0, item);
  }

  delete(item: T): void {
    const at = this.placeOf(item);
    if (this.items_[at] === item) this.items_.splice(at, 1);
  }

  /** The first `count` items, in order. */
  head(count: number): T[] {
    return this.items_.slice(0, count);
  }

  /** The items in order (not to be changed while walked). */
  items(): readonly T[] {
    return this.items_;
  }

  /** How many items from the start pass `test`, which holds for a start of the order only. */
  countWhile(test: (item: T) => boolean): number {
    let low = 0;
    let high = this.items_.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (test(this.items_[mid]!)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private placeOf(item: T): number {
    let low = 0;
    let high = this.items_.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.compare(this.items_[mid]!, item) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
