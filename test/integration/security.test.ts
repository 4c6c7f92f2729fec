import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditEvent } from '../../models/audit';
import { IdempotencyRecord } from '../../models/idempotency';
import { NotificationModel } from '../../models/notification';
import { ApiClient } from '../../scripts/seed/api-client';
import { useStack } from '../support/stack';

// The attacks of an afternoon, each kept as a regression test. Low sign-in limits, so a burst
// crosses them in one go.
const stack = useStack({ LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_IP: '20' });
const PASSWORD = 'user-password-123';
const pdf = () => Buffer.from(`%PDF-1.4\n${crypto.randomUUID()}\n%%EOF\n`);
const randomIp = () =>
  `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

async function upload(token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf())], { type: 'application/pdf' }), 'a.pdf');
  const res = await fetch(`${stack().base}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const download = (token: string, id: string) =>
  fetch(`${stack().base}/api/v1/attachments/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  }).then(async (res) => ({ status: res.status, body: await res.text() }));

const report = (token: string, assignmentId: string, attachmentIds: string[]) =>
  stack().call('POST', `/api/v1/assignments/${assignmentId}/reports`, {
    token,
    body: { kind: 'interim', text: 'Bajarildi', attachmentIds },
  });

describe('cross-organization file disclosure', () => {
  it('when B cites A’s upload, then the report is refused like a missing id, and B still cannot download it', async () => {
    const controller = await stack().addUser(['controller']);
    const [orgA, orgB] = [await stack().addOrg(), await stack().addOrg()];
    const owner = await stack().addUser(['executor'], orgA);
    const thief = await stack().addUser(['executor'], orgB);
    const foreign = await upload(owner.token);
    const missing = crypto.randomBytes(12).toString('hex');
    const { id } = await stack().addAssignment(controller.token, orgB);

    const cited = await report(thief.token, id, [foreign]);
    const unknown = await report(thief.token, id, [missing]);
    expect(cited.status).toBe(422);
    // Same words for an id that exists elsewhere and one that does not.
    expect(cited.body.detail).toBe(unknown.body.detail);
    expect(
      (await stack().call('GET', `/api/v1/assignments/${id}`, { token: thief.token })).body,
    ).toMatchObject({ reports: [] });
    expect((await download(thief.token, foreign)).status).toBe(404);
    expect(
      await AuditEvent.countDocuments({
        subject: `assignment:${id}`,
        action: 'report.cite',
        outcome: 'refused',
        actorId: thief.id,
      }),
    ).toBe(2);
  });

  it('when the assignment is closed to reports, then a foreign id and a missing id still get the same answer', async () => {
    const controller = await stack().addUser(['controller']);
    const [orgA, orgB] = [await stack().addOrg(), await stack().addOrg()];
    const owner = await stack().addUser(['executor'], orgA);
    const prober = await stack().addUser(['executor'], orgB);
    const foreign = await upload(owner.token);
    const { id } = await stack().addAssignment(controller.token, orgB);
    const cancel = await stack().call('POST', `/api/v1/assignments/${id}/cancel`, {
      token: controller.token,
      body: { reason: 'repealed' },
    });
    expect(cancel.status).toBe(200);

    const answers = await Promise.all(
      [foreign, crypto.randomBytes(12).toString('hex')].map((a) => report(prober.token, id, [a])),
    );
    expect(answers.map((a) => a.status)).toEqual([422, 422]);
    expect(answers[0]!.body.detail).toBe(answers[1]!.body.detail);
  });

  it('when a user cites their own upload, then the assignment’s readers may download it, and every download is audited', async () => {
    const controller = await stack().addUser(['controller']);
    const org = await stack().addOrg();
    const author = await stack().addUser(['executor'], org);
    const file = await upload(author.token);
    const { id } = await stack().addAssignment(controller.token, org);
    expect((await report(author.token, id, [file])).status).toBe(201);
    expect((await download(controller.token, file)).status).toBe(200);
    expect((await download(author.token, file)).status).toBe(200);
    const downloads = await AuditEvent.find({
      subject: `attachment:${file}`,
      action: 'attachment.download',
      outcome: 'ok',
    }).lean();
    expect(downloads.map((e) => e.actorId).sort()).toEqual([controller.id, author.id].sort());
  });
});

describe('sign-in throttling under parallel attempts', () => {
  const login = (email: string, password: string, ip: string) =>
    stack().call('POST', '/api/v1/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('when 40 attempts on one account arrive at once, the right password among them, then at most 5 are checked', async () => {
    const user = await stack().addUser(['observer']);
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 39 ? PASSWORD : `guess-${i}`));
    const statuses = (await Promise.all(guesses.map((p) => login(user.email, p, randomIp())))).map(
      (r) => r.status,
    );
    expect(count(statuses, 401) + count(statuses, 200)).toBeLessThanOrEqual(5);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(35);
    // The account stays closed to the right password until the block ends.
    expect((await login(user.email, PASSWORD, randomIp())).status).toBe(429);
  });

  it('when 80 attempts from one address arrive at once, then at most 20 are checked', async () => {
    const ip = randomIp();
    const statuses = (
      await Promise.all(
        Array.from({ length: 80 }, (_, i) => login(`nobody-${i}@test.uz`, 'guess', ip)),
      )
    ).map((r) => r.status);
    expect(count(statuses, 401)).toBeLessThanOrEqual(20);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(60);
  });

  it('the sign-in answer is never cached and never kept for replay', async () => {
    const user = await stack().addUser(['observer']);
    const before = await IdempotencyRecord.countDocuments();
    const res = await stack().call('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: { 'idempotency-key': crypto.randomUUID(), 'x-forwarded-for': randomIp() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await IdempotencyRecord.countDocuments()).toBe(before);
  });
});

describe('requests the parsers cannot read', () => {
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(stack().base + path, init).then(async (res) => ({
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: await res.text(),
    }));
  const json = { 'content-type': 'application/json' };

  it('a malformed percent escape in the path is a 400 problem, signed in or not', async () => {
    const admin = await stack().addUser(['admin']);
    const signedIn = { authorization: `Bearer ${admin.token}` };
    for (const headers of [{}, signedIn] as Record<string, string>[]) {
      const res = await raw('/api/v1/assignments/%E0%A4%A', { headers });
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(JSON.parse(res.body).detail).toMatch(/malformed % escape/);
    }
  });

  it('an unknown content-encoding is 415, a body that does not inflate 400', async () => {
    const body = JSON.stringify({ email: 'a@test.uz', password: 'x' });
    const unknown = await raw('/api/v1/auth/login', {
      method: 'POST',
      headers: { ...json, 'content-encoding': 'x-bogus' },
      body,
    });
    expect(unknown.status).toBe(415);
    expect(unknown.type).toContain('application/problem+json');
    const broken = await raw('/api/v1/auth/login', {
      method: 'POST',
      headers: { ...json, 'content-encoding': 'gzip' },
      body,
    });
    expect(broken.status).toBe(400);
    expect(broken.type).toContain('application/problem+json');
    const charset = await raw('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=x-unknown' },
      body,
    });
    expect(charset.status).toBe(415);
  });
});

describe('ids and rows as the API hands them out', () => {
  it('a notification id as listed is usable in a path as it is', async () => {
    const controller = await stack().addUser(['controller']);
    const org = await stack().addOrg();
    const executor = await stack().addUser(['executor'], org);
    await stack().addAssignment(controller.token, org);
    let listed: { id: string }[] = [];
    for (let i = 0; i < 100 && listed.length === 0; i++) {
      const res = await stack().call('GET', '/api/v1/notifications', { token: executor.token });
      listed = res.body.items;
      if (listed.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const [first] = listed;
    expect(first).toBeDefined();
    // The row is also the mail's outbox entry; its delivery fields are not shown.
    expect(Object.keys(first!).sort()).toEqual(
      ['body', 'createdAt', 'id', 'subject', 'subjectRef', 'template'].sort(),
    );
    const read = await stack().call('POST', `/api/v1/notifications/${first!.id}/read`, {
      token: executor.token,
    });
    expect(read.status).toBe(204);
    const row = await NotificationModel.findOne({ recipientId: executor.id }).lean();
    expect(row?.readAt).toBeInstanceOf(Date);
  });

  it('the documents list names no assignments; a document shows only those the caller may see', async () => {
    const controller = await stack().addUser(['controller']);
    const [orgA, orgB] = [await stack().addOrg(), await stack().addOrg()];
    const outsider = await stack().addUser(['executor'], orgB);
    const { documentId } = await stack().addAssignment(controller.token, orgA);
    const list = await stack().call('GET', '/api/v1/documents?limit=100', {
      token: outsider.token,
    });
    const row = list.body.items.find((d: { id: string }) => d.id === documentId);
    expect(row).toBeDefined();
    expect(row).not.toHaveProperty('assignmentIds');
    const one = await stack().call('GET', `/api/v1/documents/${documentId}`, {
      token: outsider.token,
    });
    expect(one.body).not.toHaveProperty('assignmentIds');
    expect(one.body.assignments).toEqual([]);
  });

  it('when an admin changes a user’s email, then the old token stops working', async () => {
    const admin = await stack().addUser(['admin']);
    const user = await stack().addUser(['observer']);
    const patched = await stack().call('PATCH', `/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { email: `${crypto.randomUUID()}@test.uz` },
    });
    expect(patched.status).toBe(200);
    expect((await stack().call('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
  });
});

describe('retries of Ijro’s own API client', () => {
  /** A proxy to the API that lets the first POST through but cuts the connection before its answer. */
  async function answerLostOnce(): Promise<{ base: string; close: () => Promise<void> }> {
    let cut = false;
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length'),
        ) as Record<string, string>;
        const body = req.method === 'POST' ? Buffer.concat(chunks) : undefined;
        void fetch(stack().base + req.url, { method: req.method, headers, body }).then(
          async (upstream) => {
            const text = await upstream.text();
            if (req.method === 'POST' && !cut) {
              cut = true;
              res.socket?.destroy();
              return;
            }
            res.writeHead(upstream.status, {
              'content-type': upstream.headers.get('content-type') ?? '',
            });
            res.end(text);
          },
        );
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return {
      base: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => proxy.close(() => resolve())),
    };
  }

  it('when the answer to a report is lost, then the client tries again with the same key and one report is filed', async () => {
    const controller = await stack().addUser(['controller']);
    const org = await stack().addOrg();
    const executor = await stack().addUser(['executor'], org);
    const { id } = await stack().addAssignment(controller.token, org);
    const proxy = await answerLostOnce();
    try {
      const client = new ApiClient(proxy.base, executor.token);
      const filed = await client.call<{ id: string }>('POST', `/assignments/${id}/reports`, {
        kind: 'interim',
        text: 'Bajarilmoqda',
      });
      const row = await stack().call('GET', `/api/v1/assignments/${id}`, {
        token: executor.token,
      });
      expect(row.body.reports.map((r: { id: string }) => r.id)).toEqual([filed.id]);
    } finally {
      await proxy.close();
    }
  });
});
