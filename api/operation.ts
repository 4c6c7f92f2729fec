import crypto from 'node:crypto';
import type { Request } from 'express';

/**
 * The work one request stands for. A retry of a request sent with an `Idempotency-Key` is the
 * same operation: its id and start come from the key's record, so the ids it makes and the
 * Temporal update id it sends are those of the first try. Temporal and the workflow answer a
 * repeated update id instead of applying it again; a registration run again finds the document
 * and workflows it made. Without a key each request is an operation of its own, and its update
 * id still makes the Temporal client's own retries safe.
 */
export interface Operation {
  id: string;
  at: Date;
}

declare module 'express-serve-static-core' {
  interface Request {
    operation?: Operation;
  }
}

export function operationOf(req: Request): Operation {
  return (req.operation ??= { id: crypto.randomUUID(), at: new Date() });
}

/**
 * The id of the `part` this operation makes, the same on every try. Shaped like a MongoDB
 * ObjectId, with the operation's start first, so ids still sort by when they were made.
 */
export function idFor(op: Operation, part: string): string {
  const seconds = Math.floor(op.at.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  const hash = crypto.createHash('sha256').update(`${op.id}/${part}`).digest('hex');
  return seconds + hash.slice(0, 16);
}

/** The Temporal update id of this operation (a key used again after it expired is new work). */
export const updateIdOf = (op: Operation): string => `${op.id}@${op.at.getTime()}`;
