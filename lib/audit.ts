import crypto from 'node:crypto';
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

// Events are addressed by position, `<subject>#<seq>`: the embedded FerretDB (SQLite) uses
// an index only for `_id` lookups, so every read and write of a chain stays one indexed
// lookup however large the audit collection grows.
const eventId = (subject: string, seq: number) => `${subject}#${seq}`;
const eventAt = (subject: string, seq: number) => AuditEvent.findById(eventId(subject, seq)).lean();

/** How far back a keyed append looks for its key: retries come soon after the first try. */
const KEY_WINDOW = 20;

/**
 * Appends one event to its subject's chain. Concurrent writers race for the next position
 * (a unique `_id`); the loser reads the chain's end again and tries the next one. A keyed
 * event is written once: its key is looked for among the keys the head carries and those of
 * the events past a lagging head.
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
    const head = await AuditHead.findById(input.subject).lean();
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS;
    const walked: string[] = [];
    for (let next = await eventAt(input.subject, seq + 1); next;) {
      seq = next.seq;
      prevHash = next.hash;
      if (next.key) walked.push(next.key);
      next = await eventAt(input.subject, seq + 1);
    }
    // The head's seq and keys are written together: its keys cover the events up to its seq,
    // and the events past it were just read. A head from before v0.3.0 has no keys.
    let keys = head ? head.keys : [];
    if (input.key) {
      keys ??= await keysBefore(input.subject, head?.seq ?? 0);
      if (keys.includes(input.key) || walked.includes(input.key)) return;
    }
    const event: ChainedEvent = { ...base, seq: seq + 1, prevHash };
    const hash = hashOf(event);
    try {
      await AuditEvent.create({ _id: eventId(input.subject, event.seq), ...event, hash });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      continue;
    }
    const newKeys = keys && [...keys, ...walked, ...(input.key ? [input.key] : [])];
    await AuditHead.updateOne(
      { _id: input.subject },
      { $set: { seq: event.seq, hash, ...(newKeys ? { keys: newKeys.slice(-KEY_WINDOW) } : {}) } },
      { upsert: true },
    ).catch((err: unknown) => {
      if (!isDuplicate(err)) throw err;
    });
    return;
  }
  throw new Error(`audit chain ${input.subject} is too busy; event ${input.action} not written`);
}

/** The keys of the last KEY_WINDOW events up to `last`, oldest first (a head without keys). */
async function keysBefore(subject: string, last: number): Promise<string[]> {
  const keys: string[] = [];
  for (let seq = last; seq > Math.max(last - KEY_WINDOW, 0); seq--) {
    const key = (await eventAt(subject, seq))?.key;
    if (key) keys.unshift(key);
  }
  return keys;
}

/** A chain's events in order, read by position, and its head. */
export async function chainOf(subject: string) {
  const head = await AuditHead.findById(subject).lean();
  const known = Array.from({ length: head?.seq ?? 0 }, (_, i) => eventAt(subject, i + 1));
  const events = (await Promise.all(known)).filter((e) => e !== null);
  // Past a lagging head, as far as the chain goes.
  for (let next = await eventAt(subject, (head?.seq ?? 0) + 1); next;) {
    events.push(next);
    next = await eventAt(subject, next.seq + 1);
  }
  return { events, head };
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
  const { events, head } = await chainOf(subject);
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
