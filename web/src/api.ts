import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Assignment = components['schemas']['Assignment'];

/**
 * The API on the same origin, signed in by the session cookie. Every change carries the
 * header the API asks of cookie sessions (api/session.ts): another site cannot send it.
 */
export const api = createClient<paths>({ baseUrl: '/api/v1', credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET') request.headers.set('x-ijro-csrf', '1');
    return request;
  },
});

interface Problem {
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** A refusal as the API worded it (problem+json), shown next to what it is about. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The answer's data, or an ApiError with the API's own words. */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const p = (error ?? {}) as Partial<Problem>;
  throw new ApiError(response.status, p.detail ?? response.statusText, p.errors ?? []);
}
