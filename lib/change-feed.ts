import type { ChangeRef } from '../models/change';
import { logTail, readChange } from './change-log';
import type { Logger } from './logger';

/** Most entries read at once while catching up (a round starts with one, then 2, 4, 8). */
const READ_AHEAD = 8;

/** Where a feed reads the log: the `changes` collection, or a stand-in in tests. */
export interface LogSource {
  read(position: number): Promise<ChangeRef[] | null>;
  /** The first position with no entry. */
  tail(): Promise<number>;
}
const STORED: LogSource = { read: readChange, tail: () => logTail() };

/**
 * Follows the change log for an in-memory copy of some rows: `build` loads them all once,
 * `apply` takes in the rows an entry names. `current()` applies every entry stored before it
 * was called, so what a process reads after another process's write includes that write.
 */
export class ChangeFeed {
  private position = 1;
  private built?: Promise<void>;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private poller?: NodeJS.Timeout;

  constructor(
    private readonly build: () => Promise<void>,
    private readonly apply: (refs: ChangeRef[]) => Promise<void>,
    private readonly log: LogSource = STORED,
  ) {}

  /** The position of the next entry to apply. */
  get applied(): number {
    return this.position;
  }

  async current(): Promise<void> {
    await (this.built ??= this.buildAt().catch((err: unknown) => {
      this.built = undefined;
      throw err;
    }));
    await this.catchUp();
  }

  /** Keeps catching up in the background, so callers find little left to apply. */
  start(logger: Logger, pollMs = 500): void {
    this.poller ??= setInterval(() => {
      this.current().catch((err: unknown) => logger.warn({ err }, 'change log not followed'));
    }, pollMs).unref();
  }

  stop(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }

  private async buildAt(): Promise<void> {
    // Taken first: an entry written while the rows are read is applied again after, and
    // applying a row twice changes nothing.
    const tail = await this.log.tail();
    await this.build();
    this.position = tail;
  }

  /** A call that finds a round under way waits for the next one: the running round may have
   * looked before the caller's write was stored. */
  private catchUp(): Promise<void> {
    if (!this.running) {
      this.running = this.follow().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
    return this.queued;
  }

  private async follow(): Promise<void> {
    // Mostly nothing is new: one read says so. Past it, the reads ahead double while every
    // one finds an entry: a round that finds one or two entries reads three, not nine (most
    // of the store's commands per action were these reads), and a long catch-up still reads
    // READ_AHEAD at once.
    const first = await this.log.read(this.position);
    if (!first) return;
    await this.apply(first);
    this.position += 1;
    for (let ahead = 2; ; ahead = Math.min(ahead * 2, READ_AHEAD)) {
      const window = Array.from({ length: ahead }, (_, i) => this.position + i);
      const entries = await Promise.all(window.map((p) => this.log.read(p)));
      const missing = entries.findIndex((e) => e === null);
      const ready = (missing === -1 ? entries : entries.slice(0, missing)) as ChangeRef[][];
      if (ready.length === 0) return;
      await this.apply(ready.flat());
      this.position += ready.length;
      if (missing !== -1) return;
    }
  }
}

/** Each row named once, read again by `_id` a few at a time, with its current state or null. */
export async function rereadEach(
  refs: ChangeRef[],
  read: (ref: ChangeRef) => Promise<Record<string, unknown> | null>,
  take: (ref: ChangeRef, row: Record<string, unknown> | null) => unknown,
  parallel = 16,
): Promise<void> {
  const unique = [...new Map(refs.map((r) => [`${r.kind}:${r.id}`, r])).values()];
  for (let i = 0; i < unique.length; i += parallel) {
    const batch = unique.slice(i, i + parallel);
    const rows = await Promise.all(batch.map(read));
    for (const [j, ref] of batch.entries()) await take(ref, rows[j] ?? null);
  }
}
