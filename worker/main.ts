import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createMailer } from '../lib/mailer';
import { connectMongo } from '../lib/mongo';
import { temporalConnectionOptions } from '../lib/temporal';
import { installTemporalRuntime } from '../lib/temporal-runtime';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    name: 'worker',
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY,
  });
  installTemporalRuntime(logger);
  if (!config.MONGODB_URI)
    throw new Error('MONGODB_URI is not set (npm start sets it for the embedded server)');
  const mongoose = await connectMongo(config.MONGODB_URI);
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    dataDir: config.dataDir,
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: { mailer },
    // Each cached workflow holds ~0.7 MB; the SDK's default size would pass 1 GB at national
    // scale. A workflow not in the cache is replayed from its history when it next runs.
    extra: { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS },
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  // Worker.run handles SIGINT/SIGTERM itself: it stops polling and drains running tasks.
  await worker.run();
  await connection.close();
  mailer.close();
  await mongoose.disconnect();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
