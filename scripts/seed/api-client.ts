import crypto from 'node:crypto';

const RETRIES = 4;
const sleep = (attempt: number) => new Promise((r) => setTimeout(r, 250 * 2 ** attempt));

/** A small client of Ijro's HTTP API for scripts: one signed-in user per instance. */
export class ApiClient {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  /**
   * Calls `/api/v1<path>`; a problem answer becomes an error that names it. A POST carries an
   * `Idempotency-Key` and is tried again with the same key when the connection fails, the
   * server answers 5xx or the first try is still running (409 with the key): the API runs it
   * once, however many tries reach it.
   */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const key = method === 'POST' ? crypto.randomUUID() : undefined;
    for (let attempt = 1; ; attempt++) {
      const last = attempt === RETRIES;
      let res: Response;
      try {
        res = await this.send(method, path, body, contentType, key);
      } catch (err) {
        if (!key || last) throw err;
        await sleep(attempt);
        continue;
      }
      const text = await res.text();
      const retry =
        key && (res.status >= 500 || (res.status === 409 && /still running/.test(text)));
      if (retry && !last) {
        await sleep(attempt);
        continue;
      }
      const parsed = text
        ? (JSON.parse(text) as T & { detail?: string; errors?: unknown })
        : ({} as T);
      if (!res.ok) {
        const problem = parsed as { detail?: string; errors?: unknown };
        throw new Error(
          `${method} ${path} → ${res.status}: ${problem.detail ?? text}` +
            (problem.errors ? ` ${JSON.stringify(problem.errors)}` : ''),
        );
      }
      return parsed;
    }
  }

  private send(
    method: string,
    path: string,
    body: unknown,
    contentType: string,
    key: string | undefined,
  ): Promise<Response> {
    return fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
  }

  /** Whether `GET /api/v1<path>` finds something: true on 2xx, false on 404, else an error. */
  async exists(path: string): Promise<boolean> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
    await res.arrayBuffer();
    if (res.ok || res.status === 404) return res.ok;
    throw new Error(`GET ${path} → ${res.status}`);
  }

  async login(email: string, password: string): Promise<ApiClient> {
    const { token } = await this.call<{ token: string }>('POST', '/auth/login', {
      email,
      password,
    });
    return new ApiClient(this.base, token);
  }
}
