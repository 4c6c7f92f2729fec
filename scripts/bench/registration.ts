import { setTimeout as sleep } from 'node:timers/promises';
import type { mongo } from 'mongoose';
import { AssignmentModel } from '../../models/assignment';
import type { ApiClient } from '../seed/api-client';
import type { ScalePlan } from '../seed/scale';
import { seedScale, type Seeded } from '../seed/scale-load';
import { rate } from './stats';

export interface RegistrationResult {
  documents: number;
  assignments: number;
  /** Importing the organizations and users, before registration. */
  registrySeconds: number;
  /** From the first POST /documents until the last one answered (every workflow started). */
  startedSeconds: number;
  /** Until every assignment's read-model row exists: the figure the target is about. */
  seconds: number;
  rate: number;
  /** Until the workflows' follow-up work (notifications, audit events) stopped growing. */
  settledSeconds: number;
}

/** (a) Seeds the plan through the API and times the registration of its assignments. */
export async function measureRegistration(
  admin: ApiClient,
  plan: ScalePlan,
  db: mongo.Db,
  opts: {
    concurrency: number;
    maxPending: number;
    cpuSeconds: () => number;
    log: (line: string) => void;
  },
): Promise<{ seeded: Seeded; result: RegistrationResult }> {
  const rows = db.collection<{ _id: string }>(AssignmentModel.collection.collectionName);
  const hasRow = async (id: string) =>
    (await rows.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  const begin = performance.now();
  const seeded = await seedScale(admin, plan, { ...opts, hasRow });
  const total = seeded.documents.reduce((s, d) => s + d.assignmentIds.length, 0);
  await settle(opts.cpuSeconds, opts.log);
  const { from, answered, to } = seeded.registration;
  const seconds = (to - from) / 1000;
  return {
    seeded,
    result: {
      documents: seeded.documents.length,
      assignments: total,
      registrySeconds: (from - begin) / 1000,
      startedSeconds: (answered - from) / 1000,
      seconds,
      rate: rate(total, seconds),
      settledSeconds: (performance.now() - from) / 1000,
    },
  };
}

/**
 * Waits until the stack has been idle (under a tenth of a core) for 5 s, so the next
 * measurement does not pay for this one's tail of mail and audit events. Idleness is read
 * from /proc: counting the collections would itself keep the embedded store busy.
 */
async function settle(cpuSeconds: () => number, log: (line: string) => void): Promise<void> {
  let last = cpuSeconds();
  let quiet = 0;
  for (let i = 0; i < 3600 && quiet < 5; i++) {
    await sleep(1000);
    const now = cpuSeconds();
    const busy = now - last;
    quiet = busy < 0.1 ? quiet + 1 : 0;
    if (quiet === 0 && i % 30 === 0) log(`settling: the stack uses ${busy.toFixed(1)} cores`);
    last = now;
  }
}
