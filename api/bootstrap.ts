import crypto from 'node:crypto';
import { User } from '../models/user';
import type { Logger } from '../lib/logger';
import { hashPassword } from './passwords';
import { usersChanged } from './users';

/**
 * On first start with no admin, creates one from ADMIN_EMAIL/ADMIN_PASSWORD. Without a
 * configured password one is generated and printed once: it is not stored anywhere in clear.
 */
export async function ensureAdmin(opts: {
  email: string;
  password?: string;
  logger: Logger;
}): Promise<void> {
  if (await User.exists({ roles: 'admin' })) return;
  const password = opts.password ?? crypto.randomBytes(12).toString('base64url');
  try {
    const admin = await User.create({
      fullName: 'Administrator',
      email: opts.email,
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      locale: 'uz-Latn',
      passwordChangeDue: true,
    });
    await usersChanged([String(admin._id)]);
  } catch (err) {
    // Another API process created it first.
    if ((err as { code?: number }).code === 11000) return;
    throw err;
  }
  opts.logger.info({ email: opts.email }, 'created the first admin');
  if (!opts.password) {
    process.stdout.write(
      `\n  First admin created: ${opts.email}\n  Password (shown once, change it): ${password}\n\n`,
    );
  }
}
