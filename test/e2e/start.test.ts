import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Child } from '../../lib/child';
import { freePort, tcpReachable, waitUntil } from '../../lib/net';
import { alive, descendants } from '../../lib/proc';
import { projectRoot } from '../../lib/paths';

const entry = path.join(projectRoot, 'dist', 'scripts', 'start.js');

interface Instance {
  child: Child;
  port: number;
  base: string;
  pids: number[];
}

// Every instance a test started; afterEach stops what a failed test left running.
const started: Instance[] = [];
afterEach(async () => {
  for (const inst of started.splice(0)) {
    if (inst.child.running) inst.child.proc.kill('SIGINT');
    await inst.child.exited;
    for (const pid of inst.pids.filter(alive)) process.kill(pid, 'SIGKILL');
  }
});

async function startInstance(
  dataDir: string,
  port: number,
  beforeReady: () => Promise<void> = async () => undefined,
): Promise<Instance> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: 'e2e-admin-password',
    LOG_LEVEL: 'warn',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.MONGODB_URI;
  const child = new Child('ijro', process.execPath, [entry], { env, inheritOutput: true });
  const base = `http://127.0.0.1:${port}`;
  const inst: Instance = { child, port, base, pids: [] };
  started.push(inst);
  await beforeReady();
  await waitUntil(
    `instance on ${port}`,
    async () => {
      if (!child.running) throw new Error('start exited');
      const res = await fetch(`${base}/readyz`);
      if (res.status !== 200) throw new Error(`readyz ${res.status}`);
    },
    { attempts: 240, delayMs: 250 },
  );
  inst.pids = descendants(child.proc.pid as number);
  return inst;
}

async function stopWithSigint(inst: Instance): Promise<void> {
  inst.child.proc.kill('SIGINT');
  expect(await inst.child.exited).toBe(0);
  for (const pid of inst.pids) expect({ pid, alive: alive(pid) }).toEqual({ pid, alive: false });
  await expect(tcpReachable('127.0.0.1', inst.port)).rejects.toThrow();
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@ijro.local', password: 'e2e-admin-password' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const get = async (base: string, p: string, token: string) =>
  (await fetch(base + p, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{
    total: number;
    items: { number: string }[];
  }>;

describe('npm start (dist/scripts/start.js) on the embedded default', () => {
  beforeAll(() => {
    if (!fs.existsSync(entry))
      throw new Error(`${entry} is missing: run "npm run build" (npm test does)`);
  });

  it('when two instances run side by side, then each is ready with its own data, SIGINT leaves nothing behind, and a restart finds the data', async () => {
    const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-e2e-a-'));
    const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-e2e-b-'));
    const [a, b] = await Promise.all([
      startInstance(dirA, await freePort()),
      startInstance(dirB, await freePort()),
    ]);
    expect(a.pids.length).toBeGreaterThanOrEqual(4); // temporal, ferretdb, worker, api
    expect(b.pids.length).toBeGreaterThanOrEqual(4);

    const tokenA = await login(a.base);
    const org = await fetch(`${a.base}/api/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenA}` },
      body: JSON.stringify({ name: 'Adliya vazirligi', type: 'ministry' }),
    });
    expect(org.status).toBe(201);
    const leadOrgId = ((await org.json()) as { id: string }).id;
    const created = await fetch(`${a.base}/api/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenA}` },
      body: JSON.stringify({
        kind: 'PF',
        number: 'PF-5017',
        title: 'Ijro intizomi',
        signedAt: '2017-08-09',
        assignments: [
          {
            clause: '1-band',
            text: 'Tizimni joriy etish',
            leadOrgId,
            deadline: '2027-06-30',
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    expect((await get(b.base, '/api/v1/documents', await login(b.base))).total).toBe(0);

    await Promise.all([stopWithSigint(a), stopWithSigint(b)]);

    const again = await startInstance(dirA, a.port);
    const docs = await get(again.base, '/api/v1/documents', await login(again.base));
    expect(docs.items.map((d) => d.number)).toEqual(['PF-5017']);
    await stopWithSigint(again);

    fs.rmSync(dirA, { recursive: true, force: true });
    fs.rmSync(dirB, { recursive: true, force: true });
  }, 240_000);

  it('when npm start was killed outright, then the next start stops its leftovers and comes up on the same port', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-e2e-k-'));
    const first = await startInstance(dir, await freePort());
    first.child.proc.kill('SIGKILL');
    await first.child.exited;
    expect(first.pids.filter(alive)).toEqual(first.pids); // orphaned, still running

    // The orphaned API still answers on the port until the new start has stopped it.
    const second = await startInstance(dir, first.port, () =>
      waitUntil('leftovers stopped', async () => {
        if (first.pids.some(alive)) throw new Error('still running');
      }),
    );
    expect(first.pids.filter(alive)).toEqual([]);
    expect(second.pids.length).toBeGreaterThanOrEqual(4);
    await stopWithSigint(second);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
