export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of milliseconds; the sample is small enough to sort. */
export function summarize(ms: number[]): Summary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

/** Latencies per named action. */
export class Latencies {
  private readonly samples = new Map<string, number[]>();

  /** Runs `fn` and records how long it took under `name`. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const from = performance.now();
    const result = await fn();
    this.add(name, performance.now() - from);
    return result;
  }

  add(name: string, ms: number): void {
    const list = this.samples.get(name) ?? [];
    list.push(ms);
    this.samples.set(name, list);
  }

  summaries(): Record<string, Summary> {
    return Object.fromEntries([...this.samples].map(([name, ms]) => [name, summarize(ms)]));
  }
}

/** Items per second. */
export const rate = (count: number, seconds: number) => (seconds > 0 ? count / seconds : 0);
