import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 17:00');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/**
 * How much of an XLSX import is read, checked before and while it is unpacked (the zip itself
 * is at most 10 MB, but a crafted one unpacks to gigabytes).
 */
const xlsxLimits = {
  /** What all the workbook's parts may unpack to together. */
  XLSX_MAX_UNPACKED_MB: z.coerce.number().int().min(1).max(500).default(20),
  /** Rows read from its `document` and `assignments` sheets, blank ones included. */
  XLSX_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Values read: those sheets' filled cells, and the shared texts (each rich-text run one more). */
  XLSX_MAX_CELLS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
};

/** The discipline rating's score (docs/ratings.md); the defaults are `DEFAULT_FORMULA`'s. */
const ratingFormula = {
  RATING_LATE_CREDIT: z.coerce.number().min(0).max(1).default(0.5),
  RATING_PENALTIES: z
    .string()
    .default('overdueDay=1,return=5,extension=2,violation=10')
    .transform((v) =>
      Object.fromEntries(
        v.split(',').map((pair) => {
          const [key, value] = pair.split('=').map((s) => s.trim());
          return [key, value === undefined || value === '' ? NaN : Number(value)];
        }),
      ),
    )
    .pipe(
      z.strictObject(
        {
          overdueDay: z.number().min(0).max(100),
          return: z.number().min(0).max(100),
          extension: z.number().min(0).max(100),
          violation: z.number().min(0).max(100),
        },
        'must name overdueDay, return, extension and violation, like overdueDay=1,return=5,extension=2,violation=10',
      ),
    ),
  RATING_BANDS: z
    .string()
    .default('85,60')
    .transform((v) => v.split(',').map((n) => Number(n.trim())))
    .pipe(
      z
        .tuple([z.number().min(0).max(100), z.number().min(0).max(100)])
        .refine(([green, yellow]) => green > yellow, 'the green band must start above the yellow'),
    )
    .transform(([green, yellow]) => ({ green, yellow })),
};

// One schema for the whole environment (README "Configuration" documents each variable).
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('ijro'),
  TEMPORAL_TLS_CERT: optionalString,
  TEMPORAL_TLS_KEY: optionalString,
  TEMPORAL_TLS_CA: optionalString,
  TEMPORAL_API_KEY: optionalString,
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Ijro <no-reply@ijro.local>'),
  /** Where people open Ijro: mail links to its assignment pages (default http://localhost:PORT). */
  PUBLIC_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address like https://ijro.gov.uz' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  /** Local time (UTC+5) of the daily digest mail. */
  DIGEST_AT: clock.default('17:00'),
  /** Local time of the nightly check of the read views' counts against the read model. */
  RECONCILE_AT: clock.default('02:00'),
  /** Requests per minute one address may make to the public pages (`/public/…`). */
  PUBLIC_READS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Day of the week and local time the discipline report is mailed to observers. */
  DISCIPLINE_REPORT_AT: z
    .string()
    .regex(
      /^(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):[0-5]\d$/,
      'must be a day and a time like MON 09:00',
    )
    .default('MON 09:00'),
  ADMIN_EMAIL: z.email().default('admin@ijro.local'),
  ADMIN_PASSWORD: optionalString.pipe(
    z.string().min(12, 'must be at least 12 characters').optional(),
  ),
  JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  LOGIN_BLOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(200).default(20),
  ...xlsxLimits,
  ...ratingFormula,
  /** Workflows the worker keeps in memory between tasks (~0.7 MB each). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(600),
  REMINDER_DAYS: z
    .string()
    .default('10,5,3,1,0')
    .transform((v) => v.split(',').map((d) => Number(d.trim())))
    .pipe(z.array(z.number().int().min(0).max(60)).min(1)),
  CO_DEADLINE_OFFSET_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  ESCALATION_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url('must be comma-separated origins like https://ijro.example.uz'))),
  /** Standard Webhooks secret shared with jamoatfikri.uz (`whsec_` and base64); unset: webhook off. */
  JAMOATFIKRI_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ and at least 24 bytes in base64')
      .optional(),
  ),
  /** Feedback one address may send from the public pages per hour. */
  FEEDBACK_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Negative feedback (rating 1–2) since the last inspection that alerts the controller. */
  NEGATIVE_FEEDBACK_THRESHOLD: z.coerce.number().int().min(1).max(10_000).default(5),
  MONGODB_MAX_POOL: z.coerce.number().int().min(1).max(500).default(16),
  METRICS_TOKEN: optionalString,
  WORKER_METRICS_PORT: port.default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),
  EMBEDDED_TEMPORAL_PORT: port.optional(),
  EMBEDDED_TEMPORAL_UI_PORT: z.union([z.literal('off'), port]).default(8233),
  EMBEDDED_MONGODB_PORT: port.optional(),
  TEMPORAL_CLI_PATH: optionalString,
  TEMPORAL_TEST_SERVER_PATH: optionalString,
  FERRETDB_PATH: optionalString,
});

export type Config = z.infer<typeof schema> & { dataDir: string; publicUrl: string };
export type XlsxLimits = Pick<Config, keyof typeof xlsxLimits>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value fails with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    publicUrl: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`,
  };
}
