import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Mailer } from '../lib/mailer';
import { NotificationModel } from '../models/notification';
import { User, type Locale } from '../models/user';
import type { NotifyArgs } from '../workflows/types';
import { render } from './templates';

/** Same key, same Message-ID: a relay or client that sees it twice can tell it is a retry. */
export const messageIdFor = (key: string): string =>
  `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}@ijro>`;

/**
 * Sends one notification through the outbox: the row is written once per key, and a key
 * whose row is marked sent is not sent again. A failed send is recorded and rethrown, so
 * Temporal retries it with backoff.
 */
export function createNotify(mailer: Mailer) {
  return async function notify(args: NotifyArgs): Promise<void> {
    const user = await User.findById(args.recipientId).lean();
    if (!user) {
      throw ApplicationFailure.nonRetryable(`recipient ${args.recipientId} does not exist`);
    }
    const locale = user.locale as Locale;
    const { subject, body } = render(args.template, locale, args.params);
    await NotificationModel.updateOne(
      { _id: args.key },
      {
        $setOnInsert: {
          recipientId: args.recipientId,
          template: args.template,
          locale,
          channel: 'email',
          subject,
          body,
          subjectRef: args.subjectRef,
          messageId: messageIdFor(args.key),
        },
      },
      { upsert: true },
    );
    const row = await NotificationModel.findById(args.key).lean();
    if (!row || row.sentAt) return;
    try {
      await mailer.send({
        to: user.email,
        subject: row.subject,
        text: row.body,
        messageId: row.messageId,
      });
    } catch (err) {
      await NotificationModel.updateOne(
        { _id: args.key },
        { $inc: { attempts: 1 }, $set: { lastError: (err as Error).message } },
      );
      throw err;
    }
    await NotificationModel.updateOne(
      { _id: args.key },
      { $inc: { attempts: 1 }, $set: { sentAt: new Date() } },
    );
  };
}
