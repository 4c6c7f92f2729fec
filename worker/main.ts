import { formulaOf } from '../lib/rating';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createMailer } from '../lib/mailer';
import { connectMongo } from '../lib/mongo';
import { temporalConnectionOptions } from '../lib/temporal';
import { portOf, serveMetrics } from '../lib/metrics';
import { freePort, portFree } from '../lib/net';
import { installTemporalRuntime } from '../lib/temporal-runtime';
import { workerMetrics } from './metrics';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    name: 'worker',
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY,
  });
  // The SDK's figures on the port after the worker's own, or any free one.
  const sdkPort = (await portFree(config.WORKER_METRICS_PORT + 1))
    ? config.WORKER_METRICS_PORT + 1
    : await freePort();
  let sdkMetrics = `http://127.0.0.1:${sdkPort}/metrics`;
  try {
    installTemporalRuntime(logger, { metricsAddress: `127.0.0.1:${sdkPort}` });
  } catch (err) {
    // Taken meanwhile by another stack on this machine: the worker runs without them.
    sdkMetrics = `not served (${(err as Error).message})`;
    installTemporalRuntime(logger);
  }
  const metrics = workerMetrics();
  const metricsServer = await serveMetrics(metrics.registry, config.WORKER_METRICS_PORT);
  logger.info(
    `worker metrics: http://127.0.0.1:${portOf(metricsServer)}/metrics, Temporal SDK: ${sdkMetrics}`,
  );
  if (!config.MONGODB_URI)
    throw new Error('MONGODB_URI is not set (npm start sets it for the embedded server)');
  const mongoose = await connectMongo(config.MONGODB_URI, { maxPoolSize: config.MONGODB_MAX_POOL });
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
    deps: {
      mailer,
      outbox: metrics.outbox,
      publicUrl: config.publicUrl,
      ratingFormula: formulaOf(config),
    },
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
