const NONE: ReadonlySet<never> = new Set();

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
    if (this.items_[at] !== undefined && this.compare(this.items_[at], item) === 0)
      this.items_.splice(at, 1);
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

  /** Where `item` is or would go. */
  private placeOf(item: T): number {
    return this.countWhile((x) => this.compare(x, item) < 0);
  }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows by key (a status, an organization, a word), for the rows of one key without a scan. */
export class Postings<T> {
  private sets = new Map<string, Set<T>>();
  /** The keys in order, for prefix lookups; kept only when asked for at construction. */
  private keys?: SortedList<string>;

  constructor(opts: { prefixes?: boolean } = {}) {
    if (opts.prefixes) this.keys = new SortedList(byText);
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
    this.keys?.add(key);
  }

  delete(key: string, row: T): void {
    const set = this.sets.get(key);
    if (!set?.delete(row) || set.size > 0) return;
    this.sets.delete(key);
    this.keys?.delete(key);
  }

  /** The keys that begin with `prefix` (prefix lookups must be asked for). */
  keysStartingWith(prefix: string): string[] {
    if (!this.keys) return [];
    const keys = this.keys.items();
    const out: string[] = [];
    for (let i = this.keys.countWhile((k) => k < prefix); keys[i]?.startsWith(prefix); i++)
      out.push(keys[i]!);
    return out;
  }
}
