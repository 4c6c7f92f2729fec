import crypto from 'node:crypto';
import { trusted } from 'mongoose';
import { createLogger } from '../../lib/logger';
import { appendChanges, ChangeAppender, logTail, readChange } from '../../lib/change-log';
import { AssignmentModel } from '../../models/assignment';
import { Change } from '../../models/change';
import { DocumentModel } from '../../models/document';
import { NotificationModel, notificationIds } from '../../models/notification';
import { waitUntil } from '../../lib/net';
import { ReadViews } from '../../api/views';
import { addDays } from '../../workflows/calendar';
import { localDate } from '../../workflows/timers';
import { useStack } from '../support/stack';

/**
 * Lists, counts and the organization tree are answered from memory (api/views). These tests
 * hold them to the database: what a list or a count answers is what a query of the stored
 * rows gives, for every filter and every reach, also right after a write made elsewhere.
 */
const stack = useStack();
type Caller = { id: string; token: string };
let orgs: { M: string; S: string; O: string };
let people: {
  executorS: Caller;
  headM: Caller;
  headO: Caller;
  controller: Caller;
  observer: Caller;
};
let documentId: string;

const get = (who: Caller, path: string) =>
  stack().call('GET', `/api/v1${path}`, { token: who.token });
const today = localDate(Date.now());

beforeAll(async () => {
  const s = stack();
  const M = await s.addOrg(undefined, 'Moliya vazirligi');
  const S = await s.addOrg(M, 'Hududiy boshqarma');
  const O = await s.addOrg(undefined, 'Boshqa vazirlik');
  orgs = { M, S, O };
  people = {
    executorS: await s.addUser(['executor'], S),
    headM: await s.addUser(['org_head'], M),
    headO: await s.addUser(['org_head'], O),
    controller: await s.addUser(['controller']),
    observer: await s.addUser(['observer']),
  };
  await s.addUser(['executor'], M);
  await s.addUser(['executor'], O);
  const rows = [
    { clause: '1', text: 'Hisobot tayyorlash va monitoring', leadOrgId: M, deadline: '2027-03-01' },
    { clause: '2', text: 'Отчёт о мониторинге', leadOrgId: S, deadline: '2027-01-15' },
    { clause: '3', text: 'Ҳисобот тайёрлаш', leadOrgId: S, coOrgIds: [O], deadline: '2026-12-21' },
    { clause: '4', text: 'Report on roads', leadOrgId: O, deadline: '2027-06-30' },
    {
      clause: '5',
      text: 'Yo‘llarni ta’mirlash',
      leadOrgId: O,
      coOrgIds: [S],
      deadline: '2026-01-12',
    },
    { clause: '6', text: 'Monitoring of prices', leadOrgId: M, deadline: '2027-02-01' },
  ];
  const res = await s.call('POST', '/api/v1/documents', {
    token: people.controller.token,
    body: {
      kind: 'PQ',
      number: 'PQ-4100',
      title: 'Nazorat',
      signedAt: '2026-01-05',
      assignments: rows,
    },
  });
  expect(res.status).toBe(201);
  documentId = res.body.id;
});

type Row = { id: string; leadOrgId: string; coOrgIds: string[]; watcherOrgIds: string[] };

/** What the list should hold, worked out from the stored rows by brute force. */
async function expected(
  reach: string[] | 'all',
  keep: (r: Row & Record<string, unknown>) => boolean,
) {
  const all = (await AssignmentModel.find().lean()) as unknown as (Row & Record<string, unknown>)[];
  return all
    .map((r) => ({ ...r, id: String(r._id) }))
    .filter(
      (r) =>
        reach === 'all' ||
        [r.leadOrgId, ...r.coOrgIds, ...r.watcherOrgIds].some((o) => reach.includes(o)),
    )
    .filter(keep)
    .map((r) => r.id)
    .sort();
}

describe('assignment lists from memory', () => {
  it('for every filter and every reach, answer the rows and the total the database holds', async () => {
    const { M, S, O } = orgs;
    const reaches: [Caller, string[] | 'all'][] = [
      [people.executorS, [S]],
      [people.headM, [M, S]],
      [people.headO, [O]],
      [people.controller, 'all'],
      [people.observer, 'all'],
    ];
    const filters: [string, (r: Record<string, unknown>) => boolean][] = [
      ['', () => true],
      ['status=in_execution', (r) => r.status === 'in_execution'],
      ['status=closed', (r) => r.status === 'closed'],
      ['overdue=true', (r) => r.overdue === true],
      ['overdue=false', (r) => r.overdue === false],
      ['dueBefore=2027-01-31', (r) => (r.deadline as string) <= '2027-01-31'],
      [`orgId=${O}`, (r) => r.leadOrgId === O || (r.coOrgIds as string[]).includes(O)],
      [`documentId=${documentId}`, (r) => r.documentId === documentId],
      ['q=monitoring', (r) => /monitoring/i.test(`${r.clause} ${r.text}`)],
      ['q=ҳисобот', (r) => /ҳисобот/i.test(r.text as string)],
      ['q=report%20roads', (r) => r.text === 'Report on roads'],
      [
        `orgId=${S}&overdue=false&dueBefore=2027-02-28`,
        (r) =>
          [r.leadOrgId, ...(r.coOrgIds as string[])].includes(S) &&
          r.overdue === false &&
          (r.deadline as string) <= '2027-02-28',
      ],
    ];
    let cases = 0;
    for (const [who, reach] of reaches) {
      for (const [query, keep] of filters) {
        const res = await get(who, `/assignments?limit=200&${query}`);
        expect(res.status).toBe(200);
        const want = await expected(reach, keep);
        const ids = (res.body.items as { id: string }[]).map((r) => r.id);
        expect({ query, ids: [...ids].sort(), total: res.body.total }).toEqual({
          query,
          ids: want,
          total: want.length,
        });
        const deadlines = (res.body.items as { deadline: string }[]).map((r) => r.deadline);
        expect(deadlines).toEqual([...deadlines].sort());
        cases += 1;
      }
    }
    expect(cases).toBe(60);
  });

  it('pages through one order: pages of two, put together, are the whole list', async () => {
    const whole = await get(people.controller, '/assignments?limit=200');
    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(...(await get(people.controller, `/assignments?limit=2&page=${page}`)).body.items);
    expect(pages.map((r: { id: string }) => r.id)).toEqual(
      whole.body.items.map((r: { id: string }) => r.id),
    );
    expect((await get(people.controller, '/assignments?limit=2&page=4')).body).toEqual({
      items: [],
      total: 6,
    });
  });

  it('a list row carries what a list shows, not the reports and reviews of the detail', async () => {
    const res = await get(people.controller, `/assignments?documentId=${documentId}&limit=1`);
    const row = res.body.items[0];
    expect(row).toMatchObject({
      documentId,
      status: 'in_execution',
      executions: expect.any(Array),
    });
    expect(row).not.toHaveProperty('reports');
    expect(row).not.toHaveProperty('version');
    expect(row).not.toHaveProperty('rules');
  });

  it('when the query is malformed, then 400 and no list', async () => {
    for (const query of [
      'status=bogus',
      'overdue=maybe',
      'dueBefore=2027-02-30',
      'orgId=nope',
      'limit=0',
      'limit=201',
      'q=',
      'sort=soonest',
    ]) {
      const res = await get(people.controller, `/assignments?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    expect((await stack().call('GET', '/api/v1/assignments')).status).toBe(401);
  });
});

describe('dashboard figures from memory', () => {
  it('GET /stats/overview counts what the caller may see, as the database does', async () => {
    const cases: [Caller, string[] | 'all'][] = [
      [people.executorS, [orgs.S]],
      [people.headM, [orgs.M, orgs.S]],
      [people.observer, 'all'],
    ];
    for (const [who, reach] of cases) {
      const res = await get(who, '/stats/overview');
      expect(res.status).toBe(200);
      const soon = addDays(today, 7);
      expect(res.body).toEqual({
        total: (await expected(reach, () => true)).length,
        byStatus: {
          in_execution: (await expected(reach, (r) => r.status === 'in_execution')).length,
          under_review: 0,
          accepted: 0,
          closed: 0,
          cancelled: 0,
        },
        overdue: (await expected(reach, (r) => r.overdue === true)).length,
        extensionPending: 0,
        inspectionOpen: 0,
        dueWithin7Days: (
          await expected(
            reach,
            (r) => r.status === 'in_execution' && !r.overdue && (r.deadline as string) <= soon,
          )
        ).length,
      });
    }
    const ofO = await get(people.observer, `/stats/overview?orgId=${orgs.O}`);
    expect(ofO.body.total).toBe(3);
    expect((await get(people.observer, '/stats/overview?status=closed')).status).toBe(400);
    expect((await get(people.observer, '/stats/overview?orgId=x')).status).toBe(400);
    expect((await stack().call('GET', '/api/v1/stats/overview')).status).toBe(401);
  });
});

describe('kept current', () => {
  it('a second API process sees what was written through the first, at its next request', async () => {
    const second = new ReadViews(createLogger({ name: 'second', level: 'silent' }));
    const before = (await second.current()).assignments.size;
    const s = stack();
    const { id } = await s.addAssignment(people.controller.token, orgs.M);
    expect((await second.current()).assignments.size).toBe(before + 1);
    const ack = await s.call('POST', `/api/v1/assignments/${id}/acknowledge`, {
      token: people.headM.token,
      body: {},
    });
    expect(ack.status).toBe(200);
    const [row] = (await second.current()).assignments
      .list({ scope: [orgs.M] }, { page: 1, limit: 200 })
      .items.filter((r) => r.id === id);
    expect(row?.executions).toEqual([
      expect.objectContaining({ organizationId: orgs.M, acknowledgedBy: people.headM.id }),
    ]);
    const documents = (await second.current()).documents.list({ page: 1, limit: 200 });
    expect(documents.items.map((d) => d.id)).toContain(row?.documentId);
  });

  it('an organization made or moved a moment ago is in its head’s reach at once', async () => {
    const s = stack();
    const created = await s.call('POST', '/api/v1/organizations', {
      token: (await s.addUser(['admin'])).token,
      body: { name: 'Yangi bo‘lim', type: 'subdivision', parentId: orgs.S },
    });
    expect(created.status).toBe(201);
    const fresh = created.body.id as string;
    await s.addUser(['executor'], fresh);
    const { id } = await s.addAssignment(people.controller.token, fresh);
    const seenBy = async (who: Caller) =>
      ((await get(who, `/assignments?orgId=${fresh}`)).body.items as { id: string }[]).map(
        (r) => r.id,
      );
    expect(await seenBy(people.headM)).toEqual([id]);
    expect(await seenBy(people.headO)).toEqual([]);

    const admin = await s.addUser(['admin']);
    const moved = await s.call('PATCH', `/api/v1/organizations/${fresh}`, {
      token: admin.token,
      body: { parentId: orgs.O },
    });
    expect(moved.status).toBe(200);
    expect(await seenBy(people.headM)).toEqual([]);
    expect(await seenBy(people.headO)).toEqual([id]);
  });

  it('people and an organization added a moment ago are told of an assignment registered for it', async () => {
    const s = stack();
    const admin = await s.addUser(['admin']);
    const org = await s.call('POST', '/api/v1/organizations', {
      token: admin.token,
      body: { name: 'Bugun tuzilgan', type: 'agency' },
    });
    const email = `${crypto.randomUUID()}@yangi.uz`;
    const user = await s.call('POST', '/api/v1/users', {
      token: admin.token,
      body: {
        fullName: 'Yangi Ijrochi',
        email,
        password: 'user-password-123',
        organizationId: org.body.id,
        roles: ['executor'],
      },
    });
    expect([org.status, user.status]).toEqual([201, 201]);
    const { id } = await s.addAssignment(people.controller.token, org.body.id);
    const mail = await s.smtp.waitFor((m) => JSON.stringify(m.to).includes(email));
    expect(mail.subject).toContain('1-band');
    expect(
      await NotificationModel.countDocuments({
        recipientId: user.body.id,
        subjectRef: id,
      }),
    ).toBe(1);
  });

  it('a row gone from the store leaves the list at the next request', async () => {
    const doc = await DocumentModel.create({
      kind: 'F',
      number: 'F-1',
      title: 'Vaqtinchalik',
      signedAt: '2026-02-02',
      registeredBy: people.controller.id,
    });
    const id = String(doc._id);
    await appendChanges([{ kind: 'document', id }]);
    const ids = async () =>
      ((await get(people.observer, '/documents?limit=200')).body.items as { id: string }[]).map(
        (d) => d.id,
      );
    expect(await ids()).toContain(id);
    await DocumentModel.deleteOne({ _id: id });
    await appendChanges([{ kind: 'document', id }]);
    expect(await ids()).not.toContain(id);
  });
});

describe('in-app notifications from memory', () => {
  it('each person’s inbox is their outbox rows, newest first, with total and unread; reading one counts at once', async () => {
    const s = stack();
    const reader = await s.addUser(['executor'], orgs.M);
    for (let i = 0; i < 3; i++) await s.addAssignment(people.controller.token, orgs.M);
    const inbox = async (query = '') =>
      (await get(reader, `/notifications?limit=200${query}`)).body;
    await waitUntil('three notifications', async () => {
      if ((await inbox()).total < 3) throw new Error('not yet');
    });
    const rows = await NotificationModel.find({ recipientId: reader.id }).lean();
    const all = await inbox();
    expect(all.total).toBe(rows.length);
    expect(all.unread).toBe(rows.length);
    expect(all.items.map((n: { id: string }) => notificationIds.key(n.id)).sort()).toEqual(
      rows.map((r) => r._id).sort(),
    );
    const created = all.items.map((n: { createdAt: string }) => n.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const paged = [1, 2, 3].map(
      async (page) => (await get(reader, `/notifications?limit=1&page=${page}`)).body.items[0]?.id,
    );
    expect(await Promise.all(paged)).toEqual(
      all.items.slice(0, 3).map((n: { id: string }) => n.id),
    );

    const first = all.items[0].id as string;
    const read = await s.call('POST', `/api/v1/notifications/${first}/read`, {
      token: reader.token,
    });
    expect(read.status).toBe(204);
    expect(
      await NotificationModel.findById(notificationIds.key(first), { readAt: 1 }).lean(),
    ).toHaveProperty('readAt');
    const after = await inbox('&unread=true');
    expect(after).toMatchObject({ total: rows.length - 1, unread: rows.length - 1 });
    expect(after.items.map((n: { id: string }) => n.id)).not.toContain(first);
    // Listed before it was read, it is not shown as it was then.
    const shown = (await inbox()).items.find((n: { id: string }) => n.id === first);
    expect(shown.readAt).toEqual(expect.any(String));
    // Read twice: still one fewer unread.
    await s.call('POST', `/api/v1/notifications/${first}/read`, { token: reader.token });
    expect((await inbox()).unread).toBe(rows.length - 1);
  });

  it('people opening the same page at once wait for one read of each row', async () => {
    const s = stack();
    const reader = await s.addUser(['executor'], orgs.M);
    for (let i = 0; i < 2; i++) await s.addAssignment(people.controller.token, orgs.M);
    // Counted in the store, so that no page has been read through the API yet.
    await waitUntil('two notifications', async () => {
      if ((await NotificationModel.countDocuments({ recipientId: reader.id })) < 2)
        throw new Error('not yet');
    });
    const reads = jest.spyOn(NotificationModel, 'findById');
    try {
      const pages = await Promise.all(
        Array.from({ length: 20 }, () => get(reader, '/notifications')),
      );
      const ids = pages.map((p) => p.body.items.map((n: { id: string }) => n.id).join());
      expect(new Set(ids).size).toBe(1);
      expect(pages[0]!.body.total).toBeGreaterThanOrEqual(2);
      expect(reads).toHaveBeenCalledTimes(pages[0]!.body.items.length);
    } finally {
      reads.mockRestore();
    }
  });

  it('someone else’s notification is not found, and marking it changes nothing', async () => {
    const s = stack();
    const row = await NotificationModel.findOne({
      recipientId: trusted({ $ne: people.observer.id }),
    }).lean();
    const id = notificationIds.public(row!._id);
    const res = await s.call('POST', `/api/v1/notifications/${id}/read`, {
      token: people.observer.token,
    });
    expect(res.status).toBe(404);
    expect((await NotificationModel.findById(row!._id).lean())?.readAt).toEqual(row!.readAt);
    expect(
      (await s.call('POST', '/api/v1/notifications/a%2Fb/read', { token: people.observer.token }))
        .status,
    ).toBe(400);
    expect((await get(people.observer, '/notifications?unread=perhaps')).status).toBe(400);
  });
});

describe('the change log', () => {
  it('an append made the moment the one before is stored is stored too', async () => {
    const appender = new ChangeAppender();
    const ref = (id: string) => [{ kind: 'document' as const, id }];
    // The second append runs as the first resolves, before the drain that wrote it is over.
    const chained = appender.append(ref('first')).then(() => appender.append(ref('second')));
    const late = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the second append was never written')), 5000).unref(),
    );
    await Promise.race([chained, late]);
    const last = await readChange((await logTail()) - 1);
    expect(last).toEqual(ref('second'));
  });

  it('appends from two processes at once fill every position once, with nothing lost', async () => {
    const start = await logTail();
    const [a, b] = [new ChangeAppender(), new ChangeAppender()];
    const refs = (p: string) =>
      Array.from({ length: 60 }, (_, i) => ({ kind: 'assignment' as const, id: `${p}-${i}` }));
    await Promise.all([
      ...refs('a').map((r) => a.append([r])),
      ...refs('b').map((r) => b.append([r])),
    ]);
    const end = await logTail();
    const seen: string[] = [];
    for (let p = start; p < end; p++) {
      const entry = await readChange(p);
      expect(entry).not.toBeNull();
      seen.push(...entry!.map((r) => r.id));
    }
    expect(seen.sort()).toEqual([...refs('a'), ...refs('b')].map((r) => r.id).sort());
    expect(await Change.countDocuments()).toBe(end - 1);
    expect(await readChange(end)).toBeNull();
  });
});
