import { z } from 'zod';
import { NotificationModel, notificationIds } from '../../models/notification';
import { principal } from '../auth';
import { HttpError } from '../errors';
import { appendChanges } from '../../lib/change-log';
import { currentViews } from '../views';
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
      const views = await currentViews(req);
      const { keys, total, unread } = views.notifications.page(principal(req).id, query);
      // By `_id`, the one lookup the embedded store answers from an index; rows read before
      // and not read since are served as they were.
      const rows = await Promise.all(
        keys.map((key) =>
          views.notifications.rowFor(key, async () => {
            const found = await NotificationModel.findById(key);
            return found && { row: found.toJSON() as object, read: !!found.readAt };
          }),
        ),
      );
      return { items: rows.filter((r) => r !== undefined), total, unread };
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
      const key = notificationIds.key(params.id);
      const me = principal(req).id;
      // By `_id` alone, then checked: any other filter reads the whole outbox on FerretDB.
      const found = await NotificationModel.findById(key, { recipientId: 1, readAt: 1 }).lean();
      if (found?.recipientId !== me) throw new HttpError(404, 'No such notification of yours.');
      if (!found.readAt)
        await NotificationModel.updateOne({ _id: key }, { $set: { readAt: new Date() } });
      await appendChanges([{ kind: 'notification', id: key, to: me, read: true }]);
      res.status(204).end();
    },
  );
}
