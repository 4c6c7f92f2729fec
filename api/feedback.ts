import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { z } from 'zod';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  Feedback,
  FEEDBACK_SOURCES,
  FEEDBACK_STATUSES,
  type FeedbackDoc,
} from '../models/feedback';
import { feedbackSignal } from '../workflows/messages';
import { assignmentWorkflowId } from '../workflows/types';
import { HttpError } from './errors';
import { publicRow } from './public-view';
import { objectId } from './schemas';

/** What a citizen sends, from the public pages or through jamoatfikri.uz. */
export const feedbackFields = {
  assignmentId: objectId,
  text: z.string().trim().min(10, 'at least 10 characters').max(4000),
  rating: z.number().int().min(1).max(5).meta({ description: '1 (very bad) to 5 (very good)' }),
  region: z.string().trim().min(2).max(100).meta({ description: 'where the citizen lives' }),
};

export const feedbackSchema = z
  .object({
    id: z.string(),
    assignmentId: objectId,
    source: z.enum(FEEDBACK_SOURCES),
    text: z.string(),
    rating: z.number().int(),
    region: z.string(),
    status: z.enum(FEEDBACK_STATUSES),
    createdAt: z.iso.datetime(),
    moderatedBy: objectId.optional(),
    moderatedAt: z.iso.datetime().optional(),
    moderationReason: z.string().optional(),
  })
  .meta({ id: 'Feedback' });

/** The fields the public sees of published feedback: no moderation, nothing about the sender. */
export const publishedFeedbackSchema = feedbackSchema
  .pick({ id: true, source: true, text: true, rating: true, region: true, createdAt: true })
  .meta({ id: 'PublishedFeedback' });

export type FeedbackInput = z.infer<z.ZodObject<typeof feedbackFields>>;

/** A webhook's feedback gets an id made from the webhook id: its retries find the first one. */
const webhookFeedbackId = (webhookId: string) =>
  crypto.createHash('sha256').update(`jamoatfikri/${webhookId}`).digest('hex').slice(0, 24);

const bodyHashOf = (body: Buffer) => crypto.createHash('sha256').update(body).digest('hex');

/** The assignment feedback is about: public (else it does not exist for the citizen) and open. */
async function openPublicAssignment(id: string) {
  const row = await publicRow(id, { status: 1 });
  if (!row) throw new HttpError(404, 'No such public assignment.');
  if (row.status === 'closed' || row.status === 'cancelled')
    throw new HttpError(
      409,
      `The assignment is ${row.status}; feedback is taken while it is open.`,
    );
}

export interface Delivery {
  webhookId: string;
  body: Buffer;
}

/**
 * Stores a citizen's feedback and tells the assignment's workflow, which counts it. The row is
 * written first, so nothing the citizen sent is lost if Temporal is away: a webhook's retry
 * finds the row unsignalled and signals again (the workflow counts one id once).
 */
export class FeedbackDesk {
  constructor(
    private readonly temporal: Client,
    private readonly threshold: number,
  ) {}

  /** Feedback from the public pages. */
  async fromPortal(input: FeedbackInput): Promise<FeedbackDoc> {
    await openPublicAssignment(input.assignmentId);
    const doc = await Feedback.create({
      _id: new Types.ObjectId().toHexString(),
      ...input,
      source: 'portal',
    });
    try {
      return await this.signal(doc.toObject() as FeedbackDoc);
    } catch (err) {
      // The citizen is told it failed and may send again; no row is left uncounted.
      await Feedback.deleteOne({ _id: doc._id });
      throw err;
    }
  }

  /** Feedback delivered by jamoatfikri.uz: once per webhook id; `duplicate` when seen before. */
  async fromWebhook(
    input: FeedbackInput,
    delivery: Delivery,
  ): Promise<{ doc: FeedbackDoc; duplicate: boolean }> {
    const _id = webhookFeedbackId(delivery.webhookId);
    const bodyHash = bodyHashOf(delivery.body);
    const seen = await Feedback.findById(_id).lean<FeedbackDoc>();
    if (seen) return { doc: await this.again(seen, bodyHash), duplicate: true };
    await openPublicAssignment(input.assignmentId);
    try {
      const doc = await Feedback.create({
        _id,
        ...input,
        source: 'jamoatfikri',
        webhookId: delivery.webhookId,
        bodyHash,
      });
      return { doc: await this.signal(doc.toObject() as FeedbackDoc), duplicate: false };
    } catch (err) {
      // Two deliveries of one id at once: the other stored it.
      if ((err as { code?: number }).code !== 11000) throw err;
      const first = await Feedback.findById(_id).lean<FeedbackDoc>();
      if (!first) throw err;
      return { doc: await this.again(first, bodyHash), duplicate: true };
    }
  }

  /** A webhook id seen before: the same delivery again, or an id reused for other content. */
  private async again(seen: FeedbackDoc, bodyHash: string): Promise<FeedbackDoc> {
    if (seen.bodyHash !== bodyHash)
      throw new HttpError(409, 'This webhook id was delivered before with another body.');
    return seen.signalled ? seen : this.signal(seen);
  }

  private async signal(doc: FeedbackDoc): Promise<FeedbackDoc> {
    const handle = this.temporal.workflow.getHandle(assignmentWorkflowId(doc.assignmentId));
    try {
      await handle.signal(feedbackSignal, {
        feedbackId: String(doc._id),
        rating: doc.rating,
        threshold: this.threshold,
      });
    } catch (err) {
      // The workflow ended after the row was read: nothing will count the feedback.
      if (err instanceof WorkflowNotFoundError) {
        await Feedback.deleteOne({ _id: doc._id });
        throw new HttpError(409, 'The assignment is no longer open; feedback was not taken.');
      }
      throw err;
    }
    await Feedback.updateOne({ _id: doc._id }, { signalled: true });
    return { ...doc, signalled: true };
  }
}

/** A feedback row as the API answers it. */
export function feedbackOut(doc: FeedbackDoc) {
  const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : undefined);
  return {
    id: String(doc._id),
    assignmentId: doc.assignmentId,
    source: doc.source,
    text: doc.text,
    rating: doc.rating,
    region: doc.region,
    status: doc.status,
    createdAt: iso(doc.createdAt) as string,
    ...(doc.moderatedBy ? { moderatedBy: doc.moderatedBy } : {}),
    ...(doc.moderatedAt ? { moderatedAt: iso(doc.moderatedAt) } : {}),
    ...(doc.moderationReason ? { moderationReason: doc.moderationReason } : {}),
  };
}

/** What the public reads of published feedback (`publishedFeedbackSchema`). */
export function publishedOut(doc: FeedbackDoc) {
  const { id, source, text, rating, region, createdAt } = feedbackOut(doc);
  return { id, source, text, rating, region, createdAt };
}
