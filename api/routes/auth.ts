import type { Request, Response } from 'express';
import { trusted } from 'mongoose';
import { z } from 'zod';
import { User } from '../../models/user';
import { audit } from '../access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { verifyPassword } from '../passwords';
import type { Api } from '../route';
import { organizationSchema, profilePatchSchema, userSchema } from '../schemas';
import { usersChanged } from '../users';
import { Organization } from '../../models/organization';
import { appendChanges } from '../../lib/change-log';
import { RevokedToken } from '../../models/revoked-token';
import { CSRF_HEADER, clearSession, setSession } from '../session';

const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(1024),
});

const BAD_CREDENTIALS = 'The email or password is not correct.';

/**
 * Checks the credentials under the sign-in throttle, audits the attempt either way and
 * answers the signed-in user with a fresh token.
 */
async function signIn(
  { tokens, throttle }: Pick<AppDeps, 'tokens' | 'throttle'>,
  { email, password }: z.infer<typeof loginSchema>,
  req: Request,
  res: Response,
) {
  // The answer carries a token (in its body or a cookie): no cache or proxy may keep it.
  res.setHeader('Cache-Control', 'no-store');
  const ip = req.ip ?? 'unknown';
  const wait = await throttle.attempt(email, ip);
  if (wait > 0) {
    res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
    throw new HttpError(
      429,
      `Too many sign-in attempts; try again in ${Math.ceil(wait / 60_000)} minute(s).`,
    );
  }
  const user = await User.findOne({ email }).select('+passwordHash');
  const ok = await verifyPassword(user?.passwordHash ?? undefined, password);
  const subject = user ? `user:${String(user._id)}` : `login:${email}`;
  if (!user || !ok || !user.active) {
    await audit(req, {
      subject,
      action: 'auth.login',
      outcome: 'refused',
      actorId: null,
      detail: user && ok ? 'account disabled' : 'bad credentials',
    });
    throw new HttpError(401, BAD_CREDENTIALS);
  }
  await throttle.succeeded(email, ip);
  await audit(req, { subject, action: 'auth.login', outcome: 'ok', actorId: String(user._id) });
  return { token: tokens.sign(String(user._id), user.tokenVersion), user: user.toJSON() };
}

export function authRoutes(api: Api, deps: AppDeps): void {
  api.route(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in; answers a short-lived bearer token',
      tag: 'auth',
      auth: false,
      body: loginSchema,
      response: z.object({ token: z.string(), user: userSchema }),
      errors: [401, 429],
    },
    ({ body }, req, res) => signIn(deps, body, req, res),
  );

  api.route(
    {
      method: 'post',
      path: '/auth/session',
      summary: `Sign in to the web app: the token goes in an httpOnly, SameSite=Strict cookie; changes made with it send "${CSRF_HEADER}: 1"`,
      tag: 'auth',
      auth: false,
      body: loginSchema,
      response: z.object({ user: userSchema }),
      errors: [401, 429],
    },
    async ({ body }, req, res) => {
      const { token, user } = await signIn(deps, body, req, res);
      setSession(req, res, token, {
        maxAgeSeconds: deps.tokens.maxAgeSeconds,
        publicUrl: deps.config.publicUrl,
      });
      return { user };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/auth/logout',
      summary: "Sign out: this token (or the session cookie's) stops working at once",
      tag: 'auth',
      status: 204,
    },
    async (_input, req, res) => {
      const me = principal(req);
      await RevokedToken.updateOne(
        { _id: me.tokenId },
        { $setOnInsert: { expiresAt: me.tokenExpiresAt } },
        { upsert: true },
      );
      await appendChanges([{ kind: 'token', id: me.tokenId }]);
      await RevokedToken.deleteMany({ expiresAt: trusted({ $lt: new Date() }) });
      await audit(req, { subject: `user:${me.id}`, action: 'auth.logout', outcome: 'ok' });
      clearSession(req, res, deps.config.publicUrl);
      res.status(204).end();
    },
  );

  api.route(
    {
      method: 'get',
      path: '/me',
      summary: 'The signed-in user with roles and organization',
      tag: 'auth',
      response: userSchema.extend({ organization: organizationSchema.nullable() }),
    },
    async (_input, req) => {
      const user = await User.findById(principal(req).id);
      if (!user) throw new HttpError(401, 'The account no longer exists.');
      const org = user.organizationId ? await Organization.findById(user.organizationId) : null;
      return { ...user.toJSON(), organization: org?.toJSON() ?? null };
    },
  );

  api.route(
    {
      method: 'patch',
      path: '/me',
      summary:
        'Change your own profile: the language of the app and mail, and how mail reaches you',
      tag: 'auth',
      body: profilePatchSchema,
      response: userSchema,
    },
    async ({ body }, req) => {
      const me = principal(req).id;
      const user = await User.findById(me);
      if (!user) throw new HttpError(401, 'The account no longer exists.');
      user.set(body);
      await user.save();
      await usersChanged([me]);
      await audit(req, {
        subject: `user:${me}`,
        action: 'user.profile',
        outcome: 'ok',
        detail: Object.keys(body).join(','),
      });
      return user.toJSON();
    },
  );
}
