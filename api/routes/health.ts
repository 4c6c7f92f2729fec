import { Router } from 'express';
import mongoose from 'mongoose';
import type { AppDeps } from '../deps';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);

/** Liveness (the process answers) and readiness (Temporal and MongoDB answer). */
export function healthRoutes({ temporalConnection }: AppDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = {
      temporal: async () => {
        await temporalConnection.healthService.check({});
      },
      mongodb: async () => {
        if (!mongoose.connection.db) throw new Error('not connected');
        await mongoose.connection.db.admin().ping();
      },
    };
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, 'up'] as const;
        } catch (err) {
          return [name, `down: ${(err as Error).message}`] as const;
        }
      }),
    );
    const down = results.filter(([, s]) => s !== 'up').map(([n]) => n);
    const body = Object.fromEntries(results);
    if (down.length === 0) {
      res.json({ status: 'ready', checks: body });
      return;
    }
    res
      .status(503)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: `Not ready: ${down.join(' and ')} unreachable.`,
        checks: body,
      });
  });
  return router;
}
