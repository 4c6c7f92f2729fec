import crypto from 'node:crypto';
import type { Request } from 'express';
import mongoose from 'mongoose';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { Feedback, FEEDBACK_STATUSES, type FeedbackDoc } from '../../models/feedback';
import { audit } from '../access';
import { Allowance } from '../allowance';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { publicRow } from '../public-view';
import {
  FeedbackDesk,
  feedbackFields,
  feedbackOut,
  feedbackSchema,
  publishedOut,
  publishedFeedbackSchema,
} from '../feedback';
import type { Api } from '../route';
import { idParams, listOf, objectId, pageQuery } from '../schemas';
import { parse } from '../validate';
import { assignmentFor } from './assignments';

const FEEDBACK_LIMITS = 'feedback_per_address';

const webhookPayload = z
  .strictObject({
    type: z.literal('feedback.created'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.strictObject(feedbackFields),
  })
  .meta({ id: 'JamoatfikriFeedback' });

const moderation = z
  .strictObject({
    decision: z.enum(['publish', 'hide']),
    reason: z.string().trim().min(3).max(1000).optional(),
  })
  .refine((m) => m.decision === 'publish' || m.reason, {
    message: 'say why the feedback is hidden',
    path: ['reason'],
  });

/** The signature headers as the library reads them (one value each). */
const signatureHeaders = (req: Request): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = req.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
};

/** Why a webhook was refused, in words an operator can act on. */
function refusal(err: WebhookVerificationError): HttpError {
  const stale = /timestamp too (old|new)/.test(err.message);
  return new HttpError(
    401,
    stale
      ? 'The webhook timestamp is more than 5 minutes from now: a replay, or a clock out of step.'
      : `The webhook signature does not verify (${err.message}).`,
  );
}

/**
 * Citizens' feedback: sent from the public pages or signed by jamoatfikri.uz, counted by the
 * assignment's workflow, moderated by its controller, and shown to the public once published.
 */
export function feedbackRoutes(api: Api, { config, temporal }: AppDeps): void {
  const desk = new FeedbackDesk(temporal, config.NEGATIVE_FEEDBACK_THRESHOLD);
  const secret = config.JAMOATFIKRI_WEBHOOK_SECRET;
  const webhook = secret ? new Webhook(secret) : undefined;
  let perAddress: Promise<Allowance> | undefined;
  const allowance = () =>
    (perAddress ??= (async () => {
      const db = mongoose.connection.db;
      if (!db) throw new Error('connect to MongoDB before taking feedback');
      await Allowance.prepare(db, FEEDBACK_LIMITS);
      return new Allowance(db, FEEDBACK_LIMITS, config.FEEDBACK_PER_HOUR, 3600);
    })());

  api.route(
    {
      method: 'post',
      path: '/public/feedback',
      summary: "A citizen's feedback on a public assignment (no sign-in; limited per address)",
      tag: 'public',
      auth: false,
      body: z.strictObject({
        ...feedbackFields,
        website: z
          .string()
          .max(200)
          .optional()
          .meta({ description: 'leave empty: a field people do not see, which robots fill' }),
      }),
      status: 201,
      response: z.object({ id: z.string(), status: z.literal('pending') }),
      errors: [404, 409, 429],
    },
    async ({ body: { website, ...input } }, req, res) => {
      // A robot filled the hidden field: it is answered as a person would be, and nothing is kept.
      if (website) return { id: crypto.randomBytes(12).toString('hex'), status: 'pending' };
      const wait = await (await allowance()).take(req.ip ?? 'unknown');
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        throw new HttpError(429, 'You have sent much feedback from this address; try later.');
      }
      const doc = await desk.fromPortal(input);
      return { id: String(doc._id), status: 'pending' };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/integrations/jamoatfikri/feedback',
      summary:
        'Feedback from jamoatfikri.uz, signed per Standard Webhooks (HMAC-SHA256 over id.timestamp.body, 5 minutes tolerance); one webhook id is taken once',
      tag: 'integrations',
      auth: false,
      bodies: { 'application/json': { schema: webhookPayload } },
      response: z.object({
        id: z.string(),
        status: z.enum(FEEDBACK_STATUSES),
        duplicate: z.boolean().meta({ description: 'this webhook id was taken before' }),
      }),
      errors: [401, 404, 409, 503],
    },
    async (_input, req) => {
      if (!webhook)
        throw new HttpError(
          503,
          'The jamoatfikri.uz integration is off: no webhook secret is set.',
        );
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const headers = signatureHeaders(req);
      try {
        webhook.verify(body, headers, { jsonParse: false });
      } catch (err) {
        if (err instanceof WebhookVerificationError) throw refusal(err);
        throw err;
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'The webhook body is not JSON.');
      }
      const payload = parse(webhookPayload, json);
      const { doc, duplicate } = await desk.fromWebhook(payload.data, {
        webhookId: headers['webhook-id'] as string,
        body,
      });
      return { id: String(doc._id), status: doc.status, duplicate };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/assignments/:id/feedback',
      summary: "Citizens' feedback on an assignment, newest first, for moderation",
      tag: 'assignments',
      params: idParams,
      query: z.strictObject({ status: z.enum(FEEDBACK_STATUSES).optional(), ...pageQuery }),
      response: listOf(feedbackSchema),
      errors: [404],
    },
    async ({ params, query }, req) => {
      await assignmentFor(req, params.id, 'assignment.read');
      const filter = { assignmentId: params.id, ...(query.status ? { status: query.status } : {}) };
      const [rows, total] = await Promise.all([
        Feedback.find(filter)
          .sort({ createdAt: -1 })
          .skip((query.page - 1) * query.limit)
          .limit(query.limit)
          .lean<FeedbackDoc[]>(),
        Feedback.countDocuments(filter),
      ]);
      return { items: rows.map(feedbackOut), total };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/assignments/:id/feedback/:feedbackId/moderation',
      summary:
        "The controller publishes a citizen's feedback to the public pages, or hides it with a reason",
      tag: 'assignments',
      params: idParams.extend({ feedbackId: objectId }),
      body: moderation,
      response: feedbackSchema,
      errors: [404, 409],
    },
    async ({ params, body }, req) => {
      await assignmentFor(req, params.id, 'assignment.control');
      const seen = await Feedback.findOne({
        _id: params.feedbackId,
        assignmentId: params.id,
      }).lean<FeedbackDoc>();
      if (!seen) throw new HttpError(404, 'No such feedback on this assignment.');
      const status = body.decision === 'publish' ? 'published' : 'hidden';
      if (seen.status === status) throw new HttpError(409, `The feedback is already ${status}.`);
      // Only from the status read: two moderators at once cannot both think they decided.
      const doc = await Feedback.findOneAndUpdate(
        { _id: seen._id, status: seen.status },
        {
          status,
          moderatedBy: req.user?.id,
          moderatedAt: new Date(),
          ...(body.reason ? { moderationReason: body.reason } : {}),
          ...(body.reason ? {} : { $unset: { moderationReason: 1 } }),
        },
        { new: true },
      ).lean<FeedbackDoc>();
      if (!doc) throw new HttpError(409, 'The feedback was moderated meanwhile; read it again.');
      await audit(req, {
        subject: `assignment:${params.id}`,
        action: `feedback.${body.decision}`,
        outcome: 'ok',
        detail: `${String(doc._id)}${body.reason ? `: ${body.reason}` : ''}`,
        before: { status: seen.status },
        after: { status },
      });
      return feedbackOut(doc);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/public/assignments/:id/feedback',
      summary: "Citizens' published feedback on a public assignment, newest first (no sign-in)",
      tag: 'public',
      auth: false,
      params: idParams,
      query: z.strictObject(pageQuery),
      response: listOf(publishedFeedbackSchema),
      errors: [404, 429],
    },
    async ({ params, query }, _req, res) => {
      // Like the assignment itself, its feedback is public only while the assignment is.
      if (!(await publicRow(params.id, { _id: 1 })))
        throw new HttpError(404, 'No such public assignment.');
      const filter = { assignmentId: params.id, status: 'published' as const };
      const [rows, total] = await Promise.all([
        Feedback.find(filter, { source: 1, text: 1, rating: 1, region: 1, createdAt: 1 })
          .sort({ createdAt: -1 })
          .skip((query.page - 1) * query.limit)
          .limit(query.limit)
          .lean<FeedbackDoc[]>(),
        Feedback.countDocuments(filter),
      ]);
      // Moderation changes it at any moment: caches keep it, but ask again (a 304 by its ETag).
      res.set('Cache-Control', 'public, no-cache');
      return {
        items: rows.map(publishedOut),
        total,
      };
    },
  );
}
