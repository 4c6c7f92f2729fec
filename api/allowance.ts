import type { mongo } from 'mongoose';
import {
  RateLimiterMemory,
  RateLimiterMongo,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { ensureTtlIndex } from '../lib/mongo';

/**
 * One allowance counted twice: in this process's memory, where `consume` is atomic, and in
 * MongoDB, where every API process sees it. MongoDB's `findOneAndUpdate` + `$inc` is atomic
 * too; the embedded FerretDB's is not (parallel increments of one key can be lost), so the
 * memory count is what holds a burst at one process to the limit, and the shared count holds
 * attempts spread over processes to it — on FerretDB, to at most limit × processes.
 */
export class Allowance {
  private readonly local: RateLimiterMemory;
  private readonly shared: RateLimiterMongo;

  constructor(db: mongo.Db, keyPrefix: string, points: number, seconds: number) {
    const common = { points, keyPrefix, duration: seconds, blockDuration: seconds };
    this.local = new RateLimiterMemory(common);
    // Indexes are made by `prepare`, which tolerates servers without TTL indexes.
    this.shared = new RateLimiterMongo({
      ...common,
      storeClient: db,
      disableIndexesCreation: true,
    });
  }

  /** Makes the shared counters' indexes (once per collection, before the first `take`). */
  static async prepare(db: mongo.Db, keyPrefix: string): Promise<void> {
    const collection = db.collection(keyPrefix);
    await collection.createIndex({ key: 1 }, { unique: true });
    await ensureTtlIndex(collection, 'expire');
  }

  /** Takes one attempt; the milliseconds to wait when none is left, else 0. */
  async take(key: string): Promise<number> {
    for (const limiter of [this.local, this.shared]) {
      const wait = await waitOf(limiter, key);
      if (wait > 0) return wait;
    }
    return 0;
  }

  async giveBack(key: string): Promise<void> {
    await Promise.all([this.local.reward(key, 1), this.shared.reward(key, 1)]);
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.local.delete(key), this.shared.delete(key)]);
  }
}

/** `consume` rejects with the counter once the allowance is used up; that is an answer. */
const waitOf = (limiter: RateLimiterAbstract, key: string): Promise<number> =>
  limiter.consume(key).then(
    () => 0,
    (refused: unknown) => {
      if (refused instanceof RateLimiterRes) return refused.msBeforeNext;
      throw refused;
    },
  );
