import type { Model } from 'mongoose';

/**
 * One page of a list, the shape of every list: `{ items, total }`, where `filter` already
 * carries the caller's scope so the total counts only what they may see.
 */
export async function listPage<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  { page, limit }: { page: number; limit: number },
) {
  const [items, total] = await Promise.all([
    model
      .find(filter)
      .sort(sort)
      .skip((page - 1) * limit)
      .limit(limit),
    model.countDocuments(filter),
  ]);
  return { items: items.map((d) => d.toJSON() as unknown), total };
}
