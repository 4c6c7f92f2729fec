import { setTimeout as sleep } from 'node:timers/promises';
import type { mongo } from 'mongoose';
import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { AuditEvent } from '../../models/audit';
import { NotificationModel } from '../../models/notification';
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

const count = (db: mongo.Db, name: string) => db.collection(name).estimatedDocumentCount();

/** (a) Seeds the plan through the API and times the registration of its assignments. */
export async function measureRegistration(
  admin: ApiClient,
  plan: ScalePlan,
  db: mongo.Db,
  opts: { concurrency: number; maxPending: number; log: (line: string) => void },
): Promise<{ seeded: Seeded; result: RegistrationResult }> {
  const rows = () => count(db, AssignmentModel.collection.collectionName);
  const begin = performance.now();
  const seeded = await seedScale(admin, plan, { ...opts, rows });
  const total = seeded.documents.reduce((s, d) => s + d.assignmentIds.length, 0);
  await waitUntil(
    'every read-model row',
    async () => {
      const n = await rows();
      if (n < total) throw new Error(`${n} of ${total} rows`);
    },
    { attempts: 6000, delayMs: 100 },
  );
  const done = performance.now();
  await settle(db, opts.log);
  const { from, to } = seeded.registration;
  const seconds = (done - from) / 1000;
  return {
    seeded,
    result: {
      documents: seeded.documents.length,
      assignments: total,
      registrySeconds: (from - begin) / 1000,
      startedSeconds: (to - from) / 1000,
      seconds,
      rate: rate(total, seconds),
      settledSeconds: (performance.now() - from) / 1000,
    },
  };
}

/**
 * Waits until notifications and audit events stop growing for 5 s, so the next measurement
 * does not pay for this one's tail.
 */
async function settle(db: mongo.Db, log: (line: string) => void): Promise<void> {
  const names = [NotificationModel, AuditEvent].map((m) => m.collection.collectionName);
  const snapshot = async () => (await Promise.all(names.map((n) => count(db, n)))).join('/');
  let last = await snapshot();
  let quiet = 0;
  for (let i = 0; i < 3600 && quiet < 5; i++) {
    await sleep(1000);
    const now = await snapshot();
    quiet = now === last ? quiet + 1 : 0;
    if (quiet === 0 && i % 10 === 0) log(`settling: notifications/audit events ${now}`);
    last = now;
  }
}
