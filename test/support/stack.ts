import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { Tokens } from '../../api/auth';
import { ensureAdmin } from '../../api/bootstrap';
import { hashPassword } from '../../api/passwords';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createMailer } from '../../lib/mailer';
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
export async function startStack() {
  // What has started so far, stopped in reverse order, also when a later step fails.
  const stops: (() => Promise<unknown> | void)[] = [];
  const stop = async () => {
    for (let next = stops.pop(); next; next = stops.pop()) await next();
  };
  try {
    return { ...(await start(stops)), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function start(stops: (() => Promise<unknown> | void)[]) {
  const db = await useTestDb();
  stops.push(db.drop);
  const smtp = await startSmtp();
  stops.push(smtp.close);
  const env = await localEnv();
  stops.push(() => env.teardown());
  const taskQueue = `ijro-test-${crypto.randomUUID()}`;
  const config = loadConfig({
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger({ name: 'test', level: 'silent' });
  const mailer = createMailer({
    smtpUrl: smtp.url,
    from: 'Ijro <no-reply@ijro.test>',
    dataDir: config.dataDir,
  });
  const worker: Worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: { mailer },
  });
  const workerRun = worker.run();
  stops.push(() => {
    worker.shutdown();
    return workerRun;
  });
  stops.push(() => mailer.close());
  await ensureAdmin({ email: ADMIN.email, password: ADMIN.password, logger });
  const app = createApp({
    config,
    logger,
    temporal: env.client,
    temporalConnection: env.connection,
    tokens: new Tokens(crypto.randomBytes(32).toString('hex'), 60),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  stops.push(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
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
    return { id: String(user._id), email: user.email, token: await login(user.email, password) };
  }

  return {
    env,
    smtp,
    call,
    login,
    addUser,
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
