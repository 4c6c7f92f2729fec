import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { Logger } from './logger';

/** A child process we own: its output goes to our log, and `stop` never leaves it running. */
export class Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    opts: { env?: NodeJS.ProcessEnv; logger?: Logger; inheritOutput?: boolean } = {},
  ) {
    this.proc = spawn(command, args, {
      env: opts.env ?? process.env,
      stdio: opts.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        resolve(this.exitCode);
      });
      this.proc.once('error', (err) => {
        opts.logger?.error({ err, child: name }, `${name} could not be started: ${err.message}`);
        this.exitCode = null;
        resolve(null);
      });
    });
    const log = opts.logger?.child({ child: name });
    for (const stream of [this.proc.stdout, this.proc.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => log?.info(line));
    }
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
