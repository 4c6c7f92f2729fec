import mongoose, { type mongo } from 'mongoose';
import type { Config } from '../lib/config';
import { Allowance } from './allowance';

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
    for (const name of [ACCOUNT, IP]) await Allowance.prepare(db, name);
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
