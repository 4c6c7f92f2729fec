import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { User, type Role } from '../models/user';
import { HttpError } from './errors';

const ISSUER = 'ijro';
const AUDIENCE = 'ijro-api';
const ALG = 'HS256';

export interface Principal {
  id: string;
  roles: Role[];
  organizationId: string | undefined;
  email: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: Principal;
  }
}

export class Tokens {
  constructor(
    private readonly secret: string,
    private readonly ttlMinutes: number,
  ) {}

  sign(userId: string, tokenVersion: number): string {
    return jwt.sign({ ver: tokenVersion }, this.secret, {
      algorithm: ALG,
      subject: userId,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.ttlMinutes * 60,
    });
  }

  /** The algorithm is pinned: a token signed any other way (or `none`) is refused. */
  verify(token: string): { sub: string; ver: number } {
    const payload = jwt.verify(token, this.secret, {
      algorithms: [ALG],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (
      typeof payload === 'string' ||
      typeof payload.sub !== 'string' ||
      typeof payload.ver !== 'number'
    ) {
      throw new Error('token claims missing');
    }
    return { sub: payload.sub, ver: payload.ver };
  }
}

const UNAUTHENTICATED =
  'Sign in first: send "Authorization: Bearer <token>" from POST /api/v1/auth/login.';

/** Resolves the bearer token to an active user whose token version still matches. */
export function authenticate(tokens: Tokens): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match?.[1]) throw new HttpError(401, UNAUTHENTICATED);
    let claims: { sub: string; ver: number };
    try {
      claims = tokens.verify(match[1]);
    } catch {
      throw new HttpError(401, 'The token is invalid or expired; sign in again.');
    }
    const user = await User.findById(claims.sub).lean();
    if (!user || !user.active || user.tokenVersion !== claims.ver) {
      throw new HttpError(401, 'The token is no longer valid; sign in again.');
    }
    req.user = {
      id: String(user._id),
      roles: user.roles as Role[],
      organizationId: user.organizationId ?? undefined,
      email: user.email,
    };
    next();
  };
}

export function principal(req: Request): Principal {
  if (!req.user) throw new HttpError(401, UNAUTHENTICATED);
  return req.user;
}

/** Role gate for routes; per-object checks come on top of it. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = principal(req);
    if (!user.roles.some((r) => roles.includes(r))) {
      throw new HttpError(403, `This action needs one of the roles: ${roles.join(', ')}.`);
    }
    next();
  };
}
