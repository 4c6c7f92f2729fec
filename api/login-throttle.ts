import mongoose, { type mongo } from 'mongoose';
import {
  RateLimiterMemory,
  RateLimiterMongo,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Config } from '../lib/config';
import { ensureTtlIndex } from '../lib/mongo';

const ACCOUNT = 'login_failures_account';
const IP = 'login_failures_ip';

export interface ThrottleLimits {
  /** Sign-in attempts per account that may fail before it is blocked for `blockMinutes`. */
  perAccount: number;
  /** Sign-in attempts from one address that may fail before it is blocked. */
  perIp: number;
  blockMinutes: number;
}

/**
 * One allowance counted twice: in this process's memory, where `consume` is atomic, and in
 * MongoDB, where every API process sees it. MongoDB's `findOneAndUpdate` + `$inc` is atomic
 * too; the embedded FerretDB's is not (parallel increments of one key can be lost), so the
 * memory count is what holds a burst at one process to the limit, and the shared count holds
 * attempts spread over processes to it — on FerretDB, to at most limit × processes.
 */
class Allowance {
  private readonly local: RateLimiterMemory;
  private readonly shared: RateLimiterMongo;

  constructor(db: mongo.Db, keyPrefix: string, points: number, seconds: number) {
    const common = { points, keyPrefix, duration: seconds, blockDuration: seconds };
    this.local = new RateLimiterMemory(common);
    // Indexes are made by `LoginThrottle.create`, which tolerates servers without TTL indexes.
    this.shared = new RateLimiterMongo({
      ...common,
      storeClient: db,
      disableIndexesCreation: true,
    });
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

/**
 * Counts sign-in attempts per account and per address before the password is checked, so
 * parallel attempts cannot all pass a count read before any of them was added; a success
 * gives its attempt back.
 */
export class LoginThrottle {
  private readonly byAccount: Allowance;
  private readonly byIp: Allowance;

  constructor(db: mongo.Db, limits: ThrottleLimits) {
    const seconds = limits.blockMinutes * 60;
    this.byAccount = new Allowance(db, ACCOUNT, limits.perAccount, seconds);
    this.byIp = new Allowance(db, IP, limits.perIp, seconds);
  }

  /** Limits from the configuration, counters in the database mongoose is connected to. */
  static async create(config: Config): Promise<LoginThrottle> {
    const db = mongoose.connection.db;
    if (!db) throw new Error('connect to MongoDB before building the login throttle');
    for (const name of [ACCOUNT, IP]) {
      const collection = db.collection(name);
      await collection.createIndex({ key: 1 }, { unique: true });
      await ensureTtlIndex(collection, 'expire');
    }
    return new LoginThrottle(db, {
      perAccount: config.LOGIN_MAX_FAILURES,
      perIp: config.LOGIN_MAX_FAILURES_PER_IP,
      blockMinutes: config.LOGIN_BLOCK_MINUTES,
    });
  }

  /**
   * Takes one attempt from the account's and the address's allowance; the milliseconds to
   * wait when either is used up, else 0.
   */
  async attempt(email: string, ip: string): Promise<number> {
    const waits = await Promise.all([this.byAccount.take(email), this.byIp.take(ip)]);
    return Math.max(...waits);
  }

  /** The account starts again; the address gets this attempt back and keeps its failures. */
  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.reset(email), this.byIp.giveBack(ip)]);
  }
}
