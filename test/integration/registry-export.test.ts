import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { trusted } from 'mongoose';
import { AuditEvent } from '../../models/audit';
import { DocumentModel } from '../../models/document';
import { Organization } from '../../models/organization';
import { User } from '../../models/user';
import { useStack } from '../support/stack';

/**
 * The registers' exports (documents, users, organizations): the list's filters and the
 * caller's scope on the server, every row as stored, audited, refused when malformed.
 */
const stack = useStack();
type Caller = { id: string; token: string };
let orgs: { P: string; A: string; B: string };
let people: Record<'admin' | 'headP' | 'execB' | 'controller', Caller>;

beforeAll(async () => {
  const s = stack();
  const P = await s.addOrg(undefined, 'Vazirlik P');
  const A = await s.addOrg(P, '=Boshqarma A');
  const B = await s.addOrg(undefined, 'Tashkilot B');
  orgs = { P, A, B };
  people = {
    admin: await s.addUser(['admin']),
    headP: await s.addUser(['org_head'], P),
    execB: await s.addUser(['executor'], B),
    controller: await s.addUser(['controller']),
  };
  await s.addUser(['executor'], A);
  await s.addAssignments(people.controller.token, A, 2);
  await s.addAssignments(people.controller.token, B, 1);
});

const download = async (who: Caller | null, path: string) => {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${who.token}` } : {};
  const res = await fetch(`${stack().base}/api/v1${path}`, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
};
const csv = (bytes: Buffer) => parse(bytes.toString('utf8'), { bom: true }) as string[][];
const sheetOf = async (bytes: Buffer) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]!;
};
const audited = (name: string) => AuditEvent.countDocuments({ subject: `export:${name}` });

describe('organizations', () => {
  it('XLSX: the subtree asked for, as stored, parents named, the header frozen', async () => {
    const before = await audited('organizations');
    const { res, bytes } = await download(
      people.execB,
      `/organizations/export.xlsx?under=${orgs.P}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/organizations-\d{4}-\d\d-\d\d\.xlsx/);
    const sheet = await sheetOf(bytes);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).value).toBe('Название');
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    const stored = await Organization.find({ _id: trusted({ $in: [orgs.P, orgs.A] }) })
      .sort({ name: 1, _id: 1 })
      .lean();
    expect(rows.map((r) => r.getCell(8).value)).toEqual(stored.map((o) => String(o._id)));
    const a = rows.find((r) => r.getCell(8).value === orgs.A)!;
    expect(a.getCell(1).value).toBe('=Boshqarma A');
    expect(a.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(a.getCell(4).value).toBe('agency');
    expect(a.getCell(5).value).toBe('Vazirlik P');
    expect(a.getCell(7).value).toBe('да');
    expect(await audited('organizations')).toBe(before + 1);
    const event = await AuditEvent.findOne({ subject: 'export:organizations' })
      .sort({ seq: -1 })
      .lean();
    expect(event).toMatchObject({
      actorId: people.execB.id,
      action: 'organization.export',
      after: { format: 'xlsx', rows: 2, query: { under: orgs.P } },
    });
  });

  it('CSV with semicolons; a formula-like name made text', async () => {
    const { res, bytes } = await download(
      people.admin,
      `/organizations/export.csv?delimiter=semicolon&q=boshqarma`,
    );
    expect(res.status).toBe(200);
    expect(bytes.toString('utf8').split('\r\n')[0]).toContain(';');
    const records = parse(bytes.toString('utf8'), { bom: true, delimiter: ';' }) as string[][];
    expect(records.slice(1).map((r) => r[7])).toContain(orgs.A);
    expect(records.find((r) => r[7] === orgs.A)![0]).toBe(`'=Boshqarma A`);
  });

  it('refuses malformed filters with a 400 and writes no audit event', async () => {
    const before = await audited('organizations');
    for (const query of ['type=planet', 'under=nope', 'page=2', 'delimiter=tab']) {
      const { res, bytes } = await download(people.admin, `/organizations/export.csv?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(
        JSON.parse(bytes.toString()).detail ?? JSON.parse(bytes.toString()).title,
      ).toBeTruthy();
    }
    expect((await download(null, '/organizations/export.xlsx')).res.status).toBe(401);
    expect(await audited('organizations')).toBe(before);
  });
});

describe('users', () => {
  it("an org head's export holds their subtree's users only, as stored", async () => {
    const { res, bytes } = await download(people.headP, '/users/export.csv');
    expect(res.status).toBe(200);
    const records = csv(bytes);
    expect(records[0]).toEqual([
      'Ф.И.О.',
      'Эл. почта',
      'Организация',
      'Роли',
      'Язык',
      'Активен',
      'ID',
    ]);
    const ids = records.slice(1).map((r) => r[6]);
    const visible = await User.find({ organizationId: trusted({ $in: [orgs.P, orgs.A] }) })
      .sort({ fullName: 1, _id: 1 })
      .lean();
    expect(ids).toEqual(visible.map((u) => String(u._id)));
    expect(ids).not.toContain(people.execB.id);
    expect(ids).not.toContain(people.admin.id);
    const head = records.find((r) => r[6] === people.headP.id)!;
    expect(head.slice(2, 6)).toEqual(['Vazirlik P', 'org_head', 'ru', 'да']);
    // Nothing secret is written.
    expect(bytes.toString()).not.toMatch(/argon2|passwordHash/);
  });

  it('filters by role for an admin, and refuses a role that does not exist', async () => {
    const { bytes } = await download(people.admin, '/users/export.xlsx?role=controller');
    const sheet = await sheetOf(bytes);
    const ids = (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((r) => r.getCell(7).value);
    const stored = await User.find({ roles: 'controller' }).sort({ fullName: 1, _id: 1 }).lean();
    expect(ids).toEqual(stored.map((u) => String(u._id)));
    expect((await download(people.admin, '/users/export.xlsx?role=king')).res.status).toBe(400);
  });
});

describe('documents', () => {
  it('every registered document, newest first, signed dates as date cells', async () => {
    const before = await audited('documents');
    const { res, bytes } = await download(people.execB, '/documents/export.xlsx');
    expect(res.status).toBe(200);
    const sheet = await sheetOf(bytes);
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    const stored = await DocumentModel.find().sort({ _id: -1 }).lean();
    expect(rows.map((r) => r.getCell(7).value)).toEqual(stored.map((d) => String(d._id)));
    expect(rows[0]!.getCell(1).value).toBe(stored[0]!.number);
    expect(rows[0]!.getCell(4).value).toEqual(new Date(`${stored[0]!.signedAt}T00:00:00Z`));
    expect(rows[0]!.getCell(4).numFmt).toBe('dd.mm.yyyy');
    expect(await audited('documents')).toBe(before + 1);
    expect((await download(people.execB, '/documents/export.csv?status=active')).res.status).toBe(
      400,
    );
  });
});
