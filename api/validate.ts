import type { z } from 'zod';
import { HttpError } from './errors';

/** Parses one part of the request with a strict schema; every problem is listed with its path. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(
    400,
    'The request is not valid; see errors for each field.',
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
