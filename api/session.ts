import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { HttpError } from './errors';

/**
 * The web app's sign-in: the same signed token as the bearer one, kept in a cookie that its
 * script cannot read (httpOnly), that no other site's page sends (SameSite=Strict) and that
 * only the API's paths receive.
 */
export const SESSION_COOKIE = 'ijro_session';
const PATH = '/api';

/**
 * The header every change made on a cookie session must carry. A form on another site cannot
 * send it, and another site's script needs a CORS preflight for it, which this API answers
 * only for the origins it is told to (CORS_ORIGINS). Bearer tokens need none: a browser never
 * adds them by itself.
 */
export const CSRF_HEADER = 'x-ijro-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header)[SESSION_COOKIE] : undefined;
}

/** Refuses a change on a cookie session that did not come from the app's own script. */
export function checkCsrf(req: Request): void {
  if (!SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== '1') {
    throw new HttpError(
      403,
      `A change made with the session cookie needs the header "${CSRF_HEADER}: 1" (sent by the web app).`,
    );
  }
}

const secure = (req: Request, publicUrl: string) => req.secure || publicUrl.startsWith('https:');

export function setSession(
  req: Request,
  res: Response,
  token: string,
  opts: { maxAgeSeconds: number; publicUrl: string },
): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: PATH,
    secure: secure(req, opts.publicUrl),
    maxAge: opts.maxAgeSeconds * 1000,
  });
}

export function clearSession(req: Request, res: Response, publicUrl: string): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    path: PATH,
    secure: secure(req, publicUrl),
  });
}
