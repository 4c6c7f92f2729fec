import { ASSIGNMENT_STATUSES } from '../../models/assignment';
import { AssignmentView, type AssignmentFilter, type Sort } from '../../api/views/assignments';
import { prng } from '../../scripts/seed/scale';

/**
 * The assignment view answers lists and counts from its postings and deadline order, by
 * whichever walk is cheapest. Each answer must be what a plain filter, sort and count of the
 * rows gives: checked here over random rows, random changes and random filters.
 */
const ORGS = Array.from({ length: 30 }, (_, i) => `org${i.toString().padStart(2, '0')}`);
const DOCS = Array.from({ length: 12 }, (_, i) => `d${i}`);
const PEOPLE = ['p1', 'p2', 'p3'];
const REPORT_STATES = ['submitted', 'under_review', 'accepted', 'returned'];
const WORDS = ['monitoring', 'monitor', 'hisobot', 'ҳисобот', 'отчёт', 'roads', 'yo‘l', 'narx'];
type Row = Record<string, unknown> & { _id: string; version: number };

function world(seed: number) {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const some = <T>(xs: readonly T[], most: number): T[] => [
    ...new Set(Array.from({ length: Math.floor(random() * (most + 1)) }, () => pick(xs))),
  ];
  const day = () => `2027-0${1 + Math.floor(random() * 3)}-1${Math.floor(random() * 10)}`;
  const row = (id: string, version: number): Row => {
    const leadOrgId = pick(ORGS);
    const coOrgIds = some(ORGS, 3);
    return {
      _id: id,
      version,
      documentId: pick(DOCS),
      clause: `${Math.floor(random() * 9)}`,
      text: `${some(WORDS, 3).join(' ')}, ${pick(WORDS).toUpperCase()}.`,
      leadOrgId,
      coOrgIds,
      watcherOrgIds: some(ORGS, 4),
      controllerId: pick(PEOPLE),
      deadline: day(),
      status: pick(ASSIGNMENT_STATUSES),
      overdue: random() < 0.3,
      extensionPending: random() < 0.2,
      inspectionOpen: random() < 0.1,
      ...(random() < 0.15 ? { public: true } : {}),
      executions: [leadOrgId, ...coOrgIds].map((organizationId) => ({
        organizationId,
        ...(random() < 0.5 ? { acknowledgedAt: '2027-01-01T09:00:00Z' } : {}),
      })),
      verificationChain: some(PEOPLE, 3),
      reports: some(REPORT_STATES, 3).map((status) => ({
        status,
        level: Math.floor(random() * 3),
      })),
    };
  };
  const filter = (): AssignmentFilter => {
    const f: AssignmentFilter = {};
    if (random() < 0.5) f.scope = some(ORGS, random() < 0.5 ? 1 : 6);
    if (random() < 0.3) f.status = pick(ASSIGNMENT_STATUSES);
    if (random() < 0.2) f.documentId = pick(DOCS);
    if (random() < 0.2) f.orgId = pick([...ORGS, 'unknown']);
    if (random() < 0.2) f.leadOrgId = pick([...ORGS, 'unknown']);
    if (random() < 0.3) f.overdue = random() < 0.5;
    if (random() < 0.3) f.dueBefore = day();
    if (random() < 0.25) f.q = pick(['monit', 'ҳисоб', 'Отчёт roads', 'yo', '!!', 'xyz', 'narx h']);
    if (random() < 0.15) f.extensionPending = random() < 0.5;
    if (random() < 0.15) f.inspectionOpen = random() < 0.5;
    if (random() < 0.2) f.returned = random() < 0.5;
    if (random() < 0.2) f.public = random() < 0.7;
    if (random() < 0.2) f.open = random() < 0.5;
    if (random() < 0.2) f.controller = { id: pick(PEOPLE), is: random() < 0.7 };
    if (random() < 0.2) f.reviewer = { id: pick(PEOPLE), is: random() < 0.7 };
    if (random() < 0.25) f.acknowledged = { by: some(ORGS, 4), done: random() < 0.5 };
    return f;
  };
  return { random, row, filter };
}

/** The last report that went to review, if any (interim reports and inputs stay submitted). */
const lastReviewed = (r: Row) =>
  (r.reports as { status: string; level: number }[]).filter((x) => x.status !== 'submitted').pop();

/** What a list should answer, by a plain filter and sort of the rows. */
function brute(rows: Map<string, Row>, f: AssignmentFilter, sort: Sort = 'deadline') {
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  return [...rows.values()]
    .filter((r) => {
      const executors = [r.leadOrgId, ...(r.coOrgIds as string[])];
      const readers = [...executors, ...(r.watcherOrgIds as string[])];
      const own = [...words(r.clause as string), ...words(r.text as string)];
      const last = lastReviewed(r);
      const reviewer =
        r.status === 'under_review' && last?.status === 'under_review'
          ? (r.verificationChain as string[])[last.level]
          : undefined;
      const returned = r.status === 'in_execution' && last?.status === 'returned';
      const open = r.status !== 'closed' && r.status !== 'cancelled';
      const executions = r.executions as { organizationId: string; acknowledgedAt?: string }[];
      const asked = (o: string) => !!f.acknowledged?.by.includes(o);
      const awaited = executions.some((e) => asked(e.organizationId) && !e.acknowledgedAt);
      return (
        (!f.scope || readers.some((o) => f.scope!.includes(o as string))) &&
        (!f.status || r.status === f.status) &&
        (!f.documentId || r.documentId === f.documentId) &&
        (!f.orgId || executors.includes(f.orgId)) &&
        (!f.leadOrgId || r.leadOrgId === f.leadOrgId) &&
        (f.overdue === undefined || r.overdue === f.overdue) &&
        (f.extensionPending === undefined || r.extensionPending === f.extensionPending) &&
        (f.inspectionOpen === undefined || r.inspectionOpen === f.inspectionOpen) &&
        (f.returned === undefined || returned === f.returned) &&
        (f.public === undefined || (r.public === true) === f.public) &&
        (f.open === undefined || open === f.open) &&
        (!f.controller || (r.controllerId === f.controller.id) === f.controller.is) &&
        (!f.reviewer || (reviewer === f.reviewer.id) === f.reviewer.is) &&
        (!f.acknowledged ||
          (f.acknowledged.done
            ? !awaited && executors.some((o) => asked(o as string))
            : awaited)) &&
        (!f.dueBefore || (r.deadline as string) <= f.dueBefore) &&
        (f.q === undefined ||
          (words(f.q).length > 0 && words(f.q).every((q) => own.some((w) => w.startsWith(q)))))
      );
    })
    .sort(
      (a, b) =>
        (a.deadline === b.deadline
          ? a._id.localeCompare(b._id)
          : (a.deadline as string).localeCompare(b.deadline as string)) *
        (sort === 'deadline' ? 1 : -1),
    );
}

describe('assignment lists and counts in memory (AssignmentView)', () => {
  it.each([1, 2, 3])(
    'answer what a plain filter, sort and count give, through random changes (seed %i)',
    (seed) => {
      const { random, row, filter } = world(seed);
      const view = new AssignmentView();
      const rows = new Map<string, Row>();
      let checked = 0;
      for (let step = 0; step < 600; step++) {
        const id = `a${Math.floor(random() * 250)
          .toString()
          .padStart(3, '0')}`;
        const held = rows.get(id);
        const change = random();
        if (change < 0.08 && held) {
          view.drop(id);
          rows.delete(id);
        } else if (change < 0.15 && held) {
          // An older version arriving late changes nothing.
          view.put(row(id, held.version - 1));
        } else {
          const next = row(id, (held?.version ?? 0) + 1);
          view.put(next);
          rows.set(id, next);
        }
        if (step % 3 !== 0) continue;
        const f = filter();
        const sort: Sort = random() < 0.7 ? 'deadline' : '-deadline';
        const want = brute(rows, f, sort);
        const limit = 1 + Math.floor(random() * 20);
        const page = 1 + Math.floor(random() * 3);
        const got = view.list(f, { page, limit }, sort);
        expect({ f, sort, total: got.total, ids: got.items.map((r) => r.id) }).toEqual({
          f,
          sort,
          total: want.length,
          ids: want.slice((page - 1) * limit, page * limit).map((r) => r._id),
        });
        expect({ f, count: view.count(f) }).toEqual({ f, count: want.length });
        expect({ f, sort, all: view.all(f, sort).map((r) => r.id) }).toEqual({
          f,
          sort,
          all: want.map((r) => r._id),
        });
        const facets = view.facets(f);
        const byStatus: Record<string, number> = {};
        for (const r of want)
          byStatus[r.status as string] = (byStatus[r.status as string] ?? 0) + 1;
        const count = (flag: string) => want.filter((r) => r[flag] === true).length;
        expect({ f, ...facets, byStatus: dropZeros(facets.byStatus) }).toEqual({
          f,
          total: want.length,
          byStatus,
          overdue: count('overdue'),
          extensionPending: count('extensionPending'),
          inspectionOpen: count('inspectionOpen'),
        });
        checked += 1;
      }
      expect(checked).toBe(200);
      expect(view.size).toBe(rows.size);
    },
  );

  it('a list row is the row as stored, without its version', () => {
    const view = new AssignmentView();
    const { row } = world(9);
    const stored: Row = { ...row('a1', 4), reports: [{ text: 'x' }], createdAt: new Date(0) };
    view.put(stored);
    const [item] = view.list({}, { page: 1, limit: 1 }).items;
    expect(item).toMatchObject({
      id: 'a1',
      text: stored.text,
      createdAt: '1970-01-01T00:00:00.000Z',
    });
    expect(item).not.toHaveProperty('version');
    expect(item).not.toHaveProperty('reports');
  });
});

const dropZeros = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
