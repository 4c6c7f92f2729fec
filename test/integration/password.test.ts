import { AuditEvent } from '../../models/audit';
import { IdempotencyRecord } from '../../models/idempotency';
import { User } from '../../models/user';
import { verifyPassword } from '../../api/passwords';
import { ADMIN, useStack } from '../support/stack';

// Low limits so the throttle is reached in a few requests.
const stack = useStack({ LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '8' });
const PASSWORD = 'user-password-123';
const NEW_PASSWORD = 'a-new-password-456';

const change = (auth: { token?: string; headers?: Record<string, string> }, body: unknown) =>
  stack().call('POST', '/api/v1/me/password', { ...auth, body });
const hashOf = async (id: string) =>
  (await User.findById(id).select('+passwordHash').lean())?.passwordHash ?? undefined;

describe('changing your own password', () => {
  it('asks for the current password, ends every other token, and gives the caller a new one', async () => {
    const user = await stack().addUser(['executor']);
    const other = await stack().login(user.email, PASSWORD);
    const res = await change(
      { token: user.token },
      {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      },
    );
    expect(res.status).toBe(200);
    expect(await verifyPassword(await hashOf(user.id), NEW_PASSWORD)).toBe(true);
    expect(res.body.user.passwordChangeDue).toBe(false);
    // The tokens held before, this one's included, are refused; the new one works.
    expect((await stack().call('GET', '/api/v1/me', { token: other })).status).toBe(401);
    expect((await stack().call('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
    const fresh = await stack().call('GET', '/api/v1/me', { token: res.body.token });
    expect(fresh.status).toBe(200);
    expect(
      await AuditEvent.exists({
        subject: `user:${user.id}`,
        action: 'user.password',
        outcome: 'ok',
      }),
    ).not.toBeNull();
  });

  it('keeps a web session signed in with a new cookie and no token in the answer', async () => {
    const user = await stack().addUser(['executor']);
    const signIn = await stack().call('POST', '/api/v1/auth/session', {
      body: { email: user.email, password: PASSWORD },
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const refused = await change(
      { headers: { cookie } },
      {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      },
    );
    expect(refused.status).toBe(403);
    expect(await verifyPassword(await hashOf(user.id), PASSWORD)).toBe(true);

    const res = await change(
      { headers: { cookie, 'x-ijro-csrf': '1' } },
      {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.token).toBeUndefined();
    const next = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(next).toMatch(/^ijro_session=[\w.-]+$/);
    expect((await stack().call('GET', '/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect((await stack().call('GET', '/api/v1/me', { headers: { cookie: next } })).status).toBe(
      200,
    );
  });

  it('refuses a wrong current password, a short new one and a malformed body, and changes nothing', async () => {
    const user = await stack().addUser(['executor']);
    const before = await hashOf(user.id);
    const wrong = await change(
      { token: user.token },
      {
        currentPassword: 'not-the-password',
        newPassword: NEW_PASSWORD,
      },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const short = await change(
      { token: user.token },
      { currentPassword: PASSWORD, newPassword: 'short' },
    );
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('newPassword');
    const extra = await change(
      { token: user.token },
      {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        roles: ['admin'],
      },
    );
    expect(extra.status).toBe(400);
    expect(await hashOf(user.id)).toBe(before);
    expect((await User.findById(user.id).lean())?.roles).toEqual(['executor']);
    expect(
      await AuditEvent.exists({
        subject: `user:${user.id}`,
        action: 'user.password',
        outcome: 'refused',
      }),
    ).not.toBeNull();
  });

  it('stops guessing the current password at the sign-in limit', async () => {
    const user = await stack().addUser(['executor']);
    const guesses = [];
    for (let i = 0; i < 4; i++)
      guesses.push(
        (
          await change(
            { token: user.token },
            { currentPassword: `guess-${i}`, newPassword: NEW_PASSWORD },
          )
        ).status,
      );
    expect(guesses).toEqual([400, 400, 400, 429]);
    const right = await change(
      { token: user.token },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    );
    expect(right.status).toBe(429);
    expect(await verifyPassword(await hashOf(user.id), PASSWORD)).toBe(true);
  });

  it('keeps no answer to replay: its token is never stored under an idempotency key', async () => {
    const user = await stack().addUser(['executor']);
    const before = await IdempotencyRecord.countDocuments();
    const res = await stack().call('POST', '/api/v1/me/password', {
      token: user.token,
      headers: { 'idempotency-key': 'change-1' },
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await IdempotencyRecord.countDocuments()).toBe(before);
  });

  it('tells the owner of a password someone else chose to choose their own', async () => {
    const admin = await stack().login(ADMIN.email, ADMIN.password);
    const created = await stack().call('POST', '/api/v1/users', {
      token: admin,
      body: {
        fullName: 'New Person',
        email: `new-${Date.now()}@test.uz`,
        password: PASSWORD,
        roles: ['observer'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.passwordChangeDue).toBe(true);
    const token = await stack().login(created.body.email, PASSWORD);
    const done = await change({ token }, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect((await User.findById(created.body.id).lean())?.passwordChangeDue).toBe(false);
  });
});
