import crypto from 'node:crypto';
import type { Request } from 'express';
import { trusted } from 'mongoose';
import { IdempotencyRecord } from '../models/idempotency';
import { HttpError } from './errors';

const KEEP_MS = 24 * 3600_000;
const KEY = /^[\x21-\x7e]{1,200}$/;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * Runs a POST once per `Idempotency-Key` (per user and path): a repeat of the same request gets
 * the first answer again; the same key with a different body is refused (422); a repeat while
 * the first is still running is refused (409). A failed first run leaves no record, so it may
 * be retried with the same key.
 */
export async function once(
  req: Request,
  key: string,
  status: number,
  run: () => Promise<unknown>,
): Promise<Answer> {
  if (!KEY.test(key))
    throw new HttpError(400, 'Idempotency-Key must be 1–200 visible ASCII characters.');
  const id = sha256(JSON.stringify([req.user?.id ?? null, req.method, req.originalUrl, key]));
  const requestHash = sha256(JSON.stringify(req.body ?? null));
  try {
    await IdempotencyRecord.create({
      _id: id,
      requestHash,
      state: 'running',
      expiresAt: new Date(Date.now() + KEEP_MS),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const first = await IdempotencyRecord.findById(id).lean();
    if (!first || first.expiresAt < new Date()) {
      await IdempotencyRecord.deleteOne({ _id: id, expiresAt: trusted({ $lt: new Date() }) });
      return once(req, key, status, run);
    }
    if (first.requestHash !== requestHash)
      throw new HttpError(422, 'This Idempotency-Key was already used for a different request.');
    if (first.state === 'running')
      throw new HttpError(
        409,
        'The first request with this Idempotency-Key is still running; retry shortly.',
      );
    return { status: first.status ?? status, body: first.body, replayed: true };
  }
  try {
    const body = await run();
    await IdempotencyRecord.updateOne({ _id: id }, { $set: { state: 'done', status, body } });
    return { status, body, replayed: false };
  } catch (err) {
    await IdempotencyRecord.deleteOne({ _id: id });
    throw err;
  }
}
