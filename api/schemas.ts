import { z } from 'zod';
import { ASSIGNMENT_STATUSES } from '../models/assignment';
import { DOCUMENT_KINDS } from '../models/document';
import { ORG_TYPES } from '../models/organization';
import { LOCALES, MAIL_PREFERENCES, ROLES } from '../models/user';

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDate = z.iso.date();
export const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'must be a 24-character hex id');
export const idParams = z.strictObject({ id: objectId });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/** `{ items, total }`: total counts only what the caller may see. */
export const listOf = <S extends z.ZodType>(item: S) =>
  z.object({ items: z.array(item), total: z.number().int() });

/** When a stored record was made and last changed (ISO 8601, UTC). */
const timestamps = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          line: z.number().int().optional().meta({ description: 'line of an imported file' }),
          row: z
            .number()
            .int()
            .optional()
            .meta({ description: 'row of an imported spreadsheet, or item of a JSON array' }),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });

/** Documented as `z.email().max(254)` is, though it is trimmed and lowercased before the check. */
const emailJsonSchema: Record<string, unknown> = { ...z.toJSONSchema(z.email().max(254)) };
delete emailJsonSchema.$schema;
const email = z.string().trim().toLowerCase().pipe(z.email().max(254)).meta(emailJsonSchema);

/** A yes/no query parameter: `true`/`false` (also 1/0, yes/no, on/off, y/n, enabled/disabled). */
export const queryBool = z.stringbool().meta({
  enum: ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'y', 'n', 'enabled', 'disabled'],
});
const name = z.string().trim().min(1).max(300);
const password = z.string().min(12, 'must be at least 12 characters').max(1024);

// ---- organizations

export const organizationInputSchema = z.strictObject({
  name,
  names: z.strictObject({ uzCyrl: name.optional(), ru: name.optional() }).optional(),
  type: z.enum(ORG_TYPES),
  parentId: objectId.nullable().optional(),
  email: email.optional(),
  headUserId: objectId.nullable().optional(),
  officerUserId: objectId
    .nullable()
    .optional()
    .meta({ description: "answers for the organization's executions before its head does" }),
});
export const organizationPatchSchema = organizationInputSchema
  .partial()
  .extend({ active: z.boolean().optional() });

export const organizationSchema = z
  .object({
    id: objectId,
    name: z.string(),
    names: z.object({ uzCyrl: z.string().optional(), ru: z.string().optional() }).optional(),
    type: z.enum(ORG_TYPES),
    parentId: objectId.nullable(),
    ancestors: z.array(objectId),
    headUserId: objectId.nullable(),
    officerUserId: objectId.nullable().optional(),
    email: z.string().optional(),
    active: z.boolean(),
    ...timestamps,
  })
  .meta({ id: 'Organization' });

// ---- users

const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'each role only once')
  .meta({ uniqueItems: true });

export const userInputSchema = z.strictObject({
  fullName: name,
  email,
  password,
  organizationId: objectId.nullable().optional(),
  roles,
  locale: z.enum(LOCALES).default('uz-Latn'),
  mailPreference: z.enum(MAIL_PREFERENCES).default('digest').meta({
    description:
      'mail about assignments the person does not answer for: at once, in a daily digest, or none (in the app only)',
  }),
});
export const userPatchSchema = userInputSchema.partial().extend({
  active: z.boolean().optional(),
  locale: z.enum(LOCALES).optional(),
  mailPreference: z.enum(MAIL_PREFERENCES).optional(),
});
/** What a person changes in their own profile. */
export const profilePatchSchema = userPatchSchema
  .pick({ locale: true, mailPreference: true })
  .refine((p) => Object.keys(p).length > 0, 'name at least one of locale, mailPreference');

export const userSchema = z
  .object({
    id: objectId,
    fullName: z.string(),
    email: z.string(),
    organizationId: objectId.nullable().optional(),
    roles: z.array(z.enum(ROLES)),
    locale: z.enum(LOCALES),
    mailPreference: z.enum(MAIL_PREFERENCES).optional(),
    active: z.boolean(),
    passwordChangeDue: z
      .boolean()
      .optional()
      .meta({ description: 'someone else chose the password; its owner should choose their own' }),
    ...timestamps,
  })
  .meta({ id: 'User' });

export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: password,
});

// ---- documents and assignments

export const periodicitySchema = z
  .strictObject({
    every: z.enum(['month', 'quarter', 'year']),
    dueDay: z.number().int().min(1).max(28),
    until: isoDate,
  })
  .meta({
    description:
      'a report for every period, due by `dueDay` of the month after the period ends, until `until`',
  });

export const assignmentInputSchema = z
  .strictObject({
    clause: z.string().trim().min(1).max(50),
    text: z.string().trim().min(1).max(20_000),
    leadOrgId: objectId,
    coOrgIds: z.array(objectId).max(100).default([]),
    deadline: isoDate.optional().meta({ description: 'required unless `periodicity` is given' }),
    periodicity: periodicitySchema.optional(),
    public: z.boolean().default(false),
    controllerId: objectId.optional(),
    verificationChain: z
      .array(objectId)
      .min(1)
      .max(5)
      .optional()
      .meta({ description: 'reviewing controllers, level by level; default: the controller' }),
  })
  .superRefine((a, ctx) => {
    if (!a.deadline === !a.periodicity)
      ctx.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: 'give either a deadline or a periodicity, not both',
      });
  })
  .meta({ oneOf: [{ required: ['deadline'] }, { required: ['periodicity'] }] });

export const documentInputSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  number: z.string().trim().min(1).max(50),
  title: z.string().trim().min(1).max(1000),
  signedAt: isoDate,
  text: z.string().max(200_000).default(''),
  assignments: z.array(assignmentInputSchema).min(1).max(1000),
});
export type DocumentInput = z.infer<typeof documentInputSchema>;

export const cancelSchema = z.strictObject({ reason: z.string().trim().min(3).max(2000) });

/** What an organization was found to have done wrong by an on-site inspection. */
const violationSchema = z.object({
  organizationId: objectId,
  inspectionId: objectId,
  at: z.string(),
  referToProsecutor: z.boolean(),
});

export const assignmentSchema = z
  .object({
    id: objectId,
    documentId: objectId,
    clause: z.string(),
    text: z.string(),
    leadOrgId: objectId,
    coOrgIds: z.array(objectId),
    controllerId: objectId,
    deadline: isoDate,
    public: z.boolean(),
    status: z.enum(ASSIGNMENT_STATUSES),
    overdue: z.boolean(),
    overdueSince: isoDate.optional().meta({ description: 'the first overdue day, while overdue' }),
    overdueDays: z.number().int().optional(),
    escalated: z.boolean().optional().meta({ description: 'observers were told it is overdue' }),
    extensionPending: z.boolean().optional(),
    inspectionOpen: z.boolean().optional(),
    extensionsCount: z.number().int().optional(),
    verificationChain: z.array(objectId).optional(),
    executions: z
      .array(
        z.object({
          organizationId: objectId,
          role: z.enum(['lead', 'co']),
          deadline: isoDate,
          acknowledgedAt: z.string().optional(),
          acknowledgedBy: objectId.optional(),
          reportedAt: z.string().optional(),
          responsibleId: objectId
            .optional()
            .meta({ description: "the person answering for this organization's execution" }),
          responsibleBy: objectId.optional(),
          responsibleAt: z.string().optional(),
        }),
      )
      .optional(),
    reports: z
      .array(z.looseObject({ id: objectId, kind: z.string(), status: z.string() }))
      .optional(),
    extensionRequests: z.array(z.looseObject({ id: objectId, status: z.string() })).optional(),
    inspections: z.array(z.looseObject({ id: objectId, status: z.string() })).optional(),
    violations: z.array(violationSchema).optional(),
    feedback: z
      .object({
        received: z.number().int(),
        negative: z.number().int().meta({ description: 'ratings of 1 or 2' }),
        sinceInspection: z
          .number()
          .int()
          .meta({ description: 'negative feedback since the last inspection began' }),
        alerted: z.boolean().meta({
          description: 'negative feedback passed the threshold: an on-site inspection is advised',
        }),
        recent: z.array(z.string()).meta({
          description: 'the latest feedback ids counted (up to 100): one signalled again is not',
        }),
      })
      .optional()
      .meta({ description: "citizens' feedback as counted by the workflow" }),
    parentId: objectId.optional(),
    watcherOrgIds: z
      .array(objectId)
      .optional()
      .meta({ description: 'organizations that passed it down (they see it), root first' }),
    periodicity: periodicitySchema.optional(),
    period: z.string().optional().meta({ description: "a period's sub-assignment: its period" }),
    children: z
      .array(
        z.object({
          id: objectId,
          period: z.string().optional(),
          organizationId: objectId,
          deadline: isoDate,
          status: z.enum(ASSIGNMENT_STATUSES),
          overdue: z.boolean(),
        }),
      )
      .optional()
      .meta({ description: 'sub-assignments and their state (the roll-up)' }),
    cancelReason: z.string().optional(),
    acceptedAt: z.string().optional(),
    closedAt: z.string().optional(),
    closedBy: objectId.optional(),
    closeComment: z.string().optional(),
    createdAt: timestamps.createdAt.optional(),
    updatedAt: timestamps.updatedAt.optional(),
  })
  .meta({ id: 'Assignment' });

/** An assignment as lists show it: what a row displays and filters on. */
export const assignmentRowSchema = assignmentSchema
  .pick({
    id: true,
    documentId: true,
    clause: true,
    text: true,
    leadOrgId: true,
    coOrgIds: true,
    controllerId: true,
    deadline: true,
    public: true,
    status: true,
    overdue: true,
    overdueSince: true,
    overdueDays: true,
    escalated: true,
    acceptedAt: true,
    closedAt: true,
    extensionPending: true,
    inspectionOpen: true,
    extensionsCount: true,
    executions: true,
    parentId: true,
    watcherOrgIds: true,
    period: true,
    createdAt: true,
    updatedAt: true,
  })
  .meta({ id: 'AssignmentRow' });

export const overviewSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.object(
      Object.fromEntries(ASSIGNMENT_STATUSES.map((s) => [s, z.number().int()])) as Record<
        (typeof ASSIGNMENT_STATUSES)[number],
        z.ZodNumber
      >,
    ),
    overdue: z.number().int(),
    extensionPending: z.number().int(),
    inspectionOpen: z.number().int(),
    dueWithin7Days: z
      .number()
      .int()
      .meta({ description: 'in execution, not overdue, deadline within the next 7 days' }),
  })
  .meta({ id: 'Overview' });

/** One assignment with what only its own page shows: its history in brief and the roll-up. */
export const attachmentSchema = z
  .object({
    id: objectId,
    filename: z.string(),
    mime: z.string(),
    size: z.number().int(),
    sha256: z.string(),
  })
  .meta({ id: 'Attachment' });

export const assignmentDetailSchema = assignmentSchema
  .extend({
    timeline: z.array(
      z.object({
        action: z.string(),
        actorId: z.string().nullable(),
        at: z.iso.datetime(),
        detail: z.string().optional(),
      }),
    ),
    rollup: z
      .object({
        total: z.number().int(),
        done: z.number().int(),
        overdue: z.number().int(),
        cancelled: z.number().int(),
      })
      .meta({ description: 'sub-assignments: how many, done, overdue and cancelled' }),
    attachments: z.array(attachmentSchema).meta({
      description: "the files the reports cite, with their names (reports' attachmentIds)",
    }),
    publishedReportIds: z
      .array(z.string())
      .meta({ description: 'the reports whose text its controller published on the public pages' }),
  })
  .meta({ id: 'AssignmentDetail' });

export const documentSchema = z
  .object({
    id: objectId,
    kind: z.enum(DOCUMENT_KINDS),
    number: z.string(),
    title: z.string(),
    signedAt: isoDate,
    text: z.string(),
    status: z.enum(['active', 'repealed']),
    registeredBy: objectId,
    ...timestamps,
  })
  .meta({ id: 'Document' });

export const auditEventSchema = z
  .object({
    subject: z.string(),
    seq: z.number().int(),
    action: z.string(),
    outcome: z.enum(['ok', 'refused', 'failed']),
    actorId: z.string().nullable(),
    ip: z.string().nullable(),
    at: z.string(),
    detail: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    key: z.string().optional().meta({ description: 'what a retried writer appended it with' }),
    hash: z.string(),
    prevHash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export const chainVerdictSchema = z
  .object({
    subject: z.string(),
    valid: z.boolean(),
    events: z.number().int(),
    brokenAt: z.number().int().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'ChainVerdict' });
