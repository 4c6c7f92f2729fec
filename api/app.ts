import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { AppDeps } from './deps';
import { apiMetrics, metricsGuard } from './metrics';
import { IMPORT_JSON_LIMIT } from './document-import';
import { notFound, problemHandler } from './errors';
import { Api } from './route';
import { assignmentRoutes } from './routes/assignments';
import { attachmentRoutes } from './routes/attachments';
import { auditRoutes } from './routes/audit';
import { lifecycleRoutes } from './routes/lifecycle';
import { notificationRoutes } from './routes/notifications';
import { authRoutes } from './routes/auth';
import { passwordRoutes } from './routes/password';
import { feedbackRoutes } from './routes/feedback';
import { publicLimit, publicRoutes } from './routes/public';
import { reportPublicationRoutes } from './routes/report-publication';
import { reportRoutes } from './routes/reports';
import { statsRoutes } from './routes/stats';
import { settingsRoutes } from './routes/settings';
import { calendarRoutes } from './routes/calendar';
import { documentRoutes } from './routes/documents';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { organizationRoutes } from './routes/organizations';
import { userRoutes } from './routes/users';
import { webApp } from './web';

export const API_BASE = '/api/v1';
const WEBHOOK_LIMIT = '64kb';

/** Every API route, registered once for Express and for the OpenAPI document. */
export function createApi(deps: AppDeps): Api {
  const api = new Api(deps.tokens);
  authRoutes(api, deps);
  passwordRoutes(api, deps);
  organizationRoutes(api);
  userRoutes(api);
  documentRoutes(api, deps);
  jobRoutes(api);
  assignmentRoutes(api);
  statsRoutes(api, deps);
  reportRoutes(api, deps);
  lifecycleRoutes(api, deps);
  notificationRoutes(api);
  attachmentRoutes(api, deps);
  auditRoutes(api);
  calendarRoutes(api, deps);
  settingsRoutes(api, deps);
  publicRoutes(api, deps);
  feedbackRoutes(api, deps);
  reportPublicationRoutes(api);
  return api;
}

/** Builds the HTTP app without listening, so tests can mount it on port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.locals.views = deps.views;
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  // Same origin needs no CORS; other origins only when configured.
  app.use(cors({ origin: deps.config.CORS_ORIGINS, maxAge: 600 }));
  const metrics = apiMetrics(deps.views);
  app.use(metrics.measure);
  app.get('/metrics', metricsGuard(deps.config.METRICS_TOKEN), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(
    pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }),
  );
  app.use(healthRoutes(deps));
  // Read first, so the 1 MB parser below leaves the import's body alone.
  app.use(`${API_BASE}/documents/import`, express.json({ limit: IMPORT_JSON_LIMIT }));
  // A signed webhook is verified over its bytes as sent, so its body is kept raw.
  app.use(`${API_BASE}/integrations`, express.raw({ type: () => true, limit: WEBHOOK_LIMIT }));
  app.use(express.json({ limit: '1mb' }));
  app.use(express.text({ type: 'text/csv', limit: '5mb' }));

  const api = createApi(deps);
  const openapi = api.openapi(API_BASE);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(
    '/api/docs',
    swaggerUi.serve,
    swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json' } }),
  );
  app.use(`${API_BASE}/public`, publicLimit(deps.config.PUBLIC_READS_PER_MINUTE));
  app.use(API_BASE, api.router);
  app.use(webApp());
  app.use(notFound);
  app.use(problemHandler(deps.logger));
  return app;
}
