import crypto from 'node:crypto';
import { type ApiClient } from '../seed/api-client';
import { forEachLimited } from '../seed/pool';
import { Progress } from '../seed/progress';
import type { ScalePlan } from '../seed/scale';
import { enableSignIn, type Seeded } from '../seed/scale-load';
import { Latencies, rate, type Summary } from './stats';

export interface LifecycleResult {
  assignments: number;
  /** Setting passwords and signing in the people who act; not part of the figure. */
  setupSeconds: number;
  seconds: number;
  rate: number;
  actions: Record<string, Summary>;
}

interface Item {
  id: string;
  executor: string;
  controller: string;
}

/** Every assignment, or an even spread of `fraction` of them, with who acts on it. */
function pick(plan: ScalePlan, seeded: Seeded, fraction: number): Item[] {
  const executorOf = new Map<string, string>();
  for (const u of plan.users)
    if (u.roles.includes('executor') && !executorOf.has(u.org)) executorOf.set(u.org, u.key);
  const all = plan.documents.flatMap((doc, d) =>
    doc.assignments.map((a, i) => ({
      id: seeded.documents[d]?.assignmentIds[i] as string,
      executor: executorOf.get(a.lead) as string,
      controller: doc.controller,
    })),
  );
  return all.filter((_, k) => Math.floor((k + 1) * fraction) > Math.floor(k * fraction));
}

/** Signs in everyone who acts (argon2 on the API, so a few at a time). */
export async function signIn(
  admin: ApiClient,
  plan: ScalePlan,
  seeded: Pick<Seeded, 'userIds'>,
  keys: Set<string>,
) {
  const password = crypto.randomBytes(12).toString('base64url');
  await enableSignIn(
    admin,
    [...keys].map((k) => seeded.userIds.get(k) as string),
    password,
  );
  const emails = new Map(plan.users.map((u) => [u.key, u.email]));
  const clients = new Map<string, ApiClient>();
  await forEachLimited([...keys], 4, async (key) => {
    clients.set(key, await admin.login(emails.get(key) as string, password));
  });
  return clients;
}

/**
 * (b) The whole path of each assignment over HTTP: the lead organization's executor
 * acknowledges and submits the final report, the controller accepts it and removes the
 * assignment from control. Each assignment's steps run in order, `concurrency` at once.
 */
export async function measureLifecycle(
  admin: ApiClient,
  plan: ScalePlan,
  seeded: Seeded,
  opts: {
    fraction: number;
    concurrency: number;
    log: (line: string) => void;
    /** Called once everyone is signed in, before the first action. */
    started?: () => Promise<void>;
  },
): Promise<LifecycleResult> {
  const items = pick(plan, seeded, opts.fraction);
  const setupFrom = performance.now();
  const people = new Set(items.flatMap((it) => [it.executor, it.controller]));
  opts.log(`signing in ${people.size} executors and controllers`);
  const as = await signIn(admin, plan, seeded, people);
  const setupSeconds = (performance.now() - setupFrom) / 1000;
  await opts.started?.();

  const latencies = new Latencies();
  const progress = new Progress('lifecycle', items.length, opts.log);
  await forEachLimited(items, opts.concurrency, async (it) => {
    const executor = as.get(it.executor) as ApiClient;
    const controller = as.get(it.controller) as ApiClient;
    const path = `/assignments/${it.id}`;
    await latencies.time('acknowledge', () => executor.call('POST', `${path}/acknowledge`, {}));
    const report = await latencies.time('report', () =>
      executor.call<{ id: string }>('POST', `${path}/reports`, {
        kind: 'final',
        text: 'Topshiriq bajarildi.',
      }),
    );
    await latencies.time('accept', () =>
      controller.call('POST', `${path}/reports/${report.id}/review`, {
        decision: 'accept',
        rating: 5,
      }),
    );
    await latencies.time('close', () => controller.call('POST', `${path}/close`, {}));
    progress.add();
  });
  return {
    assignments: items.length,
    setupSeconds,
    seconds: progress.elapsed,
    rate: rate(items.length, progress.elapsed),
    actions: latencies.summaries(),
  };
}
