import type { Schema } from 'mongoose';

/**
 * API shape of every document: `id` (`idOf` the `_id`) instead of `_id`, no `__v`, private
 * fields dropped.
 */
export function publicJson(
  schema: Schema,
  hidden: string[] = [],
  idOf: (id: string) => string = (id) => id,
): void {
  schema.set('toJSON', {
    versionKey: false,
    transform(_doc, ret: Record<string, unknown>) {
      ret.id = idOf(String(ret._id));
      delete ret._id;
      for (const key of hidden) delete ret[key];
      return ret;
    },
  });
}
