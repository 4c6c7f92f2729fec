import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram } from 'prom-client';
import { processRegistry } from '../lib/metrics';
import type { ReadViews } from './views';

/** An action on an assignment: `POST /assignments/:id/<action>`, its own ids left out. */
const ACTION = /^\/assignments\/:id\/(.+)$/;
const actionOf = (route: string) => ACTION.exec(route)?.[1]?.replace(/\/:\w+/g, '');

/**
 * The API's figures for Prometheus (`GET /metrics`): latency by route and status, actions on
 * assignments by kind and outcome, and how much the read views hold.
 */
export function apiMetrics(views: ReadViews) {
  const registry = processRegistry();
  const latency = new Histogram({
    name: 'ijro_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const actions = new Counter({
    name: 'ijro_actions_total',
    help: 'Actions on assignments by kind and outcome (ok, refused: 4xx, failed: 5xx)',
    labelNames: ['action', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'ijro_read_view_rows',
    help: 'Rows each read view holds in this API process',
    labelNames: ['view'],
    registers: [registry],
    collect() {
      this.set({ view: 'assignments' }, views.assignments.size);
      this.set({ view: 'documents' }, views.documents.size);
      this.set({ view: 'notifications' }, views.notifications.size);
    },
  });
  new Gauge({
    name: 'ijro_change_log_applied',
    help: 'Position of the change log this API process has applied up to',
    registers: [registry],
    collect() {
      this.set(views.applied);
    },
  });

  const measure: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const end = latency.startTimer();
    res.on('finish', () => {
      // The route's own path (the API's are under /api/v1, which Express has left by now).
      const route = req.route ? String(req.route.path) : 'unmatched';
      end({ method: req.method, route, status: res.statusCode });
      const action = req.method === 'POST' ? actionOf(route) : undefined;
      if (action) {
        const outcome = res.statusCode < 400 ? 'ok' : res.statusCode < 500 ? 'refused' : 'failed';
        actions.inc({ action, outcome });
      }
    });
    next();
  };
  return { registry, measure };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/metrics` tells route names and load, not data; still, only this machine reads it, or a
 * scraper that sends `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function metricsGuard(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    const bearer = req.headers.authorization === `Bearer ${token}`;
    if ((token && bearer) || LOOPBACK.has(req.socket.remoteAddress ?? '')) return next();
    res
      .status(403)
      .type('text/plain')
      .send('Forbidden: /metrics is for this machine or METRICS_TOKEN.\n');
  };
}
