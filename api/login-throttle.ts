import mongoose, { type mongo } from 'mongoose';
import type { Config } from '../lib/config';
import { ensureTtlIndex } from '../lib/mongo';

const ACCOUNT = 'login_failures_account';
const IP = 'login_failures_ip';
import { RateLimiterMongo, type RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleLimits {
  /** Failed sign-ins per account before it is blocked for `blockMinutes`. */
  perAccount: number;
  /** Failed sign-ins from one address before it is blocked. */
  perIp: number;
  blockMinutes: number;
}

/**
 * Counts failed sign-ins per account and per address in MongoDB, so every API process sees
 * the same counters; a success clears the account's count.
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterMongo;
  private readonly byIp: RateLimiterMongo;

  constructor(db: mongo.Db, limits: ThrottleLimits) {
    const seconds = limits.blockMinutes * 60;
    // Indexes are made by `create`, which tolerates servers without TTL indexes.
    const common = {
      storeClient: db,
      duration: seconds,
      blockDuration: seconds,
      disableIndexesCreation: true,
    };
    this.byAccount = new RateLimiterMongo({
      ...common,
      points: limits.perAccount,
      keyPrefix: ACCOUNT,
    });
    this.byIp = new RateLimiterMongo({
      ...common,
      points: limits.perIp,
      keyPrefix: IP,
    });
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

  /** Milliseconds until this account or address may try again; 0 when it may now. */
  async waitFor(email: string, ip: string): Promise<number> {
    const [account, address] = await Promise.all([this.byAccount.get(email), this.byIp.get(ip)]);
    const blocked = (limiter: RateLimiterMongo, res: RateLimiterRes | null) =>
      res && res.consumedPoints >= limiter.points ? res.msBeforeNext : 0;
    return Math.max(blocked(this.byAccount, account), blocked(this.byIp, address));
  }

  async failed(email: string, ip: string): Promise<void> {
    // consume() rejects with the counter once the limit is passed; that is not an error here.
    const count = (limiter: RateLimiterMongo, key: string) =>
      limiter.consume(key).catch((err: unknown) => {
        if (err instanceof Error) throw err;
      });
    await Promise.all([count(this.byAccount, email), count(this.byIp, ip)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}
