import http from 'node:http';
import { AuditEvent } from '../../models/audit';
import { trusted } from 'mongoose';
import { ReportPublication } from '../../models/report-publication';
import { useStack } from '../support/stack';

/**
 * The public pages' API: public assignments only, with nothing internal in them (each field
 * is held to an allow-list), cacheable with ETags, rate limited per address.
 */
const stack = useStack({ PUBLIC_READS_PER_MINUTE: '40' });
type Caller = { id: string; token: string; email?: string };
let ids: { open: string; hidden: string; org: string; accepted: string; returned: string };
const SECRETS = ['Maxfiy hisobot matni', 'Ichki izoh', 'Ichki xulosa'];
let people: Caller[] = [];
let staff: Record<'controller' | 'executor', Caller>;

const post = async (who: Caller, path: string, body: unknown) => {
  const res = await stack().call('POST', `/api/v1${path}`, { token: who.token, body });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const anonymous = (path: string, headers: Record<string, string> = {}) =>
  stack().call('GET', `/api/v1${path}`, { headers });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const s = stack();
  const org = await s.addOrg(undefined, 'Ekologiya qoʻmitasi');
  const controller = await s.addUser(['controller']);
  const executor = await s.addUser(['executor'], org);
  const inspector = await s.addUser(['inspector']);
  people = [controller, executor, inspector];
  staff = { controller, executor };
  const doc = await post(controller, '/documents', {
    kind: 'PF',
    number: 'PF-5050',
    title: 'Atrof-muhitni muhofaza qilish',
    signedAt: '2026-01-10',
    assignments: [
      { clause: '1', text: 'Daraxt ekish', leadOrgId: org, deadline: '2099-03-31', public: true },
      { clause: '2', text: 'Ichki topshiriq', leadOrgId: org, deadline: '2099-03-31' },
    ],
  });
  const [open, hidden] = doc.assignments as { id: string }[];
  ids = { open: open!.id, hidden: hidden!.id, org, accepted: '', returned: '' };
  const at = (p: string) => `/assignments/${open!.id}${p}`;
  const first = await post(executor, at('/reports'), { kind: 'final', text: SECRETS[0] });
  await post(controller, at(`/reports/${first.id}/review`), {
    decision: 'return',
    comment: SECRETS[1],
    newDeadline: '2099-04-30',
  });
  const start = await post(inspector, at('/inspections'), {
    plannedAt: inDays(1),
    inspectorIds: [inspector.id],
  });
  await post(inspector, at(`/inspections/${start.id}/result`), {
    outcome: 'confirmed',
    findings: SECRETS[2],
  });
  const second = await post(executor, at('/reports'), { kind: 'final', text: SECRETS[0] });
  await post(controller, at(`/reports/${second.id}/review`), { decision: 'accept', rating: 4 });
  Object.assign(ids, { accepted: second.id, returned: first.id });
});

/** Every path of keys in a value, arrays as `[]`. */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => paths(v, `${prefix}[]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      `${prefix}.${k}`,
      ...paths(v, `${prefix}.${k}`),
    ]);
  return [];
}
const ALLOWED = new Set([
  '.id',
  '.document',
  '.document.id',
  '.document.kind',
  '.document.number',
  '.document.title',
  '.document.signedAt',
  '.clause',
  '.text',
  '.status',
  '.deadline',
  '.overdue',
  '.organization',
  '.organization.id',
  '.organization.name',
  '.timeline',
  '.timeline[].at',
  '.timeline[].event',
  '.timeline[].deadline',
  '.timeline[].outcome',
  '.timeline[].text',
]);

describe('the public assignments', () => {
  it('lists public assignments only, each field on the allow-list, nothing internal', async () => {
    const res = await anonymous('/public/assignments?limit=100');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((a: { id: string }) =>
      [ids.open, ids.hidden].includes(a.id),
    );
    expect(mine.map((a: { id: string }) => a.id)).toEqual([ids.open]);
    for (const item of res.body.items)
      expect(paths(item).filter((p) => !ALLOWED.has(p))).toEqual([]);
    const text = JSON.stringify(res.body);
    for (const secret of [...SECRETS, ...people.map((p) => p.id)])
      expect(text).not.toContain(secret);
    const [a] = mine;
    expect(a).toMatchObject({
      status: 'accepted',
      deadline: '2099-04-30',
      overdue: false,
      organization: { id: ids.org, name: 'Ekologiya qoʻmitasi' },
      document: { number: 'PF-5050', kind: 'PF' },
    });
    expect(a.timeline.map((e: { event: string }) => e.event)).toEqual([
      'registered',
      'returned',
      'inspection_started',
      'inspection_closed',
      'accepted',
    ]);
    expect(a.timeline[1]).toMatchObject({ deadline: '2099-04-30' });
    expect(a.timeline[3]).toMatchObject({ outcome: 'confirmed' });
  });

  it('answers one by id, the others as not found, in the language asked', async () => {
    const one = await anonymous(`/public/assignments/${ids.open}?locale=ru`);
    expect(one.status).toBe(200);
    expect(paths(one.body).filter((p) => !ALLOWED.has(p))).toEqual([]);
    expect((await anonymous(`/public/assignments/${ids.hidden}`)).status).toBe(404);
    expect((await anonymous('/public/assignments/0123456789abcdef01234567')).status).toBe(404);
    for (const q of ['locale=fr', 'limit=1000', 'orgId=x', 'extra=1'])
      expect((await anonymous(`/public/assignments?${q}`)).status).toBe(400);
    const byDoc = await anonymous(`/public/assignments?documentId=${one.body.document.id}`);
    expect(byDoc.body).toMatchObject({ total: 1, items: [{ id: ids.open }] });
  });

  it('is cacheable: an ETag, and 304 when it has not changed', async () => {
    const first = await anonymous(`/public/assignments/${ids.open}`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // By node:http: fetch() adds `Cache-Control: no-cache` to a conditional request (the
    // Fetch standard), which tells a server to answer in full.
    const status = await new Promise<number>((resolve, reject) =>
      http
        .get(
          `${stack().base}/api/v1/public/assignments/${ids.open}`,
          { headers: { 'if-none-match': etag! } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        )
        .on('error', reject),
    );
    expect(status).toBe(304);
  });

  it('rates every organization for the public, with no more than the figures', async () => {
    const res = await anonymous('/public/ratings?from=2099-01&to=2099-12');
    expect(res.status).toBe(200);
    const line = res.body.items.find((r: { orgId: string }) => r.orgId === ids.org);
    expect(Object.keys(line).sort()).toEqual(
      ['band', 'due', 'late', 'name', 'onTime', 'orgId', 'overdue', 'score'].sort(),
    );
    for (const q of ['from=2026-13', 'from=2199-01'])
      expect((await anonymous(`/public/ratings?${q}`)).status).toBe(400);
  });

  describe('a report’s text, once its controller publishes it', () => {
    const publication = (who: Caller, report: string, body: unknown, id = ids.open) =>
      stack().call('POST', `/api/v1/assignments/${id}/reports/${report}/publication`, {
        token: who.token,
        body,
      });
    const timeline = async () =>
      (await anonymous(`/public/assignments/${ids.open}`)).body.timeline as {
        event: string;
        text?: string;
      }[];

    it('refuses the wrong person, a report not reviewed, an input and bad requests', async () => {
      const s = stack();
      const other = await s.addUser(['controller']);
      const publish = { decision: 'publish' };
      expect((await publication(staff.executor, ids.accepted, publish)).status).toBe(403);
      expect((await publication(other, ids.accepted, publish)).status).toBe(403);
      expect((await publication(staff.controller, ids.accepted, { decision: 'show' })).status).toBe(
        400,
      );
      expect((await publication(staff.controller, ids.accepted, {})).status).toBe(400);
      expect((await publication(staff.controller, 'x', publish)).status).toBe(400);
      const unknown = '0123456789abcdef01234567';
      expect((await publication(staff.controller, unknown, publish)).status).toBe(404);
      // Not public, or not yet reviewed, or a co-executor's input: 409, with the reason.
      const lead = await s.addOrg();
      const co = await s.addOrg();
      const leadExecutor = await s.addUser(['executor'], lead);
      const coExecutor = await s.addUser(['executor'], co);
      const doc = await post(staff.controller, '/documents', {
        kind: 'PQ',
        number: 'PQ-77',
        title: 'Suv resurslari',
        signedAt: '2026-02-01',
        assignments: [
          {
            clause: '1',
            text: 'Kanal',
            leadOrgId: lead,
            coOrgIds: [co],
            deadline: '2099-05-31',
            public: true,
          },
          { clause: '2', text: 'Ichki', leadOrgId: lead, deadline: '2099-05-31' },
        ],
      });
      const [pub, internal] = doc.assignments as { id: string }[];
      const report = (who: Caller, id: string, kind: string) =>
        post(who, `/assignments/${id}/reports`, { kind, text: 'Bajarildi' });
      const input = await report(coExecutor, pub!.id, 'interim');
      const pending = await report(leadExecutor, pub!.id, 'final');
      const inside = await report(leadExecutor, internal!.id, 'final');
      await post(staff.controller, `/assignments/${internal!.id}/reports/${inside.id}/review`, {
        decision: 'accept',
        rating: 5,
      });
      const refused = async (id: string, reportId: string, says: RegExp) => {
        const res = await publication(staff.controller, reportId, publish, id);
        expect(res.status).toBe(409);
        expect(res.body.detail).toMatch(says);
      };
      await refused(pub!.id, input.id, /input/);
      await refused(pub!.id, pending.id, /Review the report/);
      await refused(internal!.id, inside.id, /not public/);
      const withdraw = await publication(staff.controller, ids.accepted, { decision: 'withdraw' });
      expect(withdraw.status).toBe(409);
      expect(
        await ReportPublication.countDocuments({
          assignmentId: trusted({ $in: [pub!.id, internal!.id, ids.open] }),
        }),
      ).toBe(0);
      expect((await timeline()).filter((e) => e.event === 'reported')).toEqual([]);
    });

    it('shows the published text on the public timeline until it is withdrawn', async () => {
      const res = await publication(staff.controller, ids.accepted, { decision: 'publish' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reportId: ids.accepted, published: true });
      const again = await publication(staff.controller, ids.accepted, { decision: 'publish' });
      expect(again.status).toBe(409);
      expect(await ReportPublication.findById(`${ids.open}:${ids.accepted}`).lean()).toMatchObject({
        text: SECRETS[0],
        publishedBy: staff.controller.id,
      });
      // Only the published report: the returned one keeps its text to itself.
      expect((await timeline()).filter((e) => e.event === 'reported')).toEqual([
        expect.objectContaining({ text: SECRETS[0] }),
      ]);
      const listed = await anonymous('/public/assignments?limit=100');
      const item = listed.body.items.find((a: { id: string }) => a.id === ids.open);
      expect(paths(item).filter((p) => !ALLOWED.has(p))).toEqual([]);
      expect(JSON.stringify(item)).not.toContain(SECRETS[1]);
      const detail = await stack().call('GET', `/api/v1/assignments/${ids.open}`, {
        token: staff.executor.token,
      });
      expect(detail.body.publishedReportIds).toEqual([ids.accepted]);

      const off = await publication(staff.controller, ids.accepted, { decision: 'withdraw' });
      expect(off.body).toEqual({ reportId: ids.accepted, published: false });
      expect(await ReportPublication.countDocuments({ assignmentId: ids.open })).toBe(0);
      expect(JSON.stringify(await timeline())).not.toContain(SECRETS[0]);
      const events = await AuditEvent.find({
        subject: `assignment:${ids.open}`,
        action: /^report\./,
      }).lean();
      expect(events.map((e) => [e.action, e.actorId, e.detail])).toEqual([
        ['report.publish', staff.controller.id, ids.accepted],
        ['report.withdraw', staff.controller.id, ids.accepted],
      ]);
    });
  });

  it('limits one address’s reads, answering 429 with Retry-After', async () => {
    let last = 200;
    let retryAfter: string | null = null;
    for (let i = 0; i < 45 && last !== 429; i++) {
      const res = await anonymous('/public/ratings');
      last = res.status;
      retryAfter = res.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
