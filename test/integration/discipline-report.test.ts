import ExcelJS from 'exceljs';
import { ensureSchedules, plans, REPORT_SCHEDULE_ID } from '../../api/schedules';
import { appendChanges } from '../../lib/change-log';
import { waitUntil } from '../../lib/net';
import { DEFAULT_FORMULA, score, zeroCounts } from '../../lib/rating';
import { AssignmentModel } from '../../models/assignment';
import { Organization } from '../../models/organization';
import { ReportDelivery } from '../../models/report-delivery';
import { User } from '../../models/user';
import { RATING_FIELDS } from '../../models/vocabulary';
import { localDate } from '../../workflows/timers';
import { pdfText } from '../support/pdf-text';
import { bruteRatings } from '../support/ratings';
import { useStack } from '../support/stack';

/**
 * The discipline report (GET /reports/discipline.xlsx|.pdf and the weekly Schedule that mails
 * it to observers): its figures are read back out of the files and held to the database.
 */
const stack = useStack();
type Caller = { id: string; token: string };
let orgs: Record<'M' | 'R' | 'O', string>;
let people: Record<'controller' | 'inspector' | 'head' | 'observer' | 'ruObserver', Caller>;
const thisMonth = localDate(Date.now()).slice(0, 7);
const PERIOD = `from=2025-12&to=${thisMonth}`;

const post = async (who: Caller, path: string, body: unknown) => {
  const res = await stack().call('POST', `/api/v1${path}`, { token: who.token, body });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

beforeAll(async () => {
  const s = stack();
  const M = await s.addOrg(undefined, 'Qishloq xoʻjaligi vazirligi');
  const R = await s.addOrg(M, 'Samarqand viloyati boshqarmasi');
  const O = await s.addOrg(undefined, 'Suv xoʻjaligi vazirligi');
  await Organization.updateOne(
    { _id: R },
    { $set: { 'names.uzCyrl': 'Самарқанд вилояти бошқармаси' } },
  );
  orgs = { M, R, O };
  people = {
    controller: await s.addUser(['controller']),
    inspector: await s.addUser(['inspector']),
    head: await s.addUser(['org_head'], R),
    observer: await s.addUser(['observer']),
    ruObserver: await s.addUser(['observer']),
  };
  await User.updateOne({ _id: people.head.id }, { $set: { fullName: 'Karimov Aziz' } });
  await User.updateOne({ _id: people.observer.id }, { $set: { locale: 'uz-Cyrl' } });
  await User.updateOne({ _id: people.ruObserver.id }, { $set: { locale: 'ru' } });
  const doc = await post(people.controller, '/documents', {
    kind: 'PQ',
    number: 'PQ-4242',
    title: 'Qishloq xoʻjaligi',
    signedAt: '2025-11-01',
    assignments: [
      { clause: '1', text: 'Muddati oʻtgan', leadOrgId: R, deadline: '2025-12-01' },
      { clause: '2', text: 'Tekshiriladi', leadOrgId: R, deadline: '2099-06-30' },
      { clause: '3', text: 'Oʻz vaqtida', leadOrgId: O, deadline: '2099-06-30' },
      { clause: '4', text: 'Quyi topshiriq bilan', leadOrgId: M, deadline: '2099-06-30' },
    ],
  });
  const [, inspected, onTime, parent] = doc.assignments as { id: string }[];
  const executorO = await s.addUser(['executor'], O);
  const report = await post(executorO, `/assignments/${onTime!.id}/reports`, {
    kind: 'final',
    text: 'Bajarildi',
  });
  await post(people.controller, `/assignments/${onTime!.id}/reports/${report.id}/review`, {
    decision: 'accept',
    rating: 5,
  });
  const start = await post(people.inspector, `/assignments/${inspected!.id}/inspections`, {
    plannedAt: localDate(Date.now()),
    inspectorIds: [people.inspector.id],
    orgIds: [R],
  });
  await post(people.inspector, `/assignments/${inspected!.id}/inspections/${start.id}/result`, {
    outcome: 'not_confirmed',
    findings: 'Ishlar bajarilmagan',
    newDeadline: '2099-12-31',
    referToProsecutor: true,
  });
  // The ministry's head passes part of it to the region. A sub-assignment cannot be given a
  // deadline already past, and the dev server's clock does not skip: its row is made overdue
  // in the read model, as the workflow would have written it weeks later.
  const ministryHead = await s.addUser(['org_head'], M);
  const passed = await post(ministryHead, `/assignments/${parent!.id}/distribute`, {
    targets: [{ orgId: R, deadline: '2099-01-15', text: 'Viloyat boʻyicha' }],
  });
  const child = passed.assignments[0].id as string;
  await waitUntil('the sub-assignment row', async () => {
    if (!(await AssignmentModel.exists({ _id: child }))) throw new Error('not yet');
  });
  await AssignmentModel.updateOne(
    { _id: child },
    { $set: { deadline: '2026-11-20', overdue: true, overdueDays: 5 }, $inc: { version: 1 } },
  );
  await appendChanges([{ kind: 'assignment', id: child }]);
});

const download = async (who: Caller, path: string) => {
  const res = await fetch(`${stack().base}/api/v1${path}`, {
    headers: { authorization: `Bearer ${who.token}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
};

/** Every row of a sheet past its header, as values. */
const rowsOf = (sheet: ExcelJS.Worksheet) =>
  sheet
    .getSheetValues()
    .slice(2)
    .map((r) => (r as unknown[]).slice(1));

async function storedRatings(from: string) {
  const docs = await AssignmentModel.find({}).lean();
  return bruteRatings(docs, from, thisMonth);
}

async function expectWorkbookAsStored(buffer: Buffer, visible: string[]) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as never);
  const [, ratings, overdue, regions, inspections] = book.worksheets;
  expect(ratings!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(ratings!.autoFilter).toBeDefined();
  const brute = await storedRatings('2025-12');
  const byName = new Map(rowsOf(ratings!).map((r) => [r[0], r]));
  expect([...byName.keys()].sort()).toEqual([...visible].sort());
  const names: Record<string, string> = {
    'Samarqand viloyati boshqarmasi': orgs.R,
    'Qishloq xoʻjaligi vazirligi': orgs.M,
    'Suv xoʻjaligi vazirligi': orgs.O,
  };
  for (const name of visible) {
    const c = brute.get(names[name]!) ?? zeroCounts();
    const s = score(c, DEFAULT_FORMULA);
    expect({ name, figures: byName.get(name)!.slice(1, 10) }).toEqual({
      name,
      figures: [...RATING_FIELDS.map((f) => c[f]), s ?? ''],
    });
  }
  // The register: every open overdue assignment of the organizations shown, with its head.
  const stored = (await AssignmentModel.find({ overdue: true }).lean()).filter((a) =>
    ['in_execution', 'under_review'].includes(a.status),
  );
  const shown = stored.filter((a) => visible.map((n) => names[n]).includes(a.leadOrgId));
  const register = rowsOf(overdue!);
  expect(register).toHaveLength(shown.length);
  const region = register.filter((r) => r[0] === 'Samarqand viloyati boshqarmasi');
  expect(region.map((r) => r[1])).toEqual(region.map(() => 'Karimov Aziz'));
  for (const r of register) {
    expect(r[4]).toBeInstanceOf(Date);
    expect(typeof r[5]).toBe('number');
  }
  expect(
    rowsOf(regions!).map((r) => [r[0], r[2], (r[4] as Date).toISOString().slice(0, 10)]),
  ).toEqual([['Samarqand viloyati boshqarmasi', 'PQ-4242', '2026-11-20']]);
  expect(rowsOf(inspections!).map((r) => [r[0], r[6], r[8]])).toEqual([
    ['Samarqand viloyati boshqarmasi', 1, 'Ishlar bajarilmagan'],
  ]);
}

describe('GET /reports/discipline', () => {
  it('writes a workbook whose figures are the database’s', async () => {
    const res = await download(people.ruObserver, `/reports/discipline.xlsx?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    // Russian names fall back to the Latin ones: these organizations have none.
    await expectWorkbookAsStored(res.body, [
      'Samarqand viloyati boshqarmasi',
      'Qishloq xoʻjaligi vazirligi',
      'Suv xoʻjaligi vazirligi',
    ]);
  });

  it('writes a PDF in the reader’s script with tables and page numbers', async () => {
    const res = await download(people.observer, `/reports/discipline.pdf?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const parsed = pdfText(res.body);
    const text = parsed.text;
    expect(text).toContain('Ижро интизоми тўғрисида ҳисобот');
    expect(text).toContain('Самарқанд вилояти бошқармаси');
    expect(text).toContain('Karimov Aziz');
    expect(text).toContain('Qishloq xoʻjaligi vazirligi');
    expect(text).toContain('PQ-4242');
    expect(text).toContain(`Саҳифа 1 / ${parsed.total}`);
    const brute = await storedRatings('2025-12');
    const s = score(brute.get(orgs.R)!, DEFAULT_FORMULA);
    expect(text).toContain(String(s));
  });

  it('shows a head their subtree only, and refuses what is malformed', async () => {
    const res = await download(people.head, `/reports/discipline.xlsx?${PERIOD}`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    expect(rowsOf(book.worksheets[1]!).map((r) => r[0])).toEqual([
      'Samarqand viloyati boshqarmasi',
    ]);
    expect(
      rowsOf(book.worksheets[2]!).every((r) => r[0] === 'Samarqand viloyati boshqarmasi'),
    ).toBe(true);
    for (const q of [
      'from=2026-13',
      'from=2026-05&to=2026-04',
      'from=2199-01',
      'to=0000-01',
      'orgId=x',
      'format=doc',
    ])
      expect((await download(people.observer, `/reports/discipline.pdf?${q}`)).status).toBe(400);
    expect((await fetch(`${stack().base}/api/v1/reports/discipline.pdf`)).status).toBe(401);
  });
});

describe('the weekly report on its Schedule', () => {
  it('mails every observer the XLSX and the PDF, once per run', async () => {
    const s = stack();
    await ensureSchedules(s.env.client, s.config, (id, err) => {
      throw new Error(`${id}: ${String(err)}`);
    });
    const handle = s.env.client.schedule.getHandle(REPORT_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Tashkent');
    expect(described.spec.calendars?.[0]).toMatchObject({
      dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
      hour: [{ start: 9, end: 9, step: 1 }],
    });
    await handle.trigger();
    const emails = await Promise.all(
      [people.observer, people.ruObserver].map(async (o) => {
        const u = await User.findById(o.id).lean();
        return s.smtp.waitFor(
          (m) => JSON.stringify(m.to).includes(u!.email) && (m.attachments?.length ?? 0) > 0,
        );
      }),
    );
    expect(emails[0]!.subject).toContain('Ижро интизоми тўғрисида ҳисобот');
    expect(emails[1]!.subject).toContain('Отчёт об исполнительской дисциплине');
    for (const mail of emails) {
      expect(mail.attachments.map((a) => a.contentType).sort()).toEqual([
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
    }
    const xlsx = emails[1]!.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    // The mailed period is the default one: the twelve months to this one.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.content as never);
    expect(rowsOf(book.worksheets[2]!).length).toBeGreaterThan(0);
    expect(
      (await ReportDelivery.countDocuments({ userId: people.observer.id })) +
        (await ReportDelivery.countDocuments({ userId: people.ruObserver.id })),
    ).toBe(2);
    for (const plan of plans(s.config)) await s.env.client.schedule.getHandle(plan.id).delete();
  });
});
