const SERIES = /^ijro_store_commands_total\{command="([^"]*)",collection="([^"]*)"\} (\S+)$/;

/** `collection command` → count, summed over the processes. */
export type Tally = Map<string, number>;

/** The store commands the stack's processes sent, read from their /metrics. */
export class StoreCommands {
  private last: Tally = new Map();
  constructor(private readonly urls: string[]) {}

  /** The commands sent since the previous call (the first call starts the count). */
  async since(): Promise<Tally> {
    const now: Tally = new Map();
    for (const url of this.urls) {
      const text = await (await fetch(url)).text();
      for (const line of text.split('\n')) {
        const m = SERIES.exec(line);
        if (!m) continue;
        const key = `${m[2] || '(admin)'} ${m[1]}`;
        now.set(key, (now.get(key) ?? 0) + Number(m[3]));
      }
    }
    const delta: Tally = new Map();
    for (const [key, n] of now) {
      const d = n - (this.last.get(key) ?? 0);
      if (d > 0) delta.set(key, d);
    }
    this.last = now;
    return delta;
  }
}

/** Adds `b` into `a`. */
export function addTally(a: Tally, b: Tally): Tally {
  for (const [key, n] of b) a.set(key, (a.get(key) ?? 0) + n);
  return a;
}
