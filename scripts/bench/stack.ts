import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Child } from '../../lib/child';
import { freePort, waitUntil } from '../../lib/net';
import { commandLine, cpuSeconds, descendants, peakRss } from '../../lib/proc';

/** The processes `npm start` runs, told apart by their command lines. */
const ROLES = {
  worker: /worker\/main\.js/,
  api: /api\/main\.js/,
  temporal: /\btemporal server start-dev/,
  ferretdb: /\bferretdb\b/,
} as const;
export type ProcessRole = keyof typeof ROLES;

export interface BenchStack {
  base: string;
  temporalAddress: string;
  mongoUri: string;
  adminEmail: string;
  adminPassword: string;
  /** The API's and the worker's /metrics. */
  metricsUrls: string[];
  /** CPU seconds used so far by all the stack's processes together. */
  cpuSeconds(): number;
  /** CPU seconds used so far by each process of the stack. */
  cpuByRole(): Partial<Record<ProcessRole, number>>;
  /** Peak RSS in bytes (VmHWM) of each process of the stack, read now. */
  peakRss(): Partial<Record<ProcessRole, number>>;
  /** SIGINT to start.js and wait for it, as a person pressing Ctrl-C would; then the data goes. */
  stop(): Promise<void>;
}

/**
 * A fresh embedded stack, exactly as `npm start` runs it (dist/scripts/start.js), on free
 * ports with its data in a temporary directory.
 */
export async function startBenchStack(opts: { keep: boolean; log: (line: string) => void }) {
  const entry = path.join(__dirname, '..', 'start.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-bench-'));
  const port = await freePort();
  const temporalPort = await freePort();
  const mongoPort = await freePort();
  const workerMetricsPort = await freePort();
  const adminPassword = crypto.randomBytes(12).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_TEMPORAL_PORT: String(temporalPort),
    EMBEDDED_MONGODB_PORT: String(mongoPort),
    WORKER_METRICS_PORT: String(workerMetricsPort),
    ADMIN_EMAIL: 'admin@ijro.local',
    ADMIN_PASSWORD: adminPassword,
    TOKEN_TTL_MINUTES: '1440',
    // One address (this script) reads the public pages for every caller: no per-address limit.
    PUBLIC_READS_PER_MINUTE: '1000000',
    // Errors only: under load the worker warns about every retried activity.
    LOG_LEVEL: 'error',
  };
  for (const external of ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'SMTP_URL']) delete env[external];
  opts.log(`starting the stack in ${dataDir}`);
  const child = new Child('ijro', process.execPath, [entry], { env, inheritOutput: true });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.running) child.proc.kill('SIGINT');
    await child.exited;
    if (!opts.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else opts.log(`data kept in ${dataDir}`);
  };
  try {
    await waitUntil(
      'the stack',
      async () => {
        if (!child.running) throw new Error('start.js exited');
        const res = await fetch(`${base}/readyz`);
        if (res.status !== 200) throw new Error(`readyz ${res.status}`);
      },
      { attempts: 480, delayMs: 250 },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const pids = () => {
    const out: Partial<Record<ProcessRole, number>> = {};
    for (const pid of descendants(child.proc.pid as number)) {
      const cmd = commandLine(pid);
      for (const [role, re] of Object.entries(ROLES))
        if (re.test(cmd)) out[role as ProcessRole] = pid;
    }
    return out;
  };
  const perRole = <T>(read: (pid: number) => T) =>
    Object.fromEntries(
      Object.entries(pids()).map(([role, pid]) => [role, read(pid)] as const),
    ) as Partial<Record<ProcessRole, T>>;
  const stack: BenchStack = {
    base,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    mongoUri: `mongodb://127.0.0.1:${mongoPort}/`,
    adminEmail: 'admin@ijro.local',
    adminPassword,
    metricsUrls: [`${base}/metrics`, `http://127.0.0.1:${workerMetricsPort}/metrics`],
    cpuSeconds: () => Object.values(pids()).reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    cpuByRole: () => perRole(cpuSeconds),
    peakRss: () => perRole(peakRss),
    stop,
  };
  return stack;
}
