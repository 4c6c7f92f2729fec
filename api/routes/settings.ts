import { z } from 'zod';
import { formulaOf } from '../../lib/rating';
import type { AppDeps } from '../deps';
import type { Api } from '../route';

const settingsSchema = z
  .object({
    coDeadlineOffsetDays: z.number().int().meta({
      description: "working days before the lead's deadline that co-executors report by",
    }),
    reminderDays: z
      .array(z.number().int())
      .meta({ description: 'working days before a deadline that reminders go out' }),
    escalationDays: z
      .number()
      .int()
      .meta({ description: 'working days overdue before observers are told' }),
    attachmentMaxMb: z.number().int().meta({ description: 'the largest file an upload takes' }),
    rating: z
      .object({
        lateCredit: z.number(),
        penalties: z.object({
          overdueDay: z.number(),
          return: z.number(),
          extension: z.number(),
          violation: z.number(),
        }),
        bands: z.object({ green: z.number(), yellow: z.number() }),
      })
      .meta({ description: 'the discipline rating formula (docs/ratings.md)' }),
  })
  .meta({ id: 'Settings' });

/** The rules this installation runs by, so clients show what the server will do. */
export function settingsRoutes(api: Api, { config }: AppDeps): void {
  api.route(
    {
      method: 'get',
      path: '/settings',
      summary: 'The deadline and upload rules this installation is configured with',
      tag: 'settings',
      response: settingsSchema,
    },
    async () => ({
      coDeadlineOffsetDays: config.CO_DEADLINE_OFFSET_DAYS,
      reminderDays: config.REMINDER_DAYS,
      escalationDays: config.ESCALATION_DAYS,
      attachmentMaxMb: config.ATTACHMENT_MAX_MB,
      rating: formulaOf(config),
    }),
  );
}
