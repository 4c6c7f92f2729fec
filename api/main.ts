import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { connectMongo, ensureTtlIndex } from '../lib/mongo';
import { IdempotencyRecord } from '../models/idempotency';
import { RevokedToken } from '../models/revoked-token';
import { persistentSecret } from '../lib/secrets';
import { temporalConnectionOptions } from '../lib/temporal';
import { createApp } from './app';
import { Tokens } from './auth';
import { ensureAdmin } from './bootstrap';
import { ensureSchedules } from './schedules';
import { registrationDeps } from './documents';
import { keepJobsRunning } from './jobs';
import { LoginThrottle } from './login-throttle';
import { ReadViews } from './views';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'api', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  if (!config.MONGODB_URI)
    throw new Error('MONGODB_URI is not set (npm start sets it for the embedded server)');
  const mongoose = await connectMongo(config.MONGODB_URI, { maxPoolSize: config.MONGODB_MAX_POOL });
  await ensureAdmin({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, logger });
  await ensureTtlIndex(RevokedToken.collection, 'expiresAt');
  await ensureTtlIndex(IdempotencyRecord.collection, 'expiresAt');
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  // People must be served even if the cluster refuses schedules (permissions): what waits
  // for the digest stays queued, and the error says what to fix.
  await ensureSchedules(temporal, config, (id, err) =>
    logger.error({ err, schedule: id }, 'a Schedule was not made'),
  );
  const tokens = new Tokens(
    persistentSecret(config.dataDir, 'jwt', config.JWT_SECRET),
    config.TOKEN_TTL_MINUTES,
  );

  const views = new ReadViews(logger);
  const app = createApp({
    config,
    logger,
    temporal,
    temporalConnection: connection,
    tokens,
    throttle: await LoginThrottle.create(config),
    views,
  });
  // Built now rather than by the first request, and kept current from then on.
  views.start();
  const server = app.listen(config.PORT, () =>
    logger.info({ port: config.PORT }, `API listening on http://localhost:${config.PORT}`),
  );
  // Imports left running by a stopped API process are taken over and finished.
  const stopJobs = keepJobsRunning({
    registration: registrationDeps({ config, temporal }),
    logger,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'API stopping');
    stopJobs();
    // Bounded: connections that do not finish in time are cut.
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    server.close(() => {
      void Promise.all([connection.close(), mongoose.disconnect()]).finally(() => {
        clearTimeout(force);
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
