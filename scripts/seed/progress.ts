const clock = (s: number) => {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
};

/** Counts work done and prints "label done/total, rate, ETA" at most every `everyMs`. */
export class Progress {
  private done = 0;
  private lastPrint = 0;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: (line: string) => void,
    private readonly everyMs = 2000,
  ) {}

  get count(): number {
    return this.done;
  }

  /** Seconds since the start. */
  get elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  add(n = 1, note = ''): void {
    this.done += n;
    const now = performance.now();
    if (this.done < this.total && now - this.lastPrint < this.everyMs) return;
    this.lastPrint = now;
    const rate = this.done / Math.max(this.elapsed, 1e-3);
    const eta = (this.total - this.done) / rate;
    this.log(
      `${this.label} ${this.done}/${this.total} (${Math.floor((100 * this.done) / this.total)}%)` +
        `, ${rate.toFixed(1)}/s, ${this.done >= this.total ? `took ${clock(this.elapsed)}` : `ETA ${clock(eta)}`}` +
        (note ? `, ${note}` : ''),
    );
  }
}
