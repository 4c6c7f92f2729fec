import { Router } from 'express';
import { z } from 'zod';
import { User } from '../../models/user';
import { authenticate, principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { verifyPassword } from '../passwords';
import { body } from '../validate';

const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(1024),
});

const BAD_CREDENTIALS = 'The email or password is not correct.';

export function authRoutes({ tokens }: AppDeps): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const { email, password } = body(req, loginSchema);
    const user = await User.findOne({ email }).select('+passwordHash');
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || !user.active) throw new HttpError(401, BAD_CREDENTIALS);
    const token = tokens.sign(String(user._id), user.tokenVersion);
    res.json({ token, user: user.toJSON() });
  });

  router.get('/me', authenticate(tokens), async (req, res) => {
    const user = await User.findById(principal(req).id);
    if (!user) throw new HttpError(401, 'The account no longer exists.');
    res.json(user.toJSON());
  });

  return router;
}
