// The stack that scripts/fuzz.sh fuzzes: `npm start` (dist/scripts/start.js) on a data directory
// of its own and a free port, the demo loaded through the API (the organization tree, users of
// every role, assignments in every state), and a schemathesis configuration written for it:
// bearer tokens of an admin and an executor, and the ids that exist, so path parameters name
// real objects half of the time. It stays up until SIGINT/SIGTERM (or FUZZ_MAX_SECONDS), then
// stops everything it started and removes its data.
//
//   npx tsx test/fuzz/stack.ts <out dir>     writes <out dir>/schemathesis.toml when ready
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitUntil } from '../../lib/net';
import { alive, descendants } from '../../lib/proc';
import { projectRoot } from '../../lib/paths';
import { ApiClient } from '../../scripts/seed/api-client';
import { seedDemo } from '../../scripts/seed/demo';

const ADMIN = { email: 'admin@ijro.local', password: 'fuzz-admin-password' };
/** The executor whose token the second pass uses (the demo's Moliya vazirligi executor). */
const EXECUTOR = 'mf.executor@demo.ijro.uz';

const entry = path.join(projectRoot, 'dist', 'scripts', 'start.js');

const log = (line: string) => console.log(`fuzz stack: ${line}`);

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(projectRoot, '.data', 'fuzz'));
  const maxSeconds = Number(process.env.FUZZ_MAX_SECONDS ?? 900);
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build"`);
  fs.mkdirSync(out, { recursive: true });
  for (const f of ['schemathesis.toml', 'stack.env']) fs.rmSync(path.join(out, f), { force: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-fuzz-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // The fuzzer signs in with made-up credentials hundreds of times from one address; the
    // throttle must not start answering 429 to the real sign-ins (it is tested elsewhere).
    LOGIN_MAX_FAILURES: '1000',
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    // The fuzzer reads the public pages far faster than a citizen.
    PUBLIC_READS_PER_MINUTE: '100000',
    FEEDBACK_PER_HOUR: '10000',
    // The webhook is on, so the fuzzer meets its signature check (unset, it answers 503).
    JAMOATFIKRI_WEBHOOK_SECRET: `whsec_${crypto.randomBytes(32).toString('base64')}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.MONGODB_URI;
  delete env.PORT_FILE;

  // The stack's own output (warnings, and every unhandled error with its stack) goes to a file
  // that fuzz.sh shows when the fuzzer finds a 5xx.
  const logFd = fs.openSync(path.join(out, 'stack.log'), 'w');
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', logFd, logFd] });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let running = true;
  void exited.then(() => (running = false));
  let pids: number[] = [];

  let stopping: Promise<void> | undefined;
  const stop = (code: number) =>
    (stopping ??= (async () => {
      log('stopping');
      if (running) child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
      // What a hard stop left behind (the embedded servers, the worker, the API).
      for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.closeSync(logFd);
      log('stopped');
      process.exit(code);
    })());
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  setTimeout(() => {
    log(`still running after FUZZ_MAX_SECONDS=${maxSeconds}; stopping by itself`);
    void stop(1);
  }, maxSeconds * 1000).unref();
  void exited.then((code) => {
    if (!stopping) {
      log(`npm start exited with ${String(code)} (see ${path.join(out, 'stack.log')})`);
      void stop(1);
    }
  });

  try {
    const started = Date.now();
    await waitUntil(
      `Ijro on ${base}`,
      async () => {
        if (!running) throw new Error('npm start exited');
        const res = await fetch(`${base}/readyz`);
        if (res.status !== 200) throw new Error(`readyz ${res.status}`);
      },
      { attempts: 480, delayMs: 250 },
    );
    pids = child.pid ? descendants(child.pid) : [];
    log(`ready on ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s; loading the demo`);
    const admin = await new ApiClient(base).login(ADMIN.email, ADMIN.password);
    const demo = await seedDemo(admin);
    const executor = await new ApiClient(base).login(EXECUTOR, demo.password);
    // Signing out revokes the token it is sent with: that operation gets a token of its own.
    const throwaway = await new ApiClient(base).login(ADMIN.email, ADMIN.password);
    const ids = await knownIds(admin, executor);
    // The user PATCH /users/{id} changes: a demo user whose token nobody holds.
    const changeable = (await admin.call<Page>('GET', '/users?role=observer')).items[0]?.id;
    if (typeof changeable !== 'string') throw new Error('the demo has no observer');
    fs.writeFileSync(
      path.join(out, 'schemathesis.toml'),
      config({ ids, changeable, logoutToken: throwaway.token! }),
    );
    // Written last: fuzz.sh waits for this file.
    const vars = {
      FUZZ_BASE: base,
      FUZZ_ADMIN_TOKEN: admin.token,
      FUZZ_EXECUTOR_TOKEN: executor.token,
    };
    fs.writeFileSync(
      path.join(out, 'stack.env'),
      Object.entries(vars)
        .map(([k, v]) => `${k}=${String(v)}\n`)
        .join(''),
    );
    log(
      `demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        Object.entries(ids)
          .map(([k, v]) => `${v.length} ${k}`)
          .join(', '),
    );
  } catch (err) {
    log(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

type Page = { items: Record<string, unknown>[] };

/** Operations by path, and the dictionary of ids each of their path parameters takes. */
const BINDINGS: Record<string, Record<string, string>> = {
  '^/assignments/': {
    id: 'assignment',
    reportId: 'report',
    requestId: 'request',
    inspectionId: 'inspection',
  },
  '^/documents/': { id: 'document' },
  '^/organizations/': { id: 'organization' },
  '^/users/': { id: 'user' },
  '^/jobs/': { id: 'job' },
  '^/attachments/': { id: 'attachment' },
  '^/notifications/': { id: 'notification' },
};

/** Body fields that name something, and the dictionary of ids they take (half of the time). */
const BODY_BINDINGS: Record<string, string> = {
  'assignments[*].leadOrgId': 'organization',
  'targets[*].orgId': 'organization',
  organizationId: 'organization',
  parentId: 'organization',
  'inspectorIds[*]': 'inspector',
  'attachmentIds[*]': 'attachment',
};

/** Ids of what exists, by dictionary: the demo's, an import job, an upload, notifications. */
async function knownIds(admin: ApiClient, executor: ApiClient): Promise<Record<string, string[]>> {
  const list = async (who: ApiClient, p: string) =>
    (await who.call<Page>('GET', `${p}${p.includes('?') ? '&' : '?'}limit=200`)).items;
  const idsOf = (items: Record<string, unknown>[]) => items.map((x) => String(x.id));
  const assignments = await list(admin, '/assignments');
  const details = await Promise.all(
    assignments.map((a) => admin.call<Record<string, unknown>>('GET', `/assignments/${a.id}`)),
  );
  const nested = (key: string) =>
    details.flatMap((d) => ((d[key] ?? []) as { id: string }[]).map((x) => x.id));
  const leadOrgId = String(assignments[0]?.leadOrgId);
  const { jobId } = await admin.call<{ jobId: string }>('POST', '/documents/import', {
    document: { kind: 'PQ', number: 'PQ-4001', title: 'Import', signedAt: '2019-01-10' },
    assignments: [{ clause: '1-band', text: 'Bajarish', leadOrgId, deadline: '2027-06-30' }],
  });
  const form = new FormData();
  form.append('file', new Blob(['Hisobot matni'], { type: 'text/plain' }), 'hisobot.txt');
  const upload = await fetch(`${executor.base}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${executor.token}` },
    body: form,
  });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const attachment = ((await upload.json()) as { id: string }).id;
  return {
    assignment: idsOf(assignments),
    report: nested('reports'),
    request: nested('extensionRequests'),
    inspection: nested('inspections'),
    document: idsOf(await list(admin, '/documents')),
    organization: idsOf(await list(admin, '/organizations')),
    user: idsOf(await list(admin, '/users')),
    inspector: idsOf(await list(admin, '/users?role=inspector')),
    job: [jobId],
    attachment: [attachment],
    notification: idsOf(await list(executor, '/notifications')),
  };
}

/** test/fuzz/schemathesis.toml with what only this stack knows appended. */
function config(c: { ids: Record<string, string[]>; changeable: string; logoutToken: string }) {
  const q = (s: string) => JSON.stringify(s);
  const list = (xs: string[]) => `[${xs.map(q).join(', ')}]`;
  const dictionaries = Object.entries(c.ids).filter(([, xs]) => xs.length > 0);
  const template = fs.readFileSync(
    path.join(projectRoot, 'test', 'fuzz', 'schemathesis.toml'),
    'utf8',
  );
  return [
    template,
    '# ---- appended by test/fuzz/stack.ts for this run of the stack',
    '',
    '[dictionaries]',
    ...dictionaries.map(([k, xs]) => `${k} = { values = ${list(xs)} }`),
    '',
    // The first [[operations]] entry that names a parameter decides it.
    '# A user whose password, roles or state change is signed out, and the fuzzer also sends ids',
    "# it read from answers (the admin's own, from GET /users): it changes one demo observer only.",
    '[[operations]]',
    'include-name = "PATCH /users/{id}"',
    `parameters = { "path.id" = ${q(c.changeable)} }`,
    '',
    '# Body fields name an object that exists half of the time.',
    '[parameters]',
    ...Object.entries(BODY_BINDINGS)
      .filter(([, dictionary]) => c.ids[dictionary]?.length)
      .map(([field, d]) => `"body.${field}" = { dictionary = ${q(d)}, probability = 0.5 }`),
    '',
    '# Path parameters too.',
    ...Object.entries(BINDINGS).flatMap(([pathRegex, parameters]) => {
      const bound = Object.entries(parameters)
        .filter(([, dictionary]) => c.ids[dictionary]?.length)
        .map(([p, d]) => `"path.${p}" = { dictionary = ${q(d)}, probability = 0.5 }`);
      if (!bound.length) return [];
      return [
        '[[operations]]',
        `include-path-regex = ${q(pathRegex)}`,
        `parameters = { ${bound.join(', ')} }`,
        '',
      ];
    }),
    '# Signing out revokes the token it is sent with: this operation gets one of its own.',
    '[[operations]]',
    'include-name = "POST /auth/logout"',
    `headers = { Authorization = ${q(`Bearer ${c.logoutToken}`)} }`,
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
