import { ensureSchedules, RECONCILE_SCHEDULE_ID, SNAPSHOT_SCHEDULE_ID } from '../../api/schedules';
import { waitUntil } from '../../lib/net';
import { band, DEFAULT_FORMULA, score } from '../../lib/rating';
import { AssignmentModel } from '../../models/assignment';
import { RatingSnapshot } from '../../models/rating-snapshot';
import { localDate } from '../../workflows/timers';
import { bruteRatings } from '../support/ratings';
import { ADMIN, useStack } from '../support/stack';

/**
 * The dashboard's figures by organization and month (GET /stats/organizations, /stats/trend),
 * held to the stored rows: each caller sees the organizations they read for, no others.
 */
const stack = useStack();
type Caller = { id: string; token: string };
let orgs: { P: string; A: string; B: string };
let documentId: string;
let ids: string[];
let people: Record<'execA' | 'headP' | 'controller' | 'observer', Caller>;
const today = localDate(Date.now());
const year = Number(today.slice(0, 4));

const get = (who: Caller, path: string) =>
  stack().call('GET', `/api/v1${path}`, { token: who.token });
const ok = async (r: Promise<{ status: number; body: { id?: string } }>) => {
  const done = await r;
  expect([200, 201]).toContain(done.status);
  return done.body;
};

beforeAll(async () => {
  const s = stack();
  const P = await s.addOrg(undefined, 'Vazirlik');
  const A = await s.addOrg(P, 'Boshqarma A');
  const B = await s.addOrg(undefined, 'Boshqa tashkilot B');
  orgs = { P, A, B };
  people = {
    execA: await s.addUser(['executor'], A),
    headP: await s.addUser(['org_head'], P),
    controller: await s.addUser(['controller']),
    observer: await s.addUser(['observer']),
  };
  const past = `${year - 1}-12-01`;
  const res = await s.call('POST', '/api/v1/documents', {
    token: people.controller.token,
    body: {
      kind: 'PQ',
      number: 'PQ-7007',
      title: 'Koʻrsatkichlar',
      signedAt: `${year - 1}-11-01`,
      assignments: [
        // A's: one past its deadline from the start, one to be done on time.
        { clause: '1', text: 'Muddati oʻtgan', leadOrgId: A, deadline: past },
        { clause: '2', text: 'Oʻz vaqtida', leadOrgId: A, deadline: `${year + 1}-06-30` },
        // B's, with A as co-executor: counted for B, its lead, alone.
        { clause: '3', text: 'Boshqa', leadOrgId: B, coOrgIds: [A], deadline: `${year + 1}-06-30` },
      ],
    },
  });
  expect(res.status).toBe(201);
  documentId = res.body.id;
  ids = (res.body.assignments as { id: string }[]).map((a) => a.id);
  const [overdue, onTime] = res.body.assignments as { id: string }[];
  // A's overdue one reported and returned: a return counted for A in this month.
  const returned = await ok(
    s.call('POST', `/api/v1/assignments/${overdue!.id}/reports`, {
      token: people.execA.token,
      body: { kind: 'final', text: 'Qisman' },
    }),
  );
  await ok(
    s.call('POST', `/api/v1/assignments/${overdue!.id}/reports/${returned.id}/review`, {
      token: people.controller.token,
      body: { decision: 'return', comment: 'Toʻliq emas' },
    }),
  );
  const report = await ok(
    s.call('POST', `/api/v1/assignments/${onTime!.id}/reports`, {
      token: people.execA.token,
      body: { kind: 'final', text: 'Bajarildi' },
    }),
  );
  await ok(
    s.call('POST', `/api/v1/assignments/${onTime!.id}/reports/${report.id}/review`, {
      token: people.controller.token,
      body: { decision: 'accept', rating: 5 },
    }),
  );
});

/** What the stored rows say of each lead organization. */
async function stored(org: string) {
  const rows = await AssignmentModel.find({ leadOrgId: org }).lean();
  const open = rows.filter((r) => r.status === 'in_execution' || r.status === 'under_review');
  const done = rows.filter((r) => r.status === 'accepted' || r.status === 'closed');
  return {
    orgId: org,
    total: rows.length,
    open: open.length,
    overdue: open.filter((r) => r.overdue).length,
    onTime: done.filter((r) => !r.overdueDays).length,
    late: done.filter((r) => r.overdueDays).length,
    cancelled: rows.filter((r) => r.status === 'cancelled').length,
  };
}

describe('GET /stats/organizations', () => {
  it('counts each lead organization as the stored rows do, most overdue first, named', async () => {
    const res = await get(people.observer, '/stats/organizations?limit=100');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((c: { orgId: string }) =>
      [orgs.A, orgs.B].includes(c.orgId),
    );
    const rating = expect.objectContaining({ score: expect.anything() });
    expect(mine).toEqual([
      {
        ...(await stored(orgs.A)),
        name: 'Boshqarma A',
        parentId: orgs.P,
        hasChildren: false,
        rating,
      },
      {
        ...(await stored(orgs.B)),
        name: 'Boshqa tashkilot B',
        parentId: null,
        hasChildren: false,
        rating: expect.any(Object),
      },
    ]);
    expect(mine[0]).toMatchObject({ total: 2, overdue: 1, onTime: 1 });
    const overdue = res.body.items.map((c: { overdue: number }) => c.overdue);
    expect(overdue).toEqual([...overdue].sort((x, y) => y - x));
  });

  it('shows an org head their subtree and an executor their organization, nothing else', async () => {
    const head = await get(people.headP, '/stats/organizations?limit=100');
    expect(head.body.items.map((c: { orgId: string }) => c.orgId)).toEqual([orgs.A]);
    const exec = await get(people.execA, '/stats/organizations?limit=100');
    expect(exec.body.items.map((c: { orgId: string }) => c.orgId)).toEqual([orgs.A]);
    // Another subtree named is not a way around the reach.
    const elsewhere = await get(people.execA, `/stats/organizations?orgId=${orgs.B}`);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).toMatchObject({ items: [], total: 0 });
  });

  it('narrows to a subtree and sorts by what is asked', async () => {
    const res = await get(people.controller, `/stats/organizations?orgId=${orgs.P}&sort=total`);
    expect(res.body.items.map((c: { orgId: string }) => c.orgId)).toEqual([orgs.A]);
    expect(res.body.total).toBe(1);
  });

  it('refuses malformed queries with the field named', async () => {
    const bad = ['sort=worst', 'limit=0', 'limit=9999', 'orgId=nope', 'extra=1', 'from=2026-13'];
    for (const q of [
      ...bad,
      'from=2026-05&to=2026-04',
      'from=2199-01',
      'to=0000-01',
      'subtree=maybe',
      'dir=up',
    ]) {
      const res = await get(people.observer, `/stats/organizations?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.errors?.length ?? 0).toBeGreaterThan(0);
    }
    const anonymous = await stack().call('GET', '/api/v1/stats/organizations');
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /stats/trend', () => {
  it('counts the months’ work done on time and late, within the caller’s reach', async () => {
    const month = today.slice(0, 7);
    const all = await get(people.observer, '/stats/trend?months=3');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(3);
    expect(all.body.items[2]).toMatchObject({ month });
    expect(all.body.items[2].onTime).toBeGreaterThanOrEqual(1);
    const head = await get(people.headP, '/stats/trend?months=1');
    expect(head.body.items).toEqual([{ month, onTime: 1, late: 0 }]);
    const other = await get(people.execA, `/stats/trend?months=1&orgId=${orgs.B}`);
    expect(other.body.items).toEqual([{ month, onTime: 0, late: 0 }]);
    expect((await get(people.observer, '/stats/trend?months=37')).status).toBe(400);
  });
});

/** The period every fixture assignment and event falls in. */
const wide = `from=${year - 1}-01&to=${year + 1}-12`;

/** The API's rating of these organizations against a recount of the stored rows. */
async function expectRatingsAsStored(who: Caller, query: string, orgIds: string[]) {
  const res = await get(who, `/stats/organizations?limit=100&${query}`);
  expect(res.status).toBe(200);
  const docs = await AssignmentModel.find({ documentId }).lean();
  const brute = bruteRatings(docs, res.body.from, res.body.to);
  for (const orgId of orgIds) {
    const c = brute.get(orgId)!;
    const s = score(c, DEFAULT_FORMULA);
    const line = res.body.items.find((r: { orgId: string }) => r.orgId === orgId);
    expect({ orgId, rating: line?.rating }).toEqual({
      orgId,
      rating: { ...c, score: s, band: band(s, DEFAULT_FORMULA) },
    });
  }
  return res.body;
}

describe('the discipline rating', () => {
  it('equals a recount of the stored rows, by the period asked', async () => {
    const body = await expectRatingsAsStored(people.observer, wide, [orgs.A, orgs.B]);
    const a = body.items.find((r: { orgId: string }) => r.orgId === orgs.A);
    // Due 2: one done on time, one overdue since last year and returned once.
    expect(a.rating).toMatchObject({ due: 2, onTime: 1, overdue: 1, returns: 1 });
    expect(a.rating.band).toBe('red');
    // Last year's December alone: the overdue one is due there; the return is this year's.
    const dec = await get(
      people.observer,
      `/stats/organizations?from=${year - 1}-12&to=${year - 1}-12&limit=100`,
    );
    const aDec = dec.body.items.find((r: { orgId: string }) => r.orgId === orgs.A);
    expect(aDec.rating).toMatchObject({ due: 1, overdue: 1, returns: 0, onTime: 0 });
    expect(dec.body).toMatchObject({ from: `${year - 1}-12`, to: `${year - 1}-12` });
  });

  it('adds each organization’s figures to its parents’ with subtree, within the reach', async () => {
    const res = await get(people.headP, `/stats/organizations?subtree=true&${wide}`);
    expect(res.status).toBe(200);
    const byOrg = Object.fromEntries(res.body.items.map((r: { orgId: string }) => [r.orgId, r]));
    expect(Object.keys(byOrg).sort()).toEqual([orgs.A, orgs.P].sort());
    expect(byOrg[orgs.P].hasChildren).toBe(true);
    // P leads nothing itself: its figures are A's, its one child's.
    expect(byOrg[orgs.P].rating).toEqual(byOrg[orgs.A].rating);
    expect(byOrg[orgs.P]).toMatchObject({ total: byOrg[orgs.A].total });
  });

  it('sorts by score, lowest first, organizations with none last', async () => {
    const res = await get(people.observer, `/stats/organizations?sort=score&limit=5000&${wide}`);
    const scores = res.body.items.map((r: { rating: { score: number | null } }) => r.rating.score);
    const rated = scores.filter((x: number | null) => x !== null);
    expect(rated).toEqual([...rated].sort((x: number, y: number) => x - y));
    expect(scores.slice(rated.length).every((x: number | null) => x === null)).toBe(true);
  });

  it('exports the table as the list shows it, within the reach', async () => {
    const csv = await get(people.headP, `/stats/organizations/export.csv?${wide}`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Boshqarma A');
    expect(lines[1]).toContain(orgs.A);
    expect(lines[1]).not.toContain(orgs.B);
    expect((await get(people.headP, '/stats/organizations/export.csv?from=x')).status).toBe(400);
  });
});

describe('rating trends and monthly snapshots', () => {
  it('snapshots a month as it stands and serves it as the trend; others as they stand now', async () => {
    const s = stack();
    const month = today.slice(0, 7);
    const run = await s.env.client.workflow.start('ratingSnapshotWorkflow', {
      taskQueue: s.config.TEMPORAL_TASK_QUEUE,
      workflowId: `snapshot-${month}-${Date.now()}`,
      args: [month],
    });
    expect(await run.result()).toMatchObject({ month });
    const docs = await AssignmentModel.find({ documentId }).lean();
    const brute = bruteRatings(docs, month, month).get(orgs.A)!;
    const snap = await RatingSnapshot.findById(`${month}|${orgs.A}`).lean();
    expect(snap).toMatchObject({ ...brute, month, orgId: orgs.A });
    const trend = await get(people.headP, `/stats/organizations/${orgs.A}/trend?months=2`);
    expect(trend.status).toBe(200);
    expect(trend.body.items).toHaveLength(2);
    expect(trend.body.items[1]).toMatchObject({ month, snapshot: true, ...brute });
    expect(trend.body.items[0].snapshot).toBe(false);
    const sub = await get(
      people.headP,
      `/stats/organizations/${orgs.P}/trend?months=1&subtree=true`,
    );
    expect(sub.body.items[0]).toMatchObject({ month, ...brute });
    // Outside the reach, unknown, malformed.
    expect((await get(people.execA, `/stats/organizations/${orgs.B}/trend`)).status).toBe(404);
    expect(
      (await get(people.observer, '/stats/organizations/0123456789abcdef01234567/trend')).status,
    ).toBe(404);
    expect(
      (await get(people.observer, `/stats/organizations/${orgs.A}/trend?months=99`)).status,
    ).toBe(400);
  });
});

describe('the nightly reconciliation', () => {
  it('is the admin’s alone', async () => {
    for (const who of [people.observer, people.controller, people.headP])
      expect(
        (await stack().call('POST', '/api/v1/stats/reconcile', { token: who.token })).status,
      ).toBe(403);
    expect((await stack().call('POST', '/api/v1/stats/reconcile')).status).toBe(401);
  });

  it('takes in a row the views missed and corrects a count that drifted', async () => {
    const s = stack();
    const admin = { id: '', token: await s.login(ADMIN.email, ADMIN.password) };
    const third = ids[2]!;
    // Written behind the change log's back: the views cannot have seen it.
    await AssignmentModel.updateOne(
      { _id: third },
      { $set: { overdue: true }, $inc: { version: 1 } },
    );
    // And a count off by one in memory.
    s.views.assignments.tally.addFact(
      { orgId: orgs.A, month: today.slice(0, 7), counts: { returns: 1 } },
      1,
    );
    const before = await get(people.observer, `/stats/organizations?${wide}&limit=100`);
    const bBefore = before.body.items.find((r: { orgId: string }) => r.orgId === orgs.B);
    expect(bBefore.overdue).toBe(0);
    const res = await stack().call('POST', '/api/v1/stats/reconcile', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.behind).toBeGreaterThanOrEqual(1);
    expect(res.body.drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: `${orgs.A}|${today.slice(0, 7)}|rating|returns` }),
      ]),
    );
    await expectRatingsAsStored(people.observer, wide, [orgs.A, orgs.B]);
    const after = await get(people.observer, `/stats/organizations?${wide}&limit=100`);
    expect(after.body.items.find((r: { orgId: string }) => r.orgId === orgs.B).overdue).toBe(1);
  });

  it('runs on its Schedule in every API process, and the monthly snapshot has one too', async () => {
    const s = stack();
    const errors: string[] = [];
    await ensureSchedules(s.env.client, s.config, (id) => errors.push(id));
    expect(errors).toEqual([]);
    const snapshots = await s.env.client.schedule.getHandle(SNAPSHOT_SCHEDULE_ID).describe();
    expect(snapshots.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [{ start: 1, end: 1, step: 1 }],
    });
    const handle = s.env.client.schedule.getHandle(RECONCILE_SCHEDULE_ID);
    expect((await handle.describe()).spec).toMatchObject({ timezone: 'Asia/Tashkent' });
    s.views.assignments.tally.addFact(
      { orgId: orgs.B, month: today.slice(0, 7), counts: { violations: 1 } },
      1,
    );
    const last = s.views.lastReconciliation?.at;
    await handle.trigger();
    await waitUntil('the scheduled reconciliation', async () => {
      // Here the views follow the log when asked (the API process also polls it).
      await s.views.current();
      if (s.views.lastReconciliation?.at === last) throw new Error('not yet');
    });
    expect(s.views.lastReconciliation?.drift).toEqual([
      expect.objectContaining({
        key: `${orgs.B}|${today.slice(0, 7)}|rating|violations`,
        was: 1,
        now: 0,
      }),
    ]);
    await expectRatingsAsStored(people.observer, wide, [orgs.A, orgs.B]);
    for (const id of [RECONCILE_SCHEDULE_ID, SNAPSHOT_SCHEDULE_ID])
      await s.env.client.schedule.getHandle(id).delete();
    await s.env.client.schedule.getHandle('ijro-daily-digest').delete();
  });
});
