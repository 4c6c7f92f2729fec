import { setTimeout as sleep } from 'node:timers/promises';
import type { mongo } from 'mongoose';
import { AssignmentModel } from '../../models/assignment';
import type { ApiClient } from '../seed/api-client';
import type { ScalePlan } from '../seed/scale';
import { registerDocuments, seedRegistry, type Registered, type Seeded } from '../seed/scale-load';
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
  /** Registering, then until the workflows' follow-up work stopped (the stack idle). */
  settledSeconds: number;
}

/**
 * The plan's documents in consecutive parts that end where `shares` of its assignments are
 * reached; the last part, share 1, ends at all of them.
 */
export function splitAt(plan: ScalePlan, shares: number[]): { share: number; plan: ScalePlan }[] {
  const total = plan.documents.reduce((s, d) => s + d.assignments.length, 0);
  const parts: { share: number; plan: ScalePlan }[] = [];
  let from = 0;
  let seen = 0;
  for (const share of [...shares.filter((x) => x > 0 && x < 1).sort((a, b) => a - b), 1]) {
    let to = from;
    while (to < plan.documents.length && (seen < share * total || share === 1)) {
      seen += plan.documents[to]?.assignments.length ?? 0;
      to += 1;
    }
    // A part that reaches the last document is the last one, whatever share was asked.
    const last = to === plan.documents.length;
    if (to > from)
      parts.push({
        share: last ? 1 : share,
        plan: { ...plan, documents: plan.documents.slice(from, to) },
      });
    if (last) break;
    from = to;
  }
  return parts;
}

/**
 * (a) Seeds the plan through the API and times the registration of its assignments. With
 * `pauses`, registration stops where that share of the assignments is registered, waits for
 * the stack to settle and calls `atPause` (the queries at a quarter and half of the data);
 * the time paused is not registration time.
 */
export async function measureRegistration(
  admin: ApiClient,
  plan: ScalePlan,
  db: mongo.Db,
  opts: {
    concurrency: number;
    maxPending: number;
    cpuSeconds: () => number;
    log: (line: string) => void;
    pauses?: number[];
    /** Before the first document, with the registry loaded (to sign people in). */
    beforeDocuments?: (registry: Pick<Seeded, 'orgIds' | 'userIds'>) => Promise<void>;
    atPause?: (share: number) => Promise<void>;
  },
): Promise<{ seeded: Seeded; result: RegistrationResult }> {
  const rows = db.collection<{ _id: string }>(AssignmentModel.collection.collectionName);
  const hasRow = async (id: string) =>
    (await rows.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  const begin = performance.now();
  const { orgIds, userIds } = await seedRegistry(admin, plan, opts.log);
  await opts.beforeDocuments?.({ orgIds, userIds });
  const from = performance.now();
  const documents: Registered[] = [];
  let started = 0;
  let written = 0;
  let last = from;
  for (const part of splitAt(plan, opts.pauses ?? [])) {
    const partFrom = performance.now();
    const done = await registerDocuments(admin, part.plan, orgIds, userIds, { ...opts, hasRow });
    documents.push(...done.documents);
    last = performance.now();
    started += done.answered - partFrom;
    written += last - partFrom;
    if (part.share === 1) break;
    await settle(opts.cpuSeconds, opts.log);
    await opts.atPause?.(part.share);
  }
  const total = documents.reduce((s, d) => s + d.assignmentIds.length, 0);
  await settle(opts.cpuSeconds, opts.log);
  const seeded = {
    orgIds,
    userIds,
    documents,
    registration: { from, answered: from + started, to: from + written },
  };
  return {
    seeded,
    result: {
      documents: documents.length,
      assignments: total,
      registrySeconds: (from - begin) / 1000,
      startedSeconds: started / 1000,
      seconds: written / 1000,
      rate: rate(total, written / 1000),
      settledSeconds: (written + performance.now() - last) / 1000,
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
