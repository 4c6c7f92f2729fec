import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AssignmentModel } from '../../models/assignment';
import { AuditEvent } from '../../models/audit';
import { calendarFor } from '../../lib/calendar-store';
import { addWorkingDays } from '../../workflows/calendar';
import { localDate } from '../../workflows/timers';
import { useStack } from '../support/stack';

/**
 * The inbox's filters (GET /assignments), its counts per tab and the exports, on assignments
 * moved through their lifecycle by the API: each answer is held to the stored rows, and
 * nobody is shown a row of an organization they do not read for.
 */
const stack = useStack();
type Caller = { id: string; token: string };
let orgs: { P: string; A: string; B: string };
let people: Record<'execA' | 'execB' | 'headP' | 'c1' | 'c2' | 'inspector' | 'admin', Caller>;
/** The assignments by clause. */
const ids: Record<string, string> = {};

const call = (who: Caller, method: string, path: string, body?: unknown) =>
  stack().call(method, `/api/v1${path}`, { token: who.token, ...(body ? { body } : {}) });
const get = (who: Caller, path: string) => call(who, 'GET', path);
const today = localDate(Date.now());
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  const s = stack();
  const P = await s.addOrg(undefined, 'Vazirlik');
  const A = await s.addOrg(P, 'Boshqarma A');
  const B = await s.addOrg(undefined, 'Boshqa tashkilot B');
  orgs = { P, A, B };
  people = {
    execA: await s.addUser(['executor'], A),
    execB: await s.addUser(['executor'], B),
    headP: await s.addUser(['org_head'], P),
    c1: await s.addUser(['controller']),
    c2: await s.addUser(['controller']),
    inspector: await s.addUser(['inspector']),
    admin: await s.addUser(['admin']),
  };
  const calendar = await calendarFor([year, year + 1]);
  const soon = addWorkingDays(today, 2, calendar);
  const { c1, c2 } = people;
  const rows = [
    // Reviewed by c1, then c2.
    {
      clause: '1',
      text: 'Ikki bosqichli tekshiruv',
      leadOrgId: A,
      verificationChain: [c1.id, c2.id],
    },
    // Controlled by c2, with B as co-executor; its report is returned.
    { clause: '2', text: 'Qaytarilgan hisobot', leadOrgId: A, coOrgIds: [B], controllerId: c2.id },
    // B's: an extension is asked for, an inspection is opened.
    { clause: '3', text: 'Муддатни узайтириш', leadOrgId: B },
    // Due soon, untouched.
    { clause: '4', text: 'Tez orada', leadOrgId: A, deadline: soon },
    // A cell a spreadsheet would run as a formula, were it not made text.
    { clause: '5', text: '=HYPERLINK("http://example.test")', leadOrgId: B, deadline: soon },
  ];
  const res = await call(c1, 'POST', '/documents', {
    kind: 'PQ',
    number: 'PQ-5005',
    title: 'Ijro nazorati',
    signedAt: `${year}-01-05`,
    assignments: rows.map((r) => ({ deadline: `${year + 1}-06-30`, ...r })),
  });
  expect(res.status).toBe(201);
  for (const [i, a] of (res.body.assignments as { id: string }[]).entries())
    ids[rows[i]!.clause] = a.id;

  const ok = async (r: Promise<{ status: number; body: { id?: string } }>) => {
    const done = await r;
    expect([200, 201]).toContain(done.status);
    return done.body;
  };
  const report = (id: string) =>
    ok(
      call(people.execA, 'POST', `/assignments/${id}/reports`, {
        kind: 'final',
        text: 'Bajarildi',
      }),
    );
  await ok(call(people.execA, 'POST', `/assignments/${ids[1]}/acknowledge`, {}));
  const first = await report(ids[1]!);
  await ok(
    call(c1, 'POST', `/assignments/${ids[1]}/reports/${first.id}/review`, {
      decision: 'accept',
      rating: 5,
    }),
  );
  const second = await report(ids[2]!);
  await ok(
    call(c2, 'POST', `/assignments/${ids[2]}/reports/${second.id}/review`, {
      decision: 'return',
      comment: 'Raqamlar yetishmaydi',
    }),
  );
  await ok(
    call(people.execB, 'POST', `/assignments/${ids[3]}/extension-requests`, {
      proposedDeadline: `${year + 1}-09-30`,
      reason: 'Mablagʻ kechikdi',
    }),
  );
  await ok(
    call(people.inspector, 'POST', `/assignments/${ids[3]}/inspections`, {
      plannedAt: `${year + 1}-01-20`,
      inspectorIds: [people.inspector.id],
    }),
  );
});

type Stored = {
  id: string;
  leadOrgId: string;
  coOrgIds: string[];
  watcherOrgIds: string[];
  [field: string]: unknown;
};

/** The ids of the stored rows `reach` may read that pass `keep`, in deadline order. */
async function expected(reach: string[] | 'all', keep: (r: Stored) => boolean) {
  const all = await AssignmentModel.find().lean();
  return all
    .map((r) => ({ ...r, id: String(r._id) }) as unknown as Stored)
    .filter(
      (r) =>
        reach === 'all' ||
        [r.leadOrgId, ...r.coOrgIds, ...r.watcherOrgIds].some((o) => reach.includes(o)),
    )
    .filter(keep)
    .sort((a, b) =>
      a.deadline === b.deadline
        ? a.id.localeCompare(b.id)
        : (a.deadline as string).localeCompare(b.deadline as string),
    )
    .map((r) => r.id);
}

const listed = async (who: Caller, query: string) => {
  const res = await get(who, `/assignments?limit=200&${query}`);
  expect({ query, status: res.status }).toEqual({ query, status: 200 });
  return {
    ids: (res.body.items as { id: string }[]).map((r) => r.id),
    total: res.body.total as number,
  };
};

const executions = (r: Stored) =>
  r.executions as { organizationId: string; acknowledgedAt?: string }[];
const ended = (r: Stored) => r.status === 'closed' || r.status === 'cancelled';
/** The organizations a caller executes for: their own, or their subtree (heads). */
const acting = (who: Caller): string[] =>
  who === people.execA
    ? [orgs.A]
    : who === people.execB
      ? [orgs.B]
      : who === people.headP
        ? [orgs.P, orgs.A]
        : [];
const reachOf = (who: Caller): string[] | 'all' => {
  const own = acting(who);
  return own.length ? own : 'all';
};
/** The reviewer the report under review waits for. */
const awaiting = (r: Stored) => {
  const report = (r.reports as { status: string; level: number }[]).find(
    (x) => x.status === 'under_review',
  );
  return report ? (r.verificationChain as string[])[report.level] : undefined;
};

describe('the inbox filters', () => {
  it('list, for each caller, what the stored rows say — and nothing outside their reach', async () => {
    const calendar = await calendarFor([year, year + 1]);
    const cases: [string, (who: Caller) => (r: Stored) => boolean][] = [
      [
        'acknowledged=false',
        (who) => (r) =>
          executions(r).some((e) => acting(who).includes(e.organizationId) && !e.acknowledgedAt),
      ],
      [
        'acknowledged=true',
        (who) => (r) => {
          const mine = executions(r).filter((e) => acting(who).includes(e.organizationId));
          return mine.length > 0 && mine.every((e) => e.acknowledgedAt);
        },
      ],
      [
        'awaitingMyReview=true',
        (who) => (r) => r.status === 'under_review' && awaiting(r) === who.id,
      ],
      ['awaitingMyReview=false', (who) => (r) => awaiting(r) !== who.id],
      ['onMyControl=true', (who) => (r) => r.controllerId === who.id],
      ['onMyControl=false', (who) => (r) => r.controllerId !== who.id],
      [`controllerId=${people.c2.id}`, () => (r) => r.controllerId === people.c2.id],
      ['returned=true', () => (r) => r.clause === '2'],
      ['returned=false', () => (r) => r.clause !== '2'],
      ['extensionPending=true', () => (r) => r.extensionPending === true],
      ['inspectionOpen=true', () => (r) => r.inspectionOpen === true],
      ['inspectionOpen=false', () => (r) => r.inspectionOpen !== true],
      ['open=true', () => (r) => !ended(r)],
      [
        'dueWithinWorkingDays=5',
        () => (r) => (r.deadline as string) <= addWorkingDays(today, 5, calendar),
      ],
    ];
    const callers = [
      people.execA,
      people.execB,
      people.headP,
      people.c1,
      people.c2,
      people.inspector,
    ];
    for (const who of callers)
      for (const [query, keep] of cases) {
        const got = await listed(who, query);
        const want = await expected(reachOf(who), keep(who));
        expect({ who: who.id, query, ...got }).toEqual({
          who: who.id,
          query,
          ids: want,
          total: want.length,
        });
      }
  });

  it('show each person the rows that are theirs to act on', async () => {
    const clauses = async (who: Caller, query: string) => {
      const { ids: got } = await listed(who, query);
      return Object.entries(ids)
        .filter(([, id]) => got.includes(id))
        .map(([clause]) => clause);
    };
    expect(await clauses(people.execA, 'acknowledged=false')).toEqual(['4']);
    expect(await clauses(people.execB, 'acknowledged=false')).toEqual(['2', '3', '5']);
    expect(await clauses(people.headP, 'acknowledged=false')).toEqual(['4']);
    // A controller acknowledges nothing: the filter is about the caller's own organization.
    expect(await clauses(people.c1, 'acknowledged=false')).toEqual([]);
    // Assignment 1 passed level 1 (c1): it now waits for c2.
    expect(await clauses(people.c1, 'awaitingMyReview=true')).toEqual([]);
    expect(await clauses(people.c2, 'awaitingMyReview=true')).toEqual(['1']);
    expect(await clauses(people.execA, 'awaitingMyReview=true')).toEqual([]);
    expect(await clauses(people.execA, 'returned=true')).toEqual(['2']);
    expect(await clauses(people.execB, 'returned=true')).toEqual(['2']);
    expect(await clauses(people.c1, 'onMyControl=true&extensionPending=true')).toEqual(['3']);
    expect(await clauses(people.c2, 'onMyControl=true&extensionPending=true')).toEqual([]);
    // A's executor reads neither B's extension nor its inspection.
    expect(await clauses(people.execA, 'extensionPending=true')).toEqual([]);
    expect(await clauses(people.execA, 'inspectionOpen=true')).toEqual([]);
    expect(await clauses(people.inspector, 'inspectionOpen=true')).toEqual(['3']);
    expect(await clauses(people.execA, 'dueWithinWorkingDays=5')).toEqual(['4']);
    expect(await clauses(people.execB, `controllerId=${people.c1.id}`)).toEqual(['3', '5']);
  });

  it('sort by deadline either way, pages never overlapping', async () => {
    const soonest = await listed(people.c1, 'sort=deadline');
    const latest = await listed(people.c1, 'sort=-deadline');
    expect(latest.ids).toEqual([...soonest.ids].reverse());
    const paged = [];
    for (let page = 1; page <= 3; page++) {
      const res = await get(people.c1, `/assignments?sort=-deadline&limit=2&page=${page}`);
      paged.push(...(res.body.items as { id: string }[]).map((r) => r.id));
    }
    expect(paged).toEqual(latest.ids);
    // The default is the soonest first, as before.
    expect((await listed(people.c1, '')).ids).toEqual(soonest.ids);
  });

  it('when a filter is malformed or given twice, then 400 and no list', async () => {
    for (const query of [
      'acknowledged=maybe',
      'awaitingMyReview=2',
      'onMyControl=please',
      'controllerId=nope',
      'returned=',
      'inspectionOpen=open',
      'extensionPending=x',
      'open=perhaps',
      'dueWithinWorkingDays=0',
      'dueWithinWorkingDays=61',
      'dueWithinWorkingDays=five',
      'tab=everything',
      'sort=soonest',
      'sort=deadline&sort=-deadline',
      'tab=toReview&awaitingMyReview=true',
      'tab=dueSoon&status=accepted',
      `controllerId=${'0'.repeat(24)}&onMyControl=true`,
    ]) {
      const res = await get(people.c1, `/assignments?${query}`);
      expect({ query, status: res.status, items: res.body.items }).toEqual({
        query,
        status: 400,
        items: undefined,
      });
    }
    const both = await get(people.c1, '/assignments?tab=toReview&awaitingMyReview=false');
    expect(both.body.errors).toEqual([
      { path: 'awaitingMyReview', message: 'the tab toReview sets it already' },
    ]);
  });
});

describe('GET /assignments/counts', () => {
  it('counts each inbox tab as the tab lists it, for each caller', async () => {
    for (const who of Object.values(people)) {
      const res = await get(who, '/assignments/counts');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'all',
          'toAcknowledge',
          'toExecute',
          'dueSoon',
          'overdue',
          'returned',
          'toReview',
          'onMyControl',
          'extensions',
          'inspections',
        ].sort(),
      );
      for (const [tab, count] of Object.entries(res.body)) {
        const { total } = await listed(who, tab === 'all' ? '' : `tab=${tab}`);
        expect({ who: who.id, tab, count }).toEqual({ who: who.id, tab, count: total });
      }
    }
    const of = async (who: Caller) => (await get(who, '/assignments/counts')).body;
    expect(await of(people.execA)).toMatchObject({
      all: 3,
      toAcknowledge: 1,
      toExecute: 1,
      returned: 1,
      toReview: 0,
      onMyControl: 0,
    });
    expect(await of(people.c1)).toMatchObject({ toReview: 0, onMyControl: 4, extensions: 1 });
    expect(await of(people.c2)).toMatchObject({ toReview: 1, onMyControl: 1, extensions: 0 });
    expect(await of(people.inspector)).toMatchObject({ inspections: 1, toAcknowledge: 0 });
    expect((await stack().call('GET', '/api/v1/assignments/counts')).status).toBe(401);
  });
});

describe('exports', () => {
  const download = async (who: Caller, path: string) => {
    const res = await fetch(`${stack().base}/api/v1${path}`, {
      headers: { authorization: `Bearer ${who.token}` },
    });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const exportsAudited = () => AuditEvent.countDocuments({ subject: 'export:assignments' });

  it('XLSX: the filtered list, every row in order, deadlines as dates, the header frozen', async () => {
    const query = `open=true&sort=-deadline`;
    const list = await listed(people.c1, query);
    const before = await exportsAudited();
    const { res, bytes } = await download(people.c1, `/assignments/export.xlsx?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="assignments-\d{4}-\d\d-\d\d\.xlsx"/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    // c1's profile language is Russian (the test stack's default).
    expect(header).toEqual([
      'Документ',
      'Пункт',
      'Поручение',
      'Ответственный исполнитель',
      'Соисполнители',
      'Срок',
      'Статус',
      'Просрочено',
      'Рабочих дней просрочки',
      'Запрошено продление',
      'Идёт изучение на месте',
      'ID',
    ]);
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    expect(rows.map((r) => r.getCell(12).value)).toEqual(list.ids);
    const stored = await AssignmentModel.findById(ids[2]).lean();
    const two = rows.find((r) => r.getCell(12).value === ids[2])!;
    expect(two.getCell(1).value).toBe('PQ-5005');
    expect(two.getCell(4).value).toBe('Boshqarma A');
    expect(two.getCell(5).value).toBe('Boshqa tashkilot B');
    expect(two.getCell(6).value).toEqual(new Date(`${stored!.deadline}T00:00:00Z`));
    expect(two.getCell(6).numFmt).toBe('dd.mm.yyyy');
    expect(two.getCell(7).value).toBe('На исполнении');
    // Text stays text: no formula is made of it.
    const five = rows.find((r) => r.getCell(12).value === ids[5])!;
    expect(five.getCell(3).value).toBe('=HYPERLINK("http://example.test")');
    expect(five.getCell(3).type).toBe(ExcelJS.ValueType.String);

    expect(await exportsAudited()).toBe(before + 1);
    const event = await AuditEvent.findOne({ subject: 'export:assignments' })
      .sort({ seq: -1 })
      .lean();
    expect(event).toMatchObject({
      actorId: people.c1.id,
      action: 'assignment.export',
      outcome: 'ok',
      after: { format: 'xlsx', rows: list.ids.length },
    });
  });

  it('CSV: UTF-8 with a byte order mark, the rows of the list, scoped to the caller', async () => {
    const { res, bytes } = await download(people.execB, '/assignments/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.toString('utf8'), { bom: true }) as string[][];
    const list = await listed(people.execB, '');
    expect(records[0]).toContain('Поручение');
    expect(records.slice(1).map((r) => r[11])).toEqual(list.ids);
    expect(list.ids).not.toContain(ids[1]);
    expect(list.ids).not.toContain(ids[4]);
    const three = records.find((r) => r[11] === ids[3])!;
    expect(three.slice(1, 3)).toEqual(['3', 'Муддатни узайтириш']);
    expect(three[9]).toBe('да');
    expect(three[10]).toBe('да');
    // A formula's first character is made text for spreadsheets.
    expect(records.find((r) => r[11] === ids[5])![2]).toBe(`'=HYPERLINK("http://example.test")`);

    const semicolon = await download(
      people.execB,
      '/assignments/export.csv?delimiter=semicolon&q=муддат',
    );
    const byTab = parse(semicolon.bytes.toString('utf8'), {
      bom: true,
      delimiter: ';',
    }) as string[][];
    expect(byTab.slice(1).map((r) => r[11])).toEqual([ids[3]]);
  });

  it('the same filters and the same refusals as the list; a refused export is not audited', async () => {
    const before = await exportsAudited();
    for (const path of [
      '/assignments/export.xlsx?acknowledged=maybe',
      '/assignments/export.csv?tab=toReview&awaitingMyReview=true',
      '/assignments/export.csv?delimiter=tab',
      '/assignments/export.xlsx?page=2',
    ]) {
      const { res } = await download(people.c1, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
    }
    expect((await stack().call('GET', '/api/v1/assignments/export.csv')).status).toBe(401);
    expect(await exportsAudited()).toBe(before);

    const { bytes } = await download(people.c2, '/assignments/export.csv?tab=toReview');
    const records = parse(bytes.toString('utf8'), { bom: true }) as string[][];
    expect(records.slice(1).map((r) => r[11])).toEqual([ids[1]]);
  });

  it('are described in the OpenAPI document by their media types', async () => {
    const doc = (await stack().call('GET', '/api/openapi.json')).body;
    const ok = (path: string) => doc.paths[path].get.responses['200'].content;
    expect(Object.keys(ok('/assignments/export.xlsx'))).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(Object.keys(ok('/assignments/export.csv'))).toEqual(['text/csv']);
    expect(ok('/assignments/counts')['application/json'].schema).toEqual({
      $ref: '#/components/schemas/InboxCounts',
    });
  });
});
