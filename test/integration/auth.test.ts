import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { createApp } from '../../api/app';
import { ReadViews } from '../../api/views';
import { Tokens } from '../../api/auth';
import { LoginThrottle } from '../../api/login-throttle';
import { createLogger } from '../../lib/logger';
import { AuditEvent } from '../../models/audit';
import { RevokedToken } from '../../models/revoked-token';
import { User } from '../../models/user';
import { useStack } from '../support/stack';

// Low limits so the throttle is reached in a few requests.
const stack = useStack({ LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '8' });

/** Another API process on the same database, Temporal and secret, listening on its own port. */
async function secondApi(): Promise<Server> {
  const s = stack();
  const logger = createLogger({ name: 'second', level: 'silent' });
  const second = createApp({
    config: s.config,
    logger,
    temporal: s.env.client,
    temporalConnection: s.env.connection,
    tokens: new Tokens(s.secret, 60),
    throttle: await LoginThrottle.create(s.config),
    views: new ReadViews(logger),
  });
  return new Promise<Server>((resolve) => {
    const srv = second.listen(0, '127.0.0.1', () => resolve(srv));
  });
}
const PASSWORD = 'user-password-123';

// Each test signs in from an address of its own (the API trusts X-Forwarded-For from loopback,
// where a reverse proxy would be), so failures of one test do not block the next.

const me = (token: string) => stack().call('GET', '/api/v1/me', { token });
let ip = '';
beforeEach(() => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
});
const login = (email: string, password: string, headers = { 'x-forwarded-for': ip }) =>
  stack().call('POST', '/api/v1/auth/login', { body: { email, password }, headers });

describe('tokens', () => {
  const claims = (sub: string) => ({ ver: 0, sub, iss: 'ijro', aud: 'ijro-api', jti: 'x' });

  it('when the token is expired, then 401', async () => {
    const user = await stack().addUser(['observer']);
    const expired = jwt.sign(
      { ...claims(user.id), exp: Math.floor(Date.now() / 1000) - 60 },
      stack().secret,
      { algorithm: 'HS256' },
    );
    expect((await me(expired)).status).toBe(401);
    expect((await me(user.token)).status).toBe(200);
  });

  it('when the payload is tampered with, then 401', async () => {
    const victim = await stack().addUser(['admin']);
    const attacker = await stack().addUser(['observer']);
    const [header, , signature] = attacker.token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ ...claims(victim.id), exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url');
    expect((await me(`${header}.${payload}.${signature}`)).status).toBe(401);
  });

  it('when the token uses another algorithm or none, then 401', async () => {
    const user = await stack().addUser(['observer']);
    const exp = Math.floor(Date.now() / 1000) + 600;
    const hs512 = jwt.sign({ ...claims(user.id), exp }, stack().secret, { algorithm: 'HS512' });
    const none = jwt.sign({ ...claims(user.id), exp }, '', { algorithm: 'none' });
    expect((await me(hs512)).status).toBe(401);
    expect((await me(none)).status).toBe(401);
  });

  it('when the token was signed with another secret or for another audience, then 401', async () => {
    const user = await stack().addUser(['observer']);
    const other = new Tokens(crypto.randomBytes(32).toString('hex'), 5).sign(user.id, 0);
    const exp = Math.floor(Date.now() / 1000) + 600;
    const audience = jwt.sign({ ...claims(user.id), aud: 'elsewhere', exp }, stack().secret, {
      algorithm: 'HS256',
    });
    expect((await me(other)).status).toBe(401);
    expect((await me(audience)).status).toBe(401);
  });

  it('when a user signs out, then that token stops working and another session goes on', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const second = await stack().login(user.email, PASSWORD);
    const out = await stack().call('POST', '/api/v1/auth/logout', { token: user.token });
    expect(out.status).toBe(204);
    expect((await me(user.token)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
    expect(await RevokedToken.countDocuments()).toBeGreaterThanOrEqual(1);
    expect(
      await AuditEvent.exists({ subject: `user:${user.id}`, action: 'auth.logout', outcome: 'ok' }),
    ).toBeTruthy();
  });

  it('when an admin disables a user, then their tokens die and they cannot sign in', async () => {
    const admin = await stack().addUser(['admin']);
    const user = await stack().addUser(['observer']);
    const res = await stack().call('PATCH', `/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(res.status).toBe(200);
    expect((await me(user.token)).status).toBe(401);
    const again = await login(user.email, PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body.detail).toBe('The email or password is not correct.');
  });

  it('when an admin changes a user’s roles, then their old tokens die; a new sign-in carries the new roles', async () => {
    const admin = await stack().addUser(['admin']);
    const user = await stack().addUser(['observer']);
    await stack().call('PATCH', `/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { roles: ['controller'] },
    });
    expect((await me(user.token)).status).toBe(401);
    const fresh = await stack().login(user.email, PASSWORD);
    expect((await me(fresh)).body.roles).toEqual(['controller']);
  });

  it('when an admin changes only a user’s name, then their token keeps working', async () => {
    const admin = await stack().addUser(['admin']);
    const user = await stack().addUser(['observer']);
    await stack().call('PATCH', `/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { fullName: 'Yangi Ism' },
    });
    expect((await me(user.token)).body.fullName).toBe('Yangi Ism');
  });
});

describe('sign-in audit and throttling', () => {
  it('records successes and failures, the unknown email on a chain of its own', async () => {
    const user = await stack().addUser(['observer']);
    await login(user.email, 'wrong-password-1');
    await login('ghost@test.uz', 'wrong-password-1');
    const events = await AuditEvent.find({ subject: `user:${user.id}`, action: 'auth.login' })
      .sort({ seq: 1 })
      .lean();
    // addUser signed in once; then one failure.
    expect(events.map((e) => e.outcome)).toEqual(['ok', 'refused']);
    expect(events[1]).toMatchObject({ ip, actorId: null });
    expect(
      await AuditEvent.exists({ subject: 'login:ghost@test.uz', outcome: 'refused' }),
    ).toBeTruthy();
  });

  it('when an account fails 3 times, then the 4th attempt gets 429, even with the right password', async () => {
    const user = await stack().addUser(['observer']);
    for (let i = 0; i < 3; i++)
      expect((await login(user.email, 'wrong-password-x')).status).toBe(401);
    const blocked = await login(user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.detail).toMatch(/Too many sign-in attempts/);
  });

  it('when a success comes before the limit, then the account count starts again', async () => {
    const user = await stack().addUser(['observer']);
    for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password-x');
    expect((await login(user.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password-x');
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });

  it('counts failures in the database, so a second API process refuses the same account', async () => {
    const user = await stack().addUser(['observer']);
    const server = await secondApi();
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/auth/login`;
      const viaSecond = (password: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ email: user.email, password }),
        });
      await login(user.email, 'wrong-password-x');
      expect((await viaSecond('wrong-password-x')).status).toBe(401);
      await login(user.email, 'wrong-password-x');
      expect((await viaSecond(PASSWORD)).status).toBe(429);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a second API process', () => {
  it('refuses a token signed out or a user disabled through the first, at its next request', async () => {
    const s = stack();
    const server = await secondApi();
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
      const me = (token: string) =>
        fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });
      const leaving = await s.addUser(['observer']);
      const disabled = await s.addUser(['observer']);
      expect([(await me(leaving.token)).status, (await me(disabled.token)).status]).toEqual([
        200, 200,
      ]);
      const admin = await s.addUser(['admin']);
      const out = await s.call('POST', '/api/v1/auth/logout', { token: leaving.token });
      const off = await s.call('PATCH', `/api/v1/users/${disabled.id}`, {
        token: admin.token,
        body: { active: false },
      });
      expect([out.status, off.status]).toEqual([204, 200]);
      expect([(await me(leaving.token)).status, (await me(disabled.token)).status]).toEqual([
        401, 401,
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('per-address throttling', () => {
  it('when one address fails across many accounts, then it is blocked for every account, and only it', async () => {
    const user = await stack().addUser(['observer']);
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const statuses = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await login(`nobody-${i}@test.uz`, 'wrong-password-x', from)).status);
    }
    expect(statuses).toEqual([...Array(8).fill(401), 429]);
    expect((await login(user.email, PASSWORD, from)).status).toBe(429);
    const elsewhere = { 'x-forwarded-for': '198.51.100.9' };
    expect((await login(user.email, PASSWORD, elsewhere)).status).toBe(200);
  });
});

describe('the web app’s session cookie', () => {
  const session = (email: string, password: string) =>
    stack().call('POST', '/api/v1/auth/session', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });
  /** The cookie pair to send back, from a Set-Cookie header. */
  const pair = (setCookie: string | null) => (setCookie ?? '').split(';')[0] as string;
  const withCookie = (cookie: string, csrf = false) => ({
    cookie,
    ...(csrf ? { 'x-ijro-csrf': '1' } : {}),
  });

  it('signs in with a cookie the script cannot read, sent back only to the API, and no token in the answer', async () => {
    const user = await stack().addUser(['executor']);
    const res = await session(user.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: expect.objectContaining({ id: user.id }) });
    expect(JSON.stringify(res.body)).not.toMatch(/token/);
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^ijro_session=[\w.-]+;/);
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
    expect(set).toMatch(/; Path=\/api;/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const me = await stack().call('GET', '/api/v1/me', { headers: withCookie(pair(set)) });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('refuses a change made with the cookie but without the app’s header, and changes nothing', async () => {
    const user = await stack().addUser(['executor']);
    const cookie = pair((await session(user.email, PASSWORD)).headers.get('set-cookie'));
    const patch = (csrf: boolean) =>
      stack().call('PATCH', '/api/v1/me', {
        body: { locale: 'en' },
        headers: withCookie(cookie, csrf),
      });
    const refused = await patch(false);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/x-ijro-csrf/);
    expect((await User.findById(user.id).lean())?.locale).toBe('ru');
    expect((await patch(true)).status).toBe(200);
    expect((await User.findById(user.id).lean())?.locale).toBe('en');
  });

  it('refuses wrong credentials and malformed bodies without setting a cookie', async () => {
    const user = await stack().addUser(['executor']);
    const wrong = await session(user.email, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const malformed = await stack().call('POST', '/api/v1/auth/session', {
      body: { email: user.email },
      headers: { 'x-forwarded-for': ip },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('set-cookie')).toBeNull();
  });

  it('signs out: the cookie is cleared and its token refused from then on', async () => {
    const user = await stack().addUser(['executor']);
    const cookie = pair((await session(user.email, PASSWORD)).headers.get('set-cookie'));
    const out = await stack().call('POST', '/api/v1/auth/logout', {
      headers: withCookie(cookie, true),
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^ijro_session=;.*Expires=Thu, 01 Jan 1970/);
    const { jti } = jwt.decode(cookie.slice('ijro_session='.length)) as { jti: string };
    expect(await RevokedToken.exists({ _id: jti })).not.toBeNull();
    const after = await stack().call('GET', '/api/v1/me', { headers: withCookie(cookie) });
    expect(after.status).toBe(401);
  });

  it('lets a bearer header decide when both are sent: a bad header is refused whatever the cookie', async () => {
    const user = await stack().addUser(['executor']);
    const cookie = pair((await session(user.email, PASSWORD)).headers.get('set-cookie'));
    const res = await stack().call('GET', '/api/v1/me', {
      headers: { ...withCookie(cookie), authorization: 'Bearer not a token' },
    });
    expect(res.status).toBe(401);
  });
});
