import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import { Child } from './child';
import type { Logger } from './logger';
import { freePort, portFree, waitUntil } from './net';

export interface Embedded {
  child: Child;
  url: string;
}

const missing = (what: string, file: string) =>
  new Error(`${what} not found at ${file}. Run "npm run provision" (or set the path variable).`);

/**
 * Temporal dev server with its SQLite file in `dataDir`, WAL pragmas, and its Web UI on
 * `uiPort` bound to localhost (another free port when that one is taken; none without it).
 */
export async function startTemporalDevServer(opts: {
  binary: string;
  dataDir: string;
  namespace: string;
  port?: number;
  uiPort?: number;
  logger?: Logger;
}): Promise<Embedded & { uiUrl?: string }> {
  if (!fs.existsSync(opts.binary)) throw missing('Temporal CLI', opts.binary);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  if (opts.uiPort === undefined) return launchTemporal(opts, undefined);
  const uiPort = (await portFree(opts.uiPort)) ? opts.uiPort : await freePort();
  try {
    return await launchTemporal(opts, uiPort);
  } catch (err) {
    // Two starts at once can both find the port free; the second then gets another one.
    opts.logger?.warn(
      { err, uiPort },
      'Temporal dev server did not start; again on another UI port',
    );
    return launchTemporal(opts, await freePort());
  }
}

async function launchTemporal(
  opts: Parameters<typeof startTemporalDevServer>[0],
  uiPort: number | undefined,
): Promise<Embedded & { uiUrl?: string }> {
  const port = opts.port ?? (await freePort());
  const ui = uiPort ? ['--ui-ip', '127.0.0.1', '--ui-port', String(uiPort)] : ['--headless'];
  const args = [
    'server',
    'start-dev',
    ...ui,
    // On by default in the CLI, it re-reads the search attributes on every workflow start:
    // 20–25% of the dev server's CPU per start (docs/performance.md).
    '--dynamic-config-value',
    'system.forceSearchAttributesCacheRefreshOnRead=false',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    path.join(opts.dataDir, 'temporal.sqlite'),
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--log-level',
    'warn',
    ...(opts.namespace === 'default' ? [] : ['--namespace', opts.namespace]),
  ];
  const child = new Child(
    'temporal',
    opts.binary,
    args,
    opts.logger ? { logger: opts.logger } : {},
  );
  const url = `127.0.0.1:${port}`;
  await waitForService('Temporal dev server', child, () => pingTemporal(url));
  return { child, url, ...(uiPort ? { uiUrl: `http://127.0.0.1:${uiPort}` } : {}) };
}

/** FerretDB (our launcher in tools/ferretdb) on SQLite files in `dataDir`. */
export async function startFerretDb(opts: {
  binary: string;
  dataDir: string;
  port?: number;
  logger?: Logger;
}): Promise<Embedded> {
  if (!fs.existsSync(opts.binary)) throw missing('FerretDB launcher', opts.binary);
  const port = opts.port ?? (await freePort());
  const args = ['-listen', `127.0.0.1:${port}`, '-dir', opts.dataDir, '-log-level', 'error'];
  // The read model's rows never go back to an older version (activities/read-model.ts).
  args.push('-version-guard', 'assignments.version');
  const child = new Child(
    'ferretdb',
    opts.binary,
    args,
    opts.logger ? { logger: opts.logger } : {},
  );
  const url = `mongodb://127.0.0.1:${port}/`;
  await waitForService('FerretDB', child, () => pingMongo(url));
  return { child, url };
}

async function waitForService(what: string, child: Child, ping: () => Promise<void>) {
  const exited = new AbortController();
  void child.exited.then((code) => exited.abort(`exited with code ${String(code)}`));
  try {
    await waitUntil(what, ping, { attempts: 120, delayMs: 250, signal: exited.signal });
  } catch (err) {
    await child.stop(2000);
    throw err;
  }
}

export async function pingTemporal(address: string): Promise<void> {
  const conn = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await conn.healthService.check({});
  } finally {
    await conn.close();
  }
}

export async function pingMongo(uri: string): Promise<void> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1000 });
  try {
    await conn.asPromise();
    await conn.db?.admin().ping();
  } finally {
    await conn.close();
  }
}
