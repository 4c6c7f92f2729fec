import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './deps';
import { notFound, problemHandler } from './errors';
import { assignmentRoutes } from './routes/assignments';
import { authRoutes } from './routes/auth';
import { documentRoutes } from './routes/documents';
import { healthRoutes } from './routes/health';

export const API_BASE = '/api/v1';

/** Builds the HTTP app without listening, so tests can mount it on port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }),
  );
  app.use(healthRoutes(deps));
  app.use(express.json({ limit: '1mb' }));
  const api = express.Router();
  api.use(authRoutes(deps));
  api.use(documentRoutes(deps));
  api.use(assignmentRoutes(deps));
  app.use(API_BASE, api);
  app.use(notFound);
  app.use(problemHandler(deps.logger));
  return app;
}
