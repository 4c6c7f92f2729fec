import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs for machines; `LOG_PRETTY=1` (set by `npm run dev`) for people. */
export function createLogger(opts: { level: string; pretty?: boolean; name: string }): Logger {
  return pino({
    name: opts.name,
    level: opts.level,
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.passwordHash'],
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
