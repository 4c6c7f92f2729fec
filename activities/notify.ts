import crypto from 'node:crypto';
import { trusted } from 'mongoose';
import type { Mailer } from '../lib/mailer';
import { NotificationModel } from '../models/notification';
import { Organization } from '../models/organization';
import { User, type Locale } from '../models/user';
import type { NotifyArgs, Recipients } from '../workflows/types';
import { render } from './templates';

/** Same key, same Message-ID: a relay or client that sees it twice can tell it is a retry. */
export const messageIdFor = (key: string): string =>
  `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}@ijro>`;

/** Active users addressed by id, by organization (executors, org heads, the head) or by role. */
async function recipientsOf(to: Recipients) {
  const any: Record<string, unknown>[] = [];
  const ids = [...(to.userIds ?? [])];
  if (to.orgIds?.length) {
    const orgIds = trusted({ $in: to.orgIds });
    any.push({ organizationId: orgIds, roles: trusted({ $in: ['executor', 'org_head'] }) });
    const heads = await Organization.find({ _id: orgIds }, { headUserId: 1 }).lean();
    ids.push(...heads.flatMap((o) => (o.headUserId ? [o.headUserId] : [])));
  }
  if (ids.length) any.push({ _id: trusted({ $in: ids }) });
  if (to.roles?.length) any.push({ roles: trusted({ $in: to.roles }) });
  if (!any.length) return [];
  return User.find({ $or: any, active: true }).sort({ _id: 1 }).lean();
}

/**
 * Sends one notification to each recipient through the outbox: a row per (key, recipient) is
 * written once and is also the in-app notification; a row marked sent is not mailed again. A
 * failed send is recorded and rethrown, so Temporal retries the activity with backoff.
 */
export function createNotify(mailer: Mailer) {
  return async function notify(args: NotifyArgs): Promise<void> {
    for (const user of await recipientsOf(args.to)) {
      const key = `${args.key}/${String(user._id)}`;
      const locale = user.locale as Locale;
      const { subject, body } = render(args.template, locale, args.params);
      await NotificationModel.updateOne(
        { _id: key },
        {
          $setOnInsert: {
            recipientId: String(user._id),
            template: args.template,
            locale,
            channels: ['email', 'in_app'],
            subject,
            body,
            subjectRef: args.subjectRef,
            messageId: messageIdFor(key),
          },
        },
        { upsert: true },
      );
      const row = await NotificationModel.findById(key).lean();
      if (!row || row.sentAt) continue;
      try {
        await mailer.send({
          to: user.email,
          subject: row.subject,
          text: row.body,
          messageId: row.messageId,
        });
      } catch (err) {
        await NotificationModel.updateOne(
          { _id: key },
          { $inc: { attempts: 1 }, $set: { lastError: (err as Error).message } },
        );
        throw err;
      }
      await NotificationModel.updateOne(
        { _id: key },
        { $inc: { attempts: 1 }, $set: { sentAt: new Date() } },
      );
    }
  };
}
