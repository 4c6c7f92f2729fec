import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiContentObject,
  type ZodOpenApiMediaTypeObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import { policyOf } from './access';
import { authenticate, principal, type Tokens } from './auth';
import { HttpError } from './errors';
import { once } from './idempotency';
import type { Action } from './policy';
import { parse } from './validate';
import { problemSchema } from './schemas';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType;
type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteDef<B, Q, P> {
  method: Method;
  /** Express style, e.g. `/assignments/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** false for routes anyone may call; otherwise a valid token (bearer, or the web app's session cookie) is needed. */
  auth?: boolean;
  /** An action the caller must be allowed before the handler; per-object checks are the handler's. */
  action?: Action;
  body?: B;
  /** The request body is this media type as text (e.g. `text/csv`) instead of JSON. */
  bodyType?: string;
  /** The body is multipart/form-data with one binary `file` part, which the handler reads. */
  multipart?: boolean;
  /** False when the answer must not be kept to replay (it carries a token). */
  idempotent?: false;
  /** Bodies the handler reads itself, by media type: only described in the OpenAPI document. */
  bodies?: ZodOpenApiContentObject;
  query?: Q;
  params?: P;
  /** Success status (200 unless given) and the shape answered with it. */
  status?: number;
  response?: Schema;
  /** Answers the handler writes itself (files, streams), by media type: only described. */
  answers?: ZodOpenApiContentObject;
  /** Problem statuses a client should expect besides 400/401/403 on every guarded route. */
  errors?: number[];
}

export type Handler<B, Q, P> = (
  input: { body: Parsed<B>; query: Parsed<Q>; params: Parsed<P> },
  req: Request,
  res: Response,
) => Promise<unknown>;

function allowed(action: Action): RequestHandler {
  return async (req, _res, next) => {
    if (!(await policyOf(req)).can(action)) {
      const roles = principal(req).roles.join(', ');
      throw new HttpError(403, `Your roles (${roles}) do not allow ${action}.`);
    }
    next();
  };
}

export const fileUpload: ZodOpenApiMediaTypeObject = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary' } },
  },
};

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, '1–200 visible ASCII characters')
    .optional()
    .meta({
      description:
        'Repeat the request with the same key: nothing is done twice, the first answer comes back',
    }),
});

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * One place that registers a route with Express and describes it in the OpenAPI document,
 * so the document is generated from the same zod schemas that validate the requests.
 */
/**
 * JSON answers of POST actions may be made idempotent; uploads and streams are not, nor
 * anonymous calls (sign-in) and routes that opt out, whose answer — a token — must not be
 * kept to replay.
 */
const keyable = (def: {
  method: string;
  auth?: boolean;
  multipart?: boolean;
  idempotent?: false;
}) => def.method === 'post' && def.auth !== false && !def.multipart && def.idempotent !== false;

export class Api {
  readonly router = Router();
  private readonly paths: ZodOpenApiPathsObject = {};

  constructor(private readonly tokens: Tokens) {}

  route<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined>(
    def: RouteDef<B, Q, P>,
    handler: Handler<B, Q, P>,
  ): void {
    const guards: RequestHandler[] = [];
    if (def.auth !== false) guards.push(authenticate(this.tokens));
    if (def.action) guards.push(allowed(def.action));
    this.router[def.method](def.path, ...guards, async (req, res) => {
      const bodyType = def.multipart ? 'multipart/form-data' : def.bodyType;
      if (bodyType && !req.is(bodyType)) {
        throw new HttpError(415, `Send the body as ${bodyType}.`);
      }
      const input = {
        params: (def.params ? parse(def.params, req.params) : undefined) as Parsed<P>,
        query: (def.query ? parse(def.query, req.query) : undefined) as Parsed<Q>,
        body: (def.body ? parse(def.body, req.body ?? {}) : undefined) as Parsed<B>,
      };
      const status = def.status ?? 200;
      const key = req.get('idempotency-key');
      const keyed = keyable(def);
      if (keyed && key !== undefined && status !== 204) {
        const answer = await once(req, key, status, () => handler(input, req, res));
        if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
        res.status(answer.status).json(answer.body);
        return;
      }
      const result = await handler(input, req, res);
      if (!res.headersSent) res.status(status).json(result);
    });
    this.describe(def);
  }

  private describe<B, Q, P>(def: RouteDef<B, Q, P>): void {
    const problem = { 'application/problem+json': { schema: problemSchema } };
    // A body may be too large (413) or in a media type, charset or encoding not read (415).
    const takesBody = Boolean(def.body ?? def.bodies ?? def.multipart);
    const errorStatuses = [
      ...new Set([
        400,
        ...(def.auth === false ? [] : [401, 403]),
        ...(takesBody ? [413, 415] : []),
        ...(def.errors ?? []),
      ]),
    ].sort((x, y) => x - y);
    const op: ZodOpenApiOperationObject = {
      summary: def.summary,
      tags: [def.tag],
      ...(def.auth === false ? { security: [] } : {}),
      requestParams: {
        ...(def.params ? { path: def.params as never } : {}),
        ...(def.query ? { query: def.query as never } : {}),
        ...(keyable(def) ? { header: idempotencyHeader } : {}),
      },
      ...(def.body
        ? {
            requestBody: {
              required: true,
              content: {
                [def.bodyType ?? 'application/json']: { schema: def.body as unknown as Schema },
              },
            },
          }
        : {}),
      ...(def.multipart
        ? { requestBody: { required: true, content: { 'multipart/form-data': fileUpload } } }
        : {}),
      ...(def.bodies ? { requestBody: { required: true, content: def.bodies } } : {}),
      responses: {
        [String(def.status ?? 200)]: {
          description: 'Success',
          ...(def.response ? { content: { 'application/json': { schema: def.response } } } : {}),
          ...(def.answers ? { content: def.answers } : {}),
        },
        ...Object.fromEntries(
          errorStatuses.map((s) => [String(s), { description: 'Problem', content: problem }]),
        ),
      },
    };
    const path = toOpenApiPath(def.path);
    this.paths[path] = { ...this.paths[path], [def.method]: op };
  }

  /** The OpenAPI 3.1 document of every route registered so far. */
  openapi(base: string) {
    return createDocument({
      openapi: '3.1.0',
      info: {
        title: 'Ijro API',
        version: '1',
        description:
          'Execution discipline: assignments of head-of-state documents under control. ' +
          'Errors are RFC 9457 problem+json.',
      },
      servers: [{ url: base }],
      security: [{ bearer: [] }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      paths: this.paths,
    });
  }
}
