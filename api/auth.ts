import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { currentViews } from './views';
import type { Role } from '../models/user';
import { HttpError } from './errors';
import { checkCsrf, sessionToken } from './session';

const ISSUER = 'ijro';
const AUDIENCE = 'ijro-api';
const ALG = 'HS256';

export interface Principal {
  id: string;
  roles: Role[];
  organizationId: string | undefined;
  email: string;
  /** The token's id and expiry, so signing out can revoke exactly this token. */
  tokenId: string;
  tokenExpiresAt: Date;
}

interface Claims {
  sub: string;
  ver: number;
  jti: string;
  exp: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: Principal;
  }
}

export class Tokens {
  /**
   * Made once: given the secret as a string, jsonwebtoken first tries it as a public key on
   * every call and fails, which took a quarter of the API's CPU per request.
   */
  private readonly secret: crypto.KeyObject;

  constructor(
    secret: string,
    private readonly ttlMinutes: number,
  ) {
    this.secret = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** How long a token (and the session cookie that carries one) lasts. */
  get maxAgeSeconds(): number {
    return this.ttlMinutes * 60;
  }

  sign(userId: string, tokenVersion: number): string {
    return jwt.sign({ ver: tokenVersion }, this.secret, {
      algorithm: ALG,
      jwtid: crypto.randomUUID(),
      subject: userId,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.maxAgeSeconds,
    });
  }

  /** The algorithm is pinned: a token signed any other way (or `none`) is refused. */
  verify(token: string): Claims {
    const payload = jwt.verify(token, this.secret, {
      algorithms: [ALG],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (
      typeof payload === 'string' ||
      typeof payload.sub !== 'string' ||
      typeof payload.ver !== 'number' ||
      typeof payload.jti !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      throw new Error('token claims missing');
    }
    return { sub: payload.sub, ver: payload.ver, jti: payload.jti, exp: payload.exp };
  }
}

const UNAUTHENTICATED =
  'Sign in first: send "Authorization: Bearer <token>" from POST /api/v1/auth/login, or sign in to the web app.';

/** The bearer token, or else the session cookie's (then with the CSRF check). */
function presentedToken(req: Request): string {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match?.[1]) throw new HttpError(401, UNAUTHENTICATED);
    return match[1];
  }
  const cookie = sessionToken(req);
  if (!cookie) throw new HttpError(401, UNAUTHENTICATED);
  checkCsrf(req);
  return cookie;
}

/**
 * Resolves the token to an active user whose token version still matches (disabling a user
 * or changing their roles bumps it) and who has not signed this token out.
 */
export function authenticate(tokens: Tokens): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = presentedToken(req);
    let claims: Claims;
    try {
      claims = tokens.verify(token);
    } catch {
      throw new HttpError(401, 'The token is invalid or expired; sign in again.');
    }
    const { people } = await currentViews(req);
    const user = people.user(claims.sub);
    if (!user || !user.active || user.tokenVersion !== claims.ver || people.isRevoked(claims.jti)) {
      throw new HttpError(401, 'The token is no longer valid; sign in again.');
    }
    req.user = {
      id: String(user._id),
      roles: user.roles as Role[],
      organizationId: user.organizationId ?? undefined,
      email: user.email,
      tokenId: claims.jti,
      tokenExpiresAt: new Date(claims.exp * 1000),
    };
    next();
  };
}

export function principal(req: Request): Principal {
  if (!req.user) throw new HttpError(401, UNAUTHENTICATED);
  return req.user;
}
