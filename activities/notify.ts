import crypto from 'node:crypto';
import { appendChanges } from '../lib/change-log';
import type { Mailer } from '../lib/mailer';
import { NotificationModel } from '../models/notification';
import type { Locale } from '../models/user';
import type { NotifyArgs } from '../workflows/types';
import { Directory } from './directory';
import { render } from './templates';

/** Same key, same Message-ID: a relay or client that sees it twice can tell it is a retry. */
export const messageIdFor = (key: string): string =>
  `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}@ijro>`;

/**
 * Sends one notification to each recipient through the outbox: a row per (key, recipient) is
 * written once and is also the in-app notification; a row marked sent is not mailed again. A
 * failed send is recorded and rethrown, so Temporal retries the activity with backoff.
 *
 * The rows are written in one batch: an organization's notice reaches ~20 people, and one
 * round trip each made the outbox most of the worker's and the database's work. Each row is
 * still marked sent right after its mail, so a retry re-sends at most the one in flight.
 */
/** What the worker counts for Prometheus (worker/metrics.ts); nothing by default. */
export interface OutboxMetrics {
  written(rows: number): void;
  sent(): void;
  failed(): void;
}
const UNCOUNTED: OutboxMetrics = { written: () => {}, sent: () => {}, failed: () => {} };

export function createNotify(
  mailer: Mailer,
  directory = new Directory(),
  metrics: OutboxMetrics = UNCOUNTED,
) {
  return async function notify(args: NotifyArgs): Promise<void> {
    const people = await directory.recipientsOf(args.to);
    if (!people.length) return;
    const rows = people.map((user) => {
      const key = `${args.key}/${String(user._id)}`;
      const locale = user.locale as Locale;
      const { subject, body } = render(args.template, locale, args.params);
      return { key, user, subject, body, messageId: messageIdFor(key), locale };
    });
    const written = await NotificationModel.bulkWrite(
      rows.map((r) => ({
        updateOne: {
          filter: { _id: r.key },
          update: {
            $setOnInsert: {
              recipientId: String(r.user._id),
              template: args.template,
              locale: r.locale,
              channels: ['email', 'in_app'],
              subject: r.subject,
              body: r.body,
              subjectRef: args.subjectRef,
              messageId: r.messageId,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    // Every row, also those an earlier attempt wrote: it may have stopped before logging them.
    await appendChanges(
      rows.map((r) => ({ kind: 'notification', id: r.key, to: String(r.user._id) })),
    );
    // By id, not by index: FerretDB numbers the upserts among themselves, not among the batch.
    const fresh = new Set(Object.values(written.upsertedIds).map(String));
    metrics.written(fresh.size);
    for (const r of rows) {
      // A row that was already there comes from an earlier attempt: mail what it holds, once.
      const row = fresh.has(r.key) ? r : await NotificationModel.findById(r.key).lean();
      if (!row || ('sentAt' in row && row.sentAt)) continue;
      try {
        await mailer.send({
          to: r.user.email,
          subject: row.subject,
          text: row.body,
          messageId: row.messageId,
        });
      } catch (err) {
        metrics.failed();
        await NotificationModel.updateOne(
          { _id: r.key },
          { $inc: { attempts: 1 }, $set: { lastError: (err as Error).message } },
        );
        throw err;
      }
      await NotificationModel.updateOne(
        { _id: r.key },
        { $inc: { attempts: 1 }, $set: { sentAt: new Date() } },
      );
      metrics.sent();
    }
  };
}
