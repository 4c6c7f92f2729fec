/** A small client of Ijro's HTTP API for scripts: one signed-in user per instance. */
export class ApiClient {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  /** Calls `/api/v1<path>`; a problem answer becomes an error that names it. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await res.text();
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
