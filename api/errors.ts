import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { appendAudit } from '../lib/audit';
import type { Logger } from '../lib/logger';
import { REFUSAL } from '../workflows/types';

export interface FieldError {
  path: string;
  message: string;
  /** The line of an imported file the problem is on. */
  line?: number;
  /** The row of an imported spreadsheet (or item of a JSON array, from 1) the problem is on. */
  row?: number;
}

/** The one error type routes throw: an HTTP status, a detail a person can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** The audit chain a refusal is written to (`assignment:<id>`, …). */
    readonly subject?: string,
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Temporal's refusals become HTTP ones: unknown workflow → 404, validator refusal → 409/422. */
function fromTemporal(err: unknown): HttpError | undefined {
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'No such assignment.');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const statuses: Record<string, number> = {
      [REFUSAL.state]: 409,
      [REFUSAL.input]: 422,
      [REFUSAL.forbidden]: 403,
    };
    const status = statuses[err.cause.type ?? ''] ?? 422;
    return new HttpError(status, err.cause.message);
  }
  return undefined;
}

export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, `No route for ${req.method} ${req.path}.`);
};

/** Refused accesses are audited: every 403, and 404s that hide an object from the caller. */
async function auditRefusal(http: HttpError, req: Request, logger: Logger): Promise<void> {
  if (http.status !== 403 && !(http.status === 404 && http.subject)) return;
  const actorId = req.user?.id ?? null;
  try {
    await appendAudit({
      subject: http.subject ?? `user:${actorId}`,
      action: `${req.method} ${req.route?.path ?? req.path}`,
      outcome: 'refused',
      actorId,
      ip: req.ip ?? null,
      detail: http.detail,
    });
  } catch (err) {
    logger.error({ err }, 'could not audit a refused access');
  }
}

/** RFC 9457 problem+json for every error; unexpected ones are logged and hidden. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return async (err: unknown, req, res, _next) => {
    let http = err instanceof HttpError ? err : fromTemporal(err);
    const bodyErr = err as { type?: string; status?: number };
    if (!http && bodyErr.type === 'entity.too.large')
      http = new HttpError(413, 'The request body is too large.');
    if (!http && bodyErr.type === 'entity.parse.failed')
      http = new HttpError(400, 'The request body is not valid JSON.');
    if (!http) {
      logger.error({ err, url: req.originalUrl }, 'unhandled error');
      http = new HttpError(500, 'Something went wrong on our side; it has been logged.');
    }
    await auditRefusal(http, req, logger);
    res
      .status(http.status)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: TITLES[http.status] ?? 'Error',
        status: http.status,
        detail: http.detail,
        ...(http.errors ? { errors: http.errors } : {}),
      });
  };
}
