import crypto from 'node:crypto';
import type { Mailer } from '../lib/mailer';
import { NotificationModel } from '../models/notification';
import type { Locale } from '../models/user';
import type { NotifyArgs } from '../workflows/types';
import { createDirectory } from './directory';
import { render } from './templates';

/** Same key, same Message-ID: a relay or client that sees it twice can tell it is a retry. */
export const messageIdFor = (key: string): string =>
  `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}@ijro>`;

/**
 * Sends one notification to each recipient through the outbox: a row per (key, recipient) is
 * written once and is also the in-app notification; a row marked sent is not mailed again. A
 * failed send is recorded and rethrown, so Temporal retries the activity with backoff.
 */
export function createNotify(mailer: Mailer, directoryTtlMs = 0) {
  const recipientsOf = createDirectory(directoryTtlMs);
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
