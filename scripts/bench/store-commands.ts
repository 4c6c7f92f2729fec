const SERIES = /^ijro_store_commands_total\{command="([^"]*)",collection="([^"]*)"\} (\S+)$/;

/** A count per key: `collection command` → store commands, or process → CPU seconds. */
export type Tally = Map<string, number>;

/** Running totals, read on demand and handed out as what was added since the last call. */
export class Meter {
  private last: Tally = new Map();
  constructor(private readonly read: () => Tally | Promise<Tally>) {}

  /** What was added since the previous call (the first call starts the count). */
  async since(): Promise<Tally> {
    const now = await this.read();
    const delta: Tally = new Map();
    for (const [key, n] of now) {
      const d = n - (this.last.get(key) ?? 0);
      if (d > 0) delta.set(key, d);
    }
    this.last = now;
    return delta;
  }
}

/** The store commands the stack's processes sent, summed from their /metrics. */
export const storeCommands = (urls: string[]) =>
  new Meter(async () => {
    const now: Tally = new Map();
    for (const url of urls) {
      const text = await (await fetch(url)).text();
      for (const line of text.split('\n')) {
        const m = SERIES.exec(line);
        if (!m) continue;
        const key = `${m[2] || '(admin)'} ${m[1]}`;
        now.set(key, (now.get(key) ?? 0) + Number(m[3]));
      }
    }
    return now;
  });

/** CPU seconds used by each of the stack's processes and by the bench itself. */
export const cpuByProcess = (stack: () => Partial<Record<string, number>>) =>
  new Meter(() => {
    const { user, system } = process.cpuUsage();
    return new Map([...Object.entries(stack()), ['bench', (user + system) / 1e6]]) as Tally;
  });

/** Adds `b` into `a`. */
export function addTally(a: Tally, b: Tally): Tally {
  for (const [key, n] of b) a.set(key, (a.get(key) ?? 0) + n);
  return a;
}
