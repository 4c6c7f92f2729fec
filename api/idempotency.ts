import crypto from 'node:crypto';
import type { Request } from 'express';
import { trusted } from 'mongoose';
import { IdempotencyRecord } from '../models/idempotency';
import { HttpError } from './errors';
import type { Operation } from './operation';

const KEEP_MS = 24 * 3600_000;
/** How long a running request holds its key without renewing it (renewed every third of it). */
export const LEASE_MS = 30_000;
const KEY = /^[\x21-\x7e]{1,200}$/;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** The record of a key: per user, method and path, so keys of different callers never meet. */
export const recordIdOf = (userId: string | null, method: string, url: string, key: string) =>
  sha256(JSON.stringify([userId, method, url, key]));
export const requestHashOf = (body: unknown) => sha256(JSON.stringify(body ?? null));

/**
 * Runs a POST once per `Idempotency-Key`: a repeat of a request that answered gets that answer
 * again; the same key with a different body is refused (422); a repeat while the first still
 * runs is refused (409). A request whose server stopped mid-way (its lease lapsed) or that
 * failed is run again as the same operation, so whatever it had done is found, not redone.
 * A failed request's key may also be used for a corrected body, as a new operation.
 */
export async function once(
  req: Request,
  key: string,
  status: number,
  run: () => Promise<unknown>,
): Promise<Answer> {
  if (!KEY.test(key))
    throw new HttpError(400, 'Idempotency-Key must be 1–200 visible ASCII characters.');
  const id = recordIdOf(req.user?.id ?? null, req.method, req.originalUrl, key);
  const requestHash = requestHashOf(req.body);
  const now = new Date();
  const created = await IdempotencyRecord.create({
    _id: id,
    requestHash,
    state: 'running',
    startedAt: now,
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    expiresAt: new Date(now.getTime() + KEEP_MS),
  }).then(
    () => true,
    (err: unknown) => {
      if ((err as { code?: number }).code !== 11000) throw err;
      return false;
    },
  );
  if (created) return serve(req, { id, at: now }, status, run);
  const first = await IdempotencyRecord.findById(id).lean();
  if (!first || first.expiresAt < now) {
    await IdempotencyRecord.deleteOne({ _id: id, expiresAt: trusted({ $lt: now }) });
    return once(req, key, status, run);
  }
  if (first.requestHash !== requestHash) {
    if (first.state !== 'failed')
      throw new HttpError(422, 'This Idempotency-Key was already used for a different request.');
    // A new request under a key whose first request failed: a new operation.
    await IdempotencyRecord.deleteOne({ _id: id });
    return once(req, key, status, run);
  }
  if (first.state === 'done')
    return { status: first.status ?? status, body: first.body, replayed: true };
  if (first.state === 'running' && first.leaseUntil && first.leaseUntil > now)
    throw new HttpError(
      409,
      'The first request with this Idempotency-Key is still running; retry shortly.',
    );
  // Its server stopped mid-way, or it failed: the same operation again.
  await IdempotencyRecord.updateOne(
    { _id: id },
    { $set: { state: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS) } },
  );
  const startedAt = first.startedAt ?? new Date(first.expiresAt.getTime() - KEEP_MS);
  return serve(req, { id, at: startedAt }, status, run);
}

/** Runs the request as `op`, holding the key's lease until it answers. */
async function serve(
  req: Request,
  op: Operation,
  status: number,
  run: () => Promise<unknown>,
): Promise<Answer> {
  req.operation = op;
  const renew = setInterval(() => {
    const leaseUntil = new Date(Date.now() + LEASE_MS);
    IdempotencyRecord.updateOne({ _id: op.id }, { $set: { leaseUntil } }).catch(() => undefined);
  }, LEASE_MS / 3);
  try {
    const body = await run();
    await IdempotencyRecord.updateOne({ _id: op.id }, { $set: { state: 'done', status, body } });
    return { status, body, replayed: false };
  } catch (err) {
    await IdempotencyRecord.updateOne({ _id: op.id }, { $set: { state: 'failed' } }).catch(
      () => undefined,
    );
    throw err;
  } finally {
    clearInterval(renew);
  }
}
