import crypto from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Mailer } from '../lib/mailer';
import { Digest, DigestItem } from '../models/digest';
import { NotificationModel } from '../models/notification';
import type { Locale } from '../models/user';
import type { Directory } from './directory';
import { messageIdFor } from './notify';
import { renderDigest } from './templates';

export interface DigestResult {
  /** People a digest was mailed to. */
  mailed: number;
  /** Notifications the digests carried. */
  carried: number;
}

/** Heartbeats when run by a worker; a plain call (a script, a test) has no context. */
function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Not in an activity.
  }
}

/**
 * Mails each person waiting for one their digest: the notifications queued for them since the
 * last one (DigestItem), oldest first, each with its link. The digest is written before it is
 * sent and named by what it carries, so a retry after a crash mails it at most once; then its
 * notifications are marked carried and leave the queue. Run daily by a Temporal Schedule
 * (api/digest-schedule.ts).
 */
export function createSendDigests(mailer: Mailer, directory: Directory, publicUrl?: string) {
  return async function sendDigests(): Promise<DigestResult> {
    const queue = await DigestItem.find({}).sort({ recipientId: 1, at: 1, _id: 1 }).lean();
    const byRecipient = new Map<string, string[]>();
    for (const item of queue) {
      const keys = byRecipient.get(item.recipientId) ?? [];
      keys.push(item._id);
      byRecipient.set(item.recipientId, keys);
    }
    const result: DigestResult = { mailed: 0, carried: 0 };
    for (const [recipientId, keys] of byRecipient) {
      heartbeat();
      const carried = await digestFor(recipientId, keys);
      if (carried) {
        result.mailed += 1;
        result.carried += carried;
      }
      await DigestItem.bulkWrite(keys.map((_id) => ({ deleteOne: { filter: { _id } } })));
    }
    return result;
  };

  /** Mails one person's digest unless it went already; answers how many notifications it carried. */
  async function digestFor(recipientId: string, keys: string[]): Promise<number> {
    const person = await directory.person(recipientId);
    // One by id each: the store answers `_id` lookups from its index, `$in` by a scan.
    const rows = await Promise.all(
      keys.map((k) =>
        NotificationModel.findById(k, { subject: 1, subjectRef: 1, digestedAt: 1 }).lean(),
      ),
    );
    const waiting = rows.filter((r) => r && !r.digestedAt) as NonNullable<(typeof rows)[0]>[];
    // Someone disabled meanwhile still has them in the app; nobody is mailed.
    if (!person || !waiting.length) return 0;
    const carries = waiting.map((r) => String(r._id));
    const id = `digest/${recipientId}/${crypto.createHash('sha256').update(carries.join('\n')).digest('hex').slice(0, 32)}`;
    const { subject, body } = renderDigest(
      person.locale as Locale,
      waiting.map((r) => ({
        subject: r.subject,
        ...(publicUrl && r.subjectRef ? { link: `${publicUrl}/assignments/${r.subjectRef}` } : {}),
      })),
    );
    await Digest.updateOne(
      { _id: id },
      {
        $setOnInsert: { recipientId, keys: carries, subject, body, messageId: messageIdFor(id) },
      },
      { upsert: true },
    );
    const digest = await Digest.findById(id).lean();
    if (digest && !digest.sentAt) {
      await mailer.send({
        to: person.email,
        subject: digest.subject,
        text: digest.body,
        messageId: digest.messageId,
      });
      await Digest.updateOne({ _id: id }, { $set: { sentAt: new Date() } });
    }
    const now = new Date();
    await NotificationModel.bulkWrite(
      carries.map((_id) => ({
        updateOne: { filter: { _id }, update: { $set: { digestedAt: now } } },
      })),
    );
    return carries.length;
  }
}
