import type { Client, Connection } from '@temporalio/client';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import type { Tokens } from './auth';
import type { LoginThrottle } from './login-throttle';
import type { ReadViews } from './views';

/** What the HTTP layer needs from the outside world; tests pass their own. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  temporal: Client;
  /** The client's connection, for health checks. */
  temporalConnection: Connection;
  tokens: Tokens;
  throttle: LoginThrottle;
  /** Lists, counts and the organization tree, in memory. */
  views: ReadViews;
}
