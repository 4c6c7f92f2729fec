import { STATUS_CODES } from 'node:http';
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

/** What the body parsers and the router say about a request they cannot read, in words. */
const REQUEST_PROBLEMS: Record<string, string> = {
  'entity.too.large': 'The request body is too large.',
  'entity.parse.failed': 'The request body is not valid JSON.',
  'encoding.unsupported':
    'The Content-Encoding is not supported; send the body as identity, gzip, deflate or br.',
  'charset.unsupported': 'The charset is not supported; send UTF-8.',
  'request.aborted': 'The request body ended before it was complete.',
  'request.size.invalid': 'The request body is not as long as its Content-Length says.',
  'parameters.too.many': 'The request has too many parameters.',
};

/**
 * A request the parsers or the router refused (http-errors with a 4xx status: a malformed
 * percent escape in the path, a body that does not inflate, an unknown encoding, …) is the
 * client's problem, whichever layer found it.
 */
function fromRequest(err: unknown): HttpError | undefined {
  const { status, statusCode, type } = (err ?? {}) as {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499) return undefined;
  if (err instanceof URIError) return new HttpError(400, 'The path has a malformed % escape.');
  const known = typeof type === 'string' ? REQUEST_PROBLEMS[type] : undefined;
  return new HttpError(code, known ?? 'The request body could not be read.');
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
    let http = err instanceof HttpError ? err : (fromTemporal(err) ?? fromRequest(err));
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
        title: TITLES[http.status] ?? STATUS_CODES[http.status] ?? 'Error',
        status: http.status,
        detail: http.detail,
        ...(http.errors ? { errors: http.errors } : {}),
      });
  };
}
