import { AssignmentModel } from '../../models/assignment';
import { localDate } from '../../workflows/timers';
import { useStack } from '../support/stack';

/**
 * The dashboard's figures by organization and month (GET /stats/organizations, /stats/trend),
 * held to the stored rows: each caller sees the organizations they read for, no others.
 */
const stack = useStack();
type Caller = { id: string; token: string };
let orgs: { P: string; A: string; B: string };
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
  const [, onTime] = res.body.assignments as { id: string }[];
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
    expect(mine).toEqual([
      { ...(await stored(orgs.A)), name: 'Boshqarma A' },
      { ...(await stored(orgs.B)), name: 'Boshqa tashkilot B' },
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
    expect(elsewhere.body).toEqual({ items: [], total: 0 });
  });

  it('narrows to a subtree and sorts by what is asked', async () => {
    const res = await get(people.controller, `/stats/organizations?orgId=${orgs.P}&sort=total`);
    expect(res.body.items.map((c: { orgId: string }) => c.orgId)).toEqual([orgs.A]);
    expect(res.body.total).toBe(1);
  });

  it('refuses malformed queries with the field named', async () => {
    for (const q of ['sort=worst', 'limit=0', 'limit=9999', 'orgId=nope', 'extra=1']) {
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
