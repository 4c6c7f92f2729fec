import crypto from 'node:crypto';
import { trusted } from 'mongoose';
import stringify from 'safe-stable-stringify';
import { AuditEvent, AuditHead } from '../models/audit';

export interface AuditInput {
  /** The chain: `assignment:<id>`, `user:<id>`, `organization:<id>`, `document:<id>`, `login:<email>`. */
  subject: string;
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  actorId?: string | null;
  ip?: string | null;
  detail?: string;
  before?: unknown;
  after?: unknown;
  key?: string;
  at?: Date;
}

interface ChainedEvent {
  subject: string;
  seq: number;
  action: string;
  outcome: AuditInput['outcome'];
  actorId?: string | null;
  ip?: string | null;
  at: Date;
  detail?: string | null;
  before?: unknown;
  after?: unknown;
  key?: string | null;
  prevHash: string;
}

const GENESIS = '0'.repeat(64);
const DUPLICATE_KEY = 11000;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === DUPLICATE_KEY;

/** Hash of everything an event says, keys sorted, absent and null alike. */
export function hashOf(e: ChainedEvent): string {
  const canonical = stringify({
    subject: e.subject,
    seq: e.seq,
    action: e.action,
    outcome: e.outcome,
    actorId: e.actorId ?? null,
    ip: e.ip ?? null,
    at: e.at.toISOString(),
    detail: e.detail ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    key: e.key ?? null,
    prevHash: e.prevHash,
  });
  return crypto
    .createHash('sha256')
    .update(canonical ?? '')
    .digest('hex');
}

// What is hashed must be exactly what MongoDB gives back: plain JSON values.
const plain = (v: unknown): unknown =>
  v === undefined ? undefined : JSON.parse(JSON.stringify(v));

/** Moves a head that lags behind its chain (a writer stopped between the two writes). */
async function repairHead(subject: string): Promise<void> {
  const last = await AuditEvent.findOne({ subject }).sort({ seq: -1 }).lean();
  if (!last) return;
  const moved = await AuditHead.updateOne(
    { _id: subject, seq: trusted({ $lt: last.seq }) },
    { $set: { seq: last.seq, hash: last.hash } },
  );
  if (moved.matchedCount === 0 && !(await AuditHead.exists({ _id: subject }))) {
    await AuditHead.create({ _id: subject, seq: last.seq, hash: last.hash }).catch((err) => {
      if (!isDuplicate(err)) throw err;
    });
  }
}

/**
 * Appends one event to its subject's chain. Concurrent writers race on the unique
 * (subject, seq) index; the loser reads the new head and tries again.
 */
export async function appendAudit(input: AuditInput): Promise<void> {
  const base = {
    subject: input.subject,
    action: input.action,
    outcome: input.outcome,
    actorId: input.actorId ?? null,
    ip: input.ip ?? null,
    at: input.at ?? new Date(),
    detail: input.detail,
    before: plain(input.before),
    after: plain(input.after),
    key: input.key,
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (input.key && (await AuditEvent.exists({ key: input.key }))) return;
    const head = await AuditHead.findById(input.subject).lean();
    const event: ChainedEvent = {
      ...base,
      seq: (head?.seq ?? 0) + 1,
      prevHash: head?.hash ?? GENESIS,
    };
    const hash = hashOf(event);
    try {
      await AuditEvent.create({ ...event, hash });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      await repairHead(input.subject);
      continue;
    }
    await repairHead(input.subject);
    return;
  }
  throw new Error(`audit chain ${input.subject} is too busy; event ${input.action} not written`);
}

export interface ChainVerdict {
  subject: string;
  valid: boolean;
  events: number;
  /** The first event that does not verify, and why. */
  brokenAt?: number;
  reason?: string;
}

/** Walks a chain from its first event; stops at the first one that does not verify. */
export async function verifyChain(subject: string): Promise<ChainVerdict> {
  const events = await AuditEvent.find({ subject }).sort({ seq: 1 }).lean();
  const head = await AuditHead.findById(subject).lean();
  const broken = (seq: number, reason: string): ChainVerdict => ({
    subject,
    valid: false,
    events: events.length,
    brokenAt: seq,
    reason,
  });
  let prevHash = GENESIS;
  let expected = 1;
  for (const e of events) {
    if (e.seq !== expected) return broken(expected, `event ${expected} is missing`);
    if (e.prevHash !== prevHash)
      return broken(e.seq, `event ${e.seq} does not follow event ${e.seq - 1}`);
    if (hashOf(e as ChainedEvent) !== e.hash)
      return broken(e.seq, `event ${e.seq} was altered after it was written`);
    prevHash = e.hash;
    expected = e.seq + 1;
  }
  if (head && head.seq >= expected)
    return broken(expected, `events from ${expected} to ${head.seq} were removed`);
  if (head && events[head.seq - 1]?.hash !== head.hash)
    return broken(head.seq, `event ${head.seq} does not match the chain head`);
  return { subject, valid: true, events: events.length };
}
