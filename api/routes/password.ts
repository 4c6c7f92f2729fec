import { z } from 'zod';
import { User } from '../../models/user';
import { audit } from '../access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { hashPassword, verifyPassword } from '../passwords';
import type { Api } from '../route';
import { passwordChangeSchema, userSchema } from '../schemas';
import { setSession } from '../session';
import { usersChanged } from '../users';

/**
 * A person changes their own password. The current one is asked for (a session left open on
 * a shared computer must not be enough) under the sign-in throttle, and every token they hold
 * stops working; the one making the change gets a fresh token, in the cookie when it came
 * by cookie, so the web app stays signed in.
 */
export function passwordRoutes(api: Api, { tokens, throttle, config }: AppDeps): void {
  api.route(
    {
      method: 'post',
      path: '/me/password',
      summary:
        'Change your own password; your other sessions and tokens end, this one gets a new token',
      tag: 'auth',
      body: passwordChangeSchema,
      idempotent: false,
      response: z.object({
        user: userSchema,
        token: z.string().optional().meta({ description: 'only to bearer-token callers' }),
      }),
      errors: [400, 429],
    },
    async ({ body }, req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      const me = principal(req);
      const subject = `user:${me.id}`;
      const ip = req.ip ?? 'unknown';
      const wait = await throttle.attempt(me.email, ip);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        throw new HttpError(429, 'Too many wrong passwords; try again later.');
      }
      const user = await User.findById(me.id).select('+passwordHash');
      if (!user) throw new HttpError(401, 'The account no longer exists.');
      if (!(await verifyPassword(user.passwordHash ?? undefined, body.currentPassword))) {
        await audit(req, { subject, action: 'user.password', outcome: 'refused' });
        throw new HttpError(400, 'The current password is not correct.', [
          { path: 'currentPassword', message: 'not your current password' },
        ]);
      }
      await throttle.succeeded(me.email, ip);
      user.set({
        passwordHash: await hashPassword(body.newPassword),
        passwordChangeDue: false,
        tokenVersion: user.tokenVersion + 1,
      });
      await user.save();
      await usersChanged([me.id]);
      await audit(req, { subject, action: 'user.password', outcome: 'ok' });
      const token = tokens.sign(me.id, user.tokenVersion);
      const json = user.toJSON();
      if (req.headers.authorization !== undefined) return { user: json, token };
      setSession(req, res, token, {
        maxAgeSeconds: tokens.maxAgeSeconds,
        publicUrl: config.publicUrl,
      });
      return { user: json };
    },
  );
}
