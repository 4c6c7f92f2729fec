import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on this port of 127.0.0.1 now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Retries `check` with a fixed delay; the last error is reported with `what` in the message. */
export async function waitUntil(
  what: string,
  check: () => Promise<unknown>,
  opts: { attempts?: number; delayMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const attempts = opts.attempts ?? 60;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (opts.signal?.aborted) throw new Error(`${what}: gave up (${String(opts.signal.reason)})`);
    try {
      await check();
      return;
    } catch (err) {
      last = err;
      await sleep(opts.delayMs ?? 500);
    }
  }
  const reason = last instanceof Error ? last.message : String(last);
  throw new Error(`${what} did not become ready after ${attempts} attempts: ${reason}`);
}

export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const done = (err?: Error) => {
      sock.destroy();
      if (err) reject(err);
      else resolve();
    };
    sock.setTimeout(timeoutMs, () => done(new Error(`timeout connecting to ${host}:${port}`)));
    sock.once('connect', () => done());
    sock.once('error', done);
  });
}
