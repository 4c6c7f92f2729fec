import { trusted } from 'mongoose';
import { z } from 'zod';
import { NotificationModel, notificationIds } from '../../models/notification';
import { principal } from '../auth';
import { HttpError } from '../errors';
import { listPage } from '../list';
import type { Api } from '../route';
import { listOf, pageQuery, queryBool } from '../schemas';

const notificationSchema = z
  .object({
    id: z.string(),
    template: z.string(),
    subject: z.string(),
    body: z.string(),
    subjectRef: z.string().optional(),
    createdAt: z.string(),
    readAt: z.string().optional(),
  })
  .meta({ id: 'Notification' });

/** In-app notifications: the caller's own rows of the notification outbox. */
export function notificationRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/notifications',
      summary: 'My notifications, newest first',
      tag: 'notifications',
      query: z.strictObject({ ...pageQuery, unread: queryBool.optional() }),
      response: listOf(notificationSchema).extend({ unread: z.number().int() }),
    },
    async ({ query }, req) => {
      const recipientId = principal(req).id;
      const filter: Record<string, unknown> = { recipientId };
      if (query.unread) filter.readAt = trusted({ $exists: false });
      const [page, unread] = await Promise.all([
        listPage(NotificationModel, filter, { createdAt: -1, _id: -1 }, query),
        NotificationModel.countDocuments({ recipientId, readAt: trusted({ $exists: false }) }),
      ]);
      return { ...page, unread };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/notifications/:id/read',
      summary: 'Mark one of my notifications read',
      tag: 'notifications',
      params: z.strictObject({
        id: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,400}$/, 'a notification id as listed (base64url)')
          .meta({ description: 'the `id` of a row of GET /notifications' }),
      }),
      status: 204,
      errors: [404],
    },
    async ({ params }, req, res) => {
      const mine = { _id: notificationIds.key(params.id), recipientId: principal(req).id };
      const found = await NotificationModel.findOneAndUpdate(mine, {
        $set: { readAt: new Date() },
      });
      if (!found) throw new HttpError(404, 'No such notification of yours.');
      res.status(204).end();
    },
  );
}
