import crypto from 'node:crypto';
import { appendChanges } from '../lib/change-log';
import type { Mailer } from '../lib/mailer';
import { AssignmentModel } from '../models/assignment';
import { DigestItem } from '../models/digest';
import { NotificationModel } from '../models/notification';
import type { Locale } from '../models/user';
import type { NotifyArgs } from '../workflows/types';
import { Directory, type Delivery } from './directory';
import { render } from './templates';

/** Same key, same Message-ID: a relay or client that sees it twice can tell it is a retry. */
export const messageIdFor = (key: string): string =>
  `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}@ijro>`;

/** What the worker counts for Prometheus (worker/metrics.ts); nothing by default. */
export interface OutboxMetrics {
  written(rows: number): void;
  sent(): void;
  failed(): void;
}
const UNCOUNTED: OutboxMetrics = { written: () => {}, sent: () => {}, failed: () => {} };

export interface NotifyOptions {
  directory?: Directory;
  metrics?: OutboxMetrics;
  /** Where the web UI is: mail links to `<publicUrl>/assignments/<id>`. */
  publicUrl?: string;
}

/** The assignment a notification is about: its document and the people named responsible. */
async function aboutAssignment(id: string | undefined) {
  const row = id
    ? await AssignmentModel.findById(id, { documentId: 1, executions: 1 }).lean()
    : null;
  const responsible = new Map<string, string>();
  for (const e of (row?.executions ?? []) as { organizationId?: string; responsibleId?: string }[])
    if (e.organizationId && e.responsibleId) responsible.set(e.organizationId, e.responsibleId);
  return { documentId: row?.documentId, responsible };
}

/**
 * Sends one notification through the outbox: a row per (key, recipient) is written once and
 * is also the in-app notification, so everyone concerned sees it in the app. Mail goes as
 * each row's delivery says (Directory.audience): at once, in the recipient's daily digest
 * (queued here, sent by `sendDigests`), or not at all. A row marked sent is not mailed again;
 * a failed send is recorded and rethrown, so Temporal retries the activity with backoff.
 *
 * The rows are written in one batch: an organization's notice reaches ~20 people, and one
 * round trip each made the outbox most of the worker's and the database's work. Each row is
 * still marked sent right after its mail, so a retry re-sends at most the one in flight.
 */
export function createNotify(mailer: Mailer, opts: NotifyOptions = {}) {
  const directory = opts.directory ?? new Directory();
  const metrics = opts.metrics ?? UNCOUNTED;
  return async function notify(args: NotifyArgs): Promise<void> {
    const about = await aboutAssignment(args.subjectRef);
    const audience = await directory.audience(args.to, about.responsible);
    if (!audience.length) return;
    const doc = about.documentId ? await directory.documentName(about.documentId) : undefined;
    const params = {
      ...args.params,
      ...(doc ? { document: doc.full, documentRef: doc.short } : {}),
      ...(opts.publicUrl && args.subjectRef
        ? { link: `${opts.publicUrl}/assignments/${args.subjectRef}` }
        : {}),
    };
    const rows = audience.map(({ person, delivery }) => {
      const key = `${args.key}/${person._id}`;
      const locale = person.locale as Locale;
      const { subject, body } = render(args.template, locale, params);
      return { key, person, delivery, subject, body, messageId: messageIdFor(key), locale };
    });
    const written = await NotificationModel.bulkWrite(
      rows.map((r) => ({
        updateOne: {
          filter: { _id: r.key },
          update: {
            $setOnInsert: {
              recipientId: r.person._id,
              template: args.template,
              locale: r.locale,
              channels: r.delivery === 'none' ? ['in_app'] : ['email', 'in_app'],
              delivery: r.delivery,
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
    await appendChanges(rows.map((r) => ({ kind: 'notification', id: r.key, to: r.person._id })));
    // By id, not by index: FerretDB numbers the upserts among themselves, not among the batch.
    const fresh = new Set(Object.values(written.upsertedIds).map(String));
    metrics.written(fresh.size);
    // A row that was already there comes from an earlier attempt: it says how it goes, once.
    const stored = await Promise.all(
      rows.map((r) => (fresh.has(r.key) ? r : NotificationModel.findById(r.key).lean())),
    );
    const due = rows.flatMap((r, i) => {
      const row = stored[i];
      if (!row) return [];
      const {
        delivery = 'immediate',
        sentAt,
        digestedAt,
      } = row as {
        delivery?: Delivery;
        sentAt?: Date;
        digestedAt?: Date;
      };
      return sentAt || digestedAt || delivery === 'none' ? [] : [{ ...r, delivery, row }];
    });
    await queueForDigest(due.filter((r) => r.delivery === 'digest'));
    for (const { key, person, row } of due.filter((r) => r.delivery === 'immediate')) {
      try {
        await mailer.send({
          to: person.email,
          subject: row.subject,
          text: row.body,
          messageId: row.messageId,
        });
      } catch (err) {
        metrics.failed();
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
      metrics.sent();
    }
  };
}

async function queueForDigest(rows: { key: string; person: { _id: string } }[]): Promise<void> {
  if (!rows.length) return;
  const at = new Date();
  await DigestItem.bulkWrite(
    rows.map((r) => ({
      updateOne: {
        filter: { _id: r.key },
        update: { $setOnInsert: { recipientId: r.person._id, at } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}
