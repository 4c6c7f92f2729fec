import { AuditEvent } from '../../models/audit';
import { Organization } from '../../models/organization';
import { useStack } from '../support/stack';

const stack = useStack({
  CORS_ORIGINS: 'https://portal.ijro.uz',
  CO_DEADLINE_OFFSET_DAYS: '5',
  REMINDER_DAYS: '7,2,0',
  RATING_LATE_CREDIT: '0.25',
  RATING_PENALTIES: 'overdueDay=1,return=5,extension=2,violation=20',
  RATING_BANDS: '90,70',
});

describe('the API’s edges', () => {
  it('sends security headers on every answer', async () => {
    const res = await fetch(`${stack().base}/api/v1/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('tells signed-in clients the rules it is configured with (GET /settings)', async () => {
    const anonymous = await stack().call('GET', '/api/v1/settings');
    expect(anonymous.status).toBe(401);
    const { token } = await stack().addUser(['executor']);
    const res = await stack().call('GET', '/api/v1/settings', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      coDeadlineOffsetDays: 5,
      reminderDays: [7, 2, 0],
      escalationDays: 3,
      attachmentMaxMb: 20,
      rating: {
        lateCredit: 0.25,
        penalties: { overdueDay: 1, return: 5, extension: 2, violation: 20 },
        bands: { green: 90, yellow: 70 },
      },
    });
  });

  it('answers CORS only to configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack().base}/api/v1/organizations`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://portal.ijro.uz');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.ijro.uz');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses bodies over the limit with 413 problem+json', async () => {
    const admin = await stack().addUser(['admin']);
    const before = await Organization.countDocuments();
    const res = await stack().call('POST', '/api/v1/organizations', {
      token: admin.token,
      body: { name: 'x'.repeat(2_000_000), type: 'ministry' },
    });
    expect(res.status).toBe(413);
    expect(res.type).toContain('application/problem+json');
    expect(await Organization.countDocuments()).toBe(before);
  });

  it('closes NoSQL injection: operators in bodies and queries are refused, not run', async () => {
    const admin = await stack().addUser(['admin']);
    const login = await stack().call('POST', '/api/v1/auth/login', {
      body: { email: { $gt: '' }, password: { $gt: '' } },
    });
    expect(login.status).toBe(400);
    const list = await stack().call('GET', '/api/v1/users?role[$ne]=admin', { token: admin.token });
    expect(list.status).toBe(400);
    const audit = await stack().call('GET', '/api/v1/audit?subject[$regex]=.*', {
      token: admin.token,
    });
    expect(audit.status).toBe(400);
  });

  it('answers problem+json for unknown routes and bad JSON', async () => {
    const unknown = await stack().call('GET', '/api/v1/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: 'Not Found' });
    const res = await fetch(`${stack().base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves an OpenAPI 3.1 document generated from the zod schemas, and a browsable /api/docs', async () => {
    const doc = await stack().call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/auth/login',
      '/auth/logout',
      '/me',
      '/organizations',
      '/organizations/{id}',
      '/organizations/import',
      '/users',
      '/users/{id}',
      '/users/import',
      '/documents',
      '/assignments/{id}/history/verify',
      '/audit/verify',
    ]) {
      expect(paths).toContain(p);
    }
    const create = doc.body.paths['/organizations'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'type']));
    expect(schema.additionalProperties).toBe(false);
    expect(create.responses['403'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    expect(doc.body.paths['/auth/login'].post.security).toEqual([]);
    const ui = await fetch(`${stack().base}/api/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('when an assignment’s stored history is edited, then its verify endpoint says where', async () => {
    const controller = await stack().addUser(['controller']);
    const org = await stack().addOrg();
    const { id } = await stack().addAssignment(controller.token, org);
    const cancel = await stack().call('POST', `/api/v1/assignments/${id}/cancel`, {
      token: controller.token,
      body: { reason: 'Hujjat bekor qilindi' },
    });
    expect(cancel.status).toBe(200);
    const outsider = await stack().addUser(['executor'], await stack().addOrg());
    await stack().call('GET', `/api/v1/assignments/${id}`, { token: outsider.token });
    const history = await stack().call('GET', `/api/v1/assignments/${id}/history`, {
      token: controller.token,
    });
    expect(
      history.body.items.map((e: { action: string; outcome: string }) => [e.action, e.outcome]),
    ).toEqual([
      ['assignment.register', 'ok'],
      ['assignment.cancel', 'ok'],
      ['GET /assignments/:id', 'refused'],
    ]);
    const verify = () =>
      stack().call('GET', `/api/v1/assignments/${id}/history/verify`, { token: controller.token });
    expect((await verify()).body).toMatchObject({ valid: true, events: 3 });

    await AuditEvent.collection.updateOne(
      { subject: `assignment:${id}`, seq: 1 },
      { $set: { actorId: 'someone-else' } },
    );
    expect((await verify()).body).toMatchObject({
      valid: false,
      brokenAt: 1,
      reason: 'event 1 was altered after it was written',
    });
  });
});
