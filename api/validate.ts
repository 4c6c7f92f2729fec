import type { Request } from 'express';
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

export const body = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> =>
  parse(schema, req.body ?? {});
export const params = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> =>
  parse(schema, req.params);
export const query = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> =>
  parse(schema, req.query);
