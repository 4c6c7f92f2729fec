import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { projectRoot } from '../lib/paths';

/** Where `npm run build` puts the web app (web/, built by Vite); IJRO_WEB_DIR serves another build. */
export const WEB_DIR = process.env.IJRO_WEB_DIR ?? path.join(projectRoot, 'dist', 'web');

/** Paths that are the API's or the operators', never the app's pages. */
const NOT_PAGES = /^\/(api|metrics|healthz|readyz)(\/|$)/;

/**
 * The web app on the API's own port: its hashed assets cached for a year (a new build has
 * new names), and its page for every other GET that asks for HTML, never cached, so the
 * browser picks up a new build at once. Its script and styles come from this origin only, as
 * the Content-Security-Policy that helmet sets requires.
 */
export function webApp(dir = WEB_DIR): Router {
  const router = Router();
  const page = path.join(dir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  const spa: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PAGES.test(req.path)) return next();
    if (!req.accepts('html') || !fs.existsSync(page)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  };
  router.use(spa);
  return router;
}
