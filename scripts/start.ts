// `npm start`: one machine, everything. Starts the embedded servers that are not configured
// externally (Temporal dev server, FerretDB), waits for them, then runs the worker and the API
// as child processes. SIGINT/SIGTERM stop all of them, apps first, servers last.
import fs from 'node:fs';
import path from 'node:path';
import { Child } from '../lib/child';
import { loadConfig } from '../lib/config';
import { startFerretDb, startTemporalDevServer, type Embedded } from '../lib/embedded';
import { createLogger } from '../lib/logger';
import { toolPaths } from '../lib/paths';
import { PidFile } from '../lib/pidfile';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    name: 'start',
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY,
  });
  const tools = toolPaths();
  const servers: Child[] = [];
  const apps: Child[] = [];
  let stopping = false;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const pids = new PidFile(path.join(config.dataDir, 'start.pids'), logger);
  await pids.reapStale();

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(apps.map((c) => c.stop()));
    await Promise.all(servers.map((c) => c.stop()));
    pids.remove();
    logger.info('all stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: config.dataDir };
  try {
    // Each embedded server is stopped last and recorded for a later start to reap.
    const track = ({ child, url }: Embedded) => {
      servers.push(child);
      pids.add(child.proc.pid, child.proc.spawnargs.join(' '));
      return url;
    };
    if (!config.TEMPORAL_ADDRESS) {
      logger.info('starting the embedded Temporal dev server');
      const temporal = await startTemporalDevServer({
        binary: tools.temporal,
        dataDir: path.join(config.dataDir, 'temporal'),
        namespace: config.TEMPORAL_NAMESPACE,
        port: config.EMBEDDED_TEMPORAL_PORT,
        uiPort:
          config.EMBEDDED_TEMPORAL_UI_PORT === 'off' ? undefined : config.EMBEDDED_TEMPORAL_UI_PORT,
        logger,
      });
      env.TEMPORAL_ADDRESS = track(temporal);
      if (temporal.uiUrl) logger.info(`Temporal Web UI (this machine only): ${temporal.uiUrl}`);
    }
    if (!config.MONGODB_URI) {
      logger.info('starting the embedded FerretDB');
      env.MONGODB_URI = track(
        await startFerretDb({
          binary: tools.ferretdb,
          dataDir: path.join(config.dataDir, 'ferretdb'),
          port: config.EMBEDDED_MONGODB_PORT,
          logger,
        }),
      );
    }
  } catch (err) {
    logger.error((err as Error).message);
    await stopAll(1);
    return;
  }

  // Run the apps with the same runtime flags (tsx under `npm run dev`, plain node from dist).
  const ext = path.extname(__filename);
  for (const name of ['worker', 'api']) {
    const file = path.join(__dirname, '..', name, `main${ext}`);
    const child = new Child(name, process.execPath, [...process.execArgv, file], {
      env,
      inheritOutput: true,
    });
    apps.push(child);
    pids.add(child.proc.pid, file);
    void child.exited.then((code) => {
      if (stopping) return;
      logger.error(`${name} exited with code ${String(code)}; stopping everything`);
      void stopAll(1);
    });
  }
  logger.info(
    { temporal: env.TEMPORAL_ADDRESS, mongodb: env.MONGODB_URI, dataDir: config.dataDir },
    `Ijro starting on http://localhost:${config.PORT}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
