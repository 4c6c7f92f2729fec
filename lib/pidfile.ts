import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './logger';

interface Entry {
  pid: number;
  /** A piece of the command line that identifies our process, so a reused pid is left alone. */
  mark: string;
}

const cmdline = (pid: number): string | undefined => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
};

/**
 * Records the processes `npm start` runs for a data directory. If `npm start` itself was
 * killed without a chance to stop them (SIGKILL, a crash), the next start finds them here and
 * stops them before it binds ports or opens the SQLite files again.
 */
export class PidFile {
  private entries: Entry[] = [];

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  async reapStale(): Promise<void> {
    let stale: Entry[] = [];
    try {
      stale = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Entry[];
    } catch {
      return;
    }
    const ours = stale.filter((e) => cmdline(e.pid)?.includes(e.mark));
    for (const e of ours) {
      this.logger.warn(
        { pid: e.pid },
        `stopping a process left over from an earlier start: ${e.mark}`,
      );
      process.kill(e.pid, 'SIGTERM');
    }
    for (let i = 0; i < 50 && ours.some((e) => cmdline(e.pid)); i++) await sleep(100);
    for (const e of ours) if (cmdline(e.pid)) process.kill(e.pid, 'SIGKILL');
    fs.rmSync(this.file, { force: true });
  }

  add(pid: number | undefined, mark: string): void {
    if (pid === undefined) return;
    this.entries.push({ pid, mark });
    fs.writeFileSync(this.file, JSON.stringify(this.entries));
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
  }
}
