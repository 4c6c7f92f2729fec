import { formulaOf } from '../../lib/rating';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { Tokens } from '../../api/auth';
import { ensureAdmin } from '../../api/bootstrap';
import { LoginThrottle } from '../../api/login-throttle';
import { ReadViews } from '../../api/views';
import { createOrganization } from '../../api/organizations';
import { hashPassword } from '../../api/passwords';
import { usersChanged } from '../../api/users';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createMailer } from '../../lib/mailer';
import { AssignmentModel } from '../../models/assignment';
import { User, type Role } from '../../models/user';
import { createWorker } from '../../worker/create-worker';
import { useTestDb } from './db';
import { startSmtp } from './smtp';
import { localEnv } from './temporal';

export const ADMIN = { email: 'admin@test.uz', password: 'admin-password-123' };

/**
 * The real stack in one test file: a Temporal dev server, a database of its own on the
 * shared FerretDB, a recording SMTP server, the worker with real activities, and the API.
 */
export async function startStack(env: Record<string, string> = {}) {
  // What has started so far, stopped in reverse order, also when a later step fails.
  const stops: (() => Promise<unknown> | void)[] = [];
  const stop = async () => {
    for (let next = stops.pop(); next; next = stops.pop()) await next();
  };
  try {
    return { ...(await start(stops, env)), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function start(stops: (() => Promise<unknown> | void)[], extraEnv: Record<string, string>) {
  const db = await useTestDb();
  stops.push(db.drop);
  const smtp = await startSmtp();
  stops.push(smtp.close);
  const temporal = await localEnv();
  stops.push(() => temporal.teardown());
  const taskQueue = `ijro-test-${crypto.randomUUID()}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-test-data-'));
  stops.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    DATA_DIR: dataDir,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
    ...extraEnv,
  });
  const logger = createLogger({ name: 'test', level: process.env.TEST_LOG ?? 'silent' });
  const mailer = createMailer({
    smtpUrl: smtp.url,
    from: 'Ijro <no-reply@ijro.test>',
    dataDir: config.dataDir,
  });
  const worker: Worker = await createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: { mailer, publicUrl: config.publicUrl, ratingFormula: formulaOf(config) },
  });
  const workerRun = worker.run();
  stops.push(() => {
    worker.shutdown();
    return workerRun;
  });
  stops.push(() => mailer.close());
  await ensureAdmin({ email: ADMIN.email, password: ADMIN.password, logger });
  const secret = crypto.randomBytes(32).toString('hex');
  const views = new ReadViews(logger);
  stops.push(() => views.stop());
  const app = createApp({
    config,
    logger,
    temporal: temporal.client,
    temporalConnection: temporal.connection,
    tokens: new Tokens(secret, 60),
    throttle: await LoginThrottle.create(config),
    views,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  stops.push(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** One HTTP call; `csv` sends a text/csv body, `body` JSON. */
  async function call(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; csv?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined;
    if (opts.csv !== undefined) {
      headers['content-type'] = 'text/csv; charset=utf-8';
      payload = opts.csv;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    }
    const res = await fetch(base + path, { method, headers, body: payload });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      headers: res.headers,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  async function addUser(roles: Role[], organizationId?: string) {
    const password = 'user-password-123';
    const user = await User.create({
      fullName: `User ${roles.join('+')}`,
      email: `${crypto.randomUUID()}@test.uz`,
      passwordHash: await hashPassword(password),
      roles,
      organizationId,
      locale: 'ru',
    });
    await usersChanged([String(user._id)]);
    return { id: String(user._id), email: user.email, token: await login(user.email, password) };
  }

  /** An organization under `parentId` (a root without it). */
  async function addOrg(parentId?: string, name = `Org ${crypto.randomUUID().slice(0, 8)}`) {
    const org = await createOrganization({
      name,
      type: parentId ? 'agency' : 'ministry',
      parentId,
    });
    return String(org._id);
  }

  /** Registers a document of `count` assignments led by `leadOrgId`; their rows exist at once. */
  async function addAssignments(controllerToken: string, leadOrgId: string, count: number) {
    const res = await call('POST', '/api/v1/documents', {
      token: controllerToken,
      body: {
        kind: 'PQ',
        number: `PQ-${Math.floor(Math.random() * 9000) + 1000}`,
        title: 'Ijro intizomini mustahkamlash to‘g‘risida',
        signedAt: '2019-03-01',
        assignments: Array.from({ length: count }, (_, i) => ({
          clause: `${i + 1}-band`,
          text: 'Bajarish',
          leadOrgId,
          deadline: '2027-06-30',
        })),
      },
    });
    if (res.status !== 201) throw new Error(`registration failed: ${JSON.stringify(res.body)}`);
    const ids = (res.body.assignments as { id: string }[]).map((a) => a.id);
    const rows = await AssignmentModel.countDocuments({ documentId: res.body.id });
    if (rows !== count) throw new Error(`registration answered with ${rows} of ${count} rows`);
    return { ids, documentId: res.body.id as string };
  }

  async function addAssignment(controllerToken: string, leadOrgId: string) {
    const { ids, documentId } = await addAssignments(controllerToken, leadOrgId, 1);
    return { id: ids[0] as string, documentId };
  }

  return {
    env: temporal,
    config,
    views,
    secret,
    base,
    smtp,
    call,
    login,
    addUser,
    addOrg,
    addAssignment,
    addAssignments,
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * Starts the stack before this file's tests and stops it after them, also when the start
 * outlived beforeAll's timeout, so no server is left running.
 */
export function useStack(env: Record<string, string> = {}): () => Stack {
  let stack: Stack | undefined;
  let starting: Promise<Stack> | undefined;
  beforeAll(async () => {
    starting = startStack(env);
    stack = await starting;
  });
  afterAll(async () => {
    const started = await starting?.catch(() => undefined);
    await started?.stop();
  });
  return () => {
    if (!stack) throw new Error('the stack did not start');
    return stack;
  };
}
