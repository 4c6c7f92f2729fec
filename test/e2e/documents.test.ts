import { Workbook } from 'exceljs';
import type { Locator } from 'playwright-core';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import type { Role } from '../../models/user';
import { useStack } from '../support/stack';
import { pickOrg, seriousViolations, signedIn, useBrowserPage } from '../support/web-page';

// The documents area of the web app (issue 14, points 3 and 4) on the real stack.
const stack = useStack();
const browserPage = useBrowserPage();

const unique = () => crypto.randomUUID().slice(0, 8);
const as = (roles: Role[], organizationId?: string) =>
  signedIn(stack(), browserPage(), roles, organizationId);

/** Two organizations with names to search for. */
async function twoOrgs() {
  const names = { lead: `Moliya ${unique()}`, co: `Soliq ${unique()}` };
  return {
    names,
    lead: await stack().addOrg(undefined, names.lead),
    co: await stack().addOrg(undefined, names.co),
  };
}

const row = (n: number) => browserPage().getByRole('group', { name: `Assignment ${n}` });

async function pickDate(field: Locator, date: string) {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
}

async function fillDocument(number: string, title: string) {
  const page = browserPage();
  await page.getByLabel('Number').fill(number);
  await pickDate(page.getByLabel('Signed on'), '2025-03-03');
  await page.getByLabel('Title').fill(title);
}

async function fillRow(n: number, v: { clause: string; text: string; lead: string; co?: string }) {
  await row(n).getByLabel('Clause').fill(v.clause);
  await pickOrg(browserPage(), row(n).getByLabel('Lead executor'), v.lead);
  if (v.co) await pickOrg(browserPage(), row(n).getByLabel('Co-executors'), v.co);
  await row(n).getByLabel('Assignment text').fill(v.text);
}

describe('documents in the web app', () => {
  it('a controller registers a document with two assignments, one with a co-executor', async () => {
    const page = browserPage();
    const orgs = await twoOrgs();
    await as(['controller']);
    await page.goto(stack().base + '/documents');
    await page.getByRole('button', { name: 'Register a document' }).click();
    const number = `PQ-${unique()}`;
    await fillDocument(number, 'Ijro intizomini mustahkamlash to‘g‘risida');
    await fillRow(1, {
      clause: '1',
      text: 'Soliq tushumlarini tahlil qilish',
      lead: orgs.names.lead,
      co: orgs.names.co,
    });
    // Wednesday 30 June 2027: the co-executors report three working days before.
    await pickDate(row(1).getByRole('textbox', { name: 'Deadline' }), '2027-06-30');
    await row(1).getByText('Co-executors report by 25/06/2027').waitFor();
    // Enter confirmed the date; it did not register the document with one row.
    expect(await DocumentModel.countDocuments({ number })).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add an assignment' }).click();
    await fillRow(2, { clause: '2', text: 'Hisobot tayyorlash', lead: orgs.names.co });
    await pickDate(row(2).getByRole('textbox', { name: 'Deadline' }), '2027-09-15');
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    // The document's page, with both assignments linked.
    await page.getByRole('heading', { level: 1, name: 'Ijro intizomini' }).waitFor();
    await page.getByRole('link', { name: '1', exact: true }).waitFor();
    await page.getByRole('link', { name: '2', exact: true }).waitFor();

    const doc = await DocumentModel.findOne({ number }).lean();
    expect(doc).toMatchObject({ kind: 'PQ', signedAt: '2025-03-03' });
    const rows = await AssignmentModel.find({ documentId: String(doc?._id) })
      .sort({ clause: 1 })
      .lean();
    expect(rows.map((a) => [a.clause, a.leadOrgId, a.coOrgIds, a.deadline])).toEqual([
      ['1', orgs.lead, [orgs.co], '2027-06-30'],
      ['2', orgs.co, [], '2027-09-15'],
    ]);
    // The co-executor's deadline the form showed is the one the workflow set.
    expect(rows[0]?.executions?.map((e) => [e.role, e.deadline])).toEqual([
      ['lead', '2027-06-30'],
      ['co', '2027-06-25'],
    ]);

    await page.getByRole('link', { name: '2', exact: true }).click();
    await page.waitForURL(`**/assignments/${String(rows[1]?._id)}`);
  });

  it('shows the API’s refusal of a row next to that row’s field, and stores nothing', async () => {
    const page = browserPage();
    const orgs = await twoOrgs();
    await as(['controller']);
    await page.goto(stack().base + '/documents/new');
    const number = `PF-${unique()}`;
    await fillDocument(number, 'Refused');
    await fillRow(1, { clause: '1', text: 'Good', lead: orgs.names.lead });
    await pickDate(row(1).getByRole('textbox', { name: 'Deadline' }), '2027-06-30');
    await page.getByRole('button', { name: 'Add an assignment' }).click();
    await fillRow(2, { clause: '2', text: 'Reports that ended already', lead: orgs.names.co });
    await row(2).getByText('Periodic reports').click();
    await row(2).getByLabel('Reporting period').click();
    await page.getByTitle('Quarter').click();
    await row(2).getByLabel('Due by day').fill('10');
    await pickDate(row(2).getByLabel('Reports until'), '2020-12-31');
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    // The API refuses a periodicity that has ended; its words stand under that row's field.
    const help = page.locator('#assignments_1_periodicity_until_help');
    await help.getByText(/must not be before \d{4}-\d{2}-\d{2}/).waitFor();
    expect(await row(2).getByLabel('Reports until').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').getByText('The document was not registered').waitFor();
    expect(await row(1).locator('.ant-form-item-explain-error').count()).toBe(0);
    expect(await DocumentModel.countDocuments({ number })).toBe(0);
    expect(await AssignmentModel.countDocuments({ leadOrgId: orgs.co })).toBe(0);
  });

  it('does not offer an executor registration or import', async () => {
    const page = browserPage();
    const org = await stack().addOrg();
    await as(['executor'], org);
    await page.goto(stack().base + '/documents');
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    expect(await page.getByRole('button', { name: 'Register a document' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import from a file' }).count()).toBe(0);
    await page.goto(stack().base + '/documents/new');
    await page.getByText('Only controllers and administrators register documents.').waitFor();
    expect(await page.getByRole('button', { name: 'Register', exact: true }).count()).toBe(0);
  });

  it('imports a file: a bad row’s problem in the table, then a good file to its document', async () => {
    const page = browserPage();
    const orgs = await twoOrgs();
    await as(['controller']);
    await page.goto(stack().base + '/documents');
    await page.getByRole('button', { name: 'Import from a file' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import a document' }).waitFor();

    const badNumber = `F-${unique()}`;
    const wb = new Workbook();
    const sheet = wb.addWorksheet('document');
    for (const r of [
      ['field', 'value'],
      ['kind', 'F'],
      ['number', badNumber],
      ['title', 'From a workbook'],
      ['signedAt', '2025-03-03'],
    ])
      sheet.addRow(r);
    const rows = wb.addWorksheet('assignments');
    rows.addRow(['clause', 'text', 'leadOrgId', 'deadline']);
    rows.addRow(['1', 'Good', orgs.lead, '2027-06-30']);
    rows.addRow(['2', 'No such day', orgs.lead, '2027-02-30']);
    await page.locator('input[type=file]').setInputFiles({
      name: 'import.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await page.getByRole('heading', { name: 'Problems in the file' }).waitFor();
    const problem = page.getByRole('row').filter({ hasText: 'deadline' });
    await problem.waitFor();
    const [line, field, message] = await problem.getByRole('cell').allInnerTexts();
    expect([line, field]).toEqual(['3', 'deadline']);
    expect(message).toMatch(/date/i);
    await page.getByRole('alert').getByText('Nothing was imported').waitFor();
    expect(await DocumentModel.countDocuments({ number: badNumber })).toBe(0);

    const number = `F-${unique()}`;
    const json = {
      document: { kind: 'F', number, title: 'From JSON', signedAt: '2025-03-03' },
      assignments: [
        { clause: '1', text: 'One', leadOrgId: orgs.lead, deadline: '2027-06-30' },
        {
          clause: '2',
          text: 'Two',
          leadOrgId: orgs.co,
          coOrgIds: [orgs.lead],
          deadline: '2027-09-15',
        },
      ],
    };
    await page.locator('input[type=file]').setInputFiles({
      name: 'import.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(json)),
    });
    await page.getByText('Registered: 2 assignments').waitFor();
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByRole('heading', { name: 'Problems in the file' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Open the document' }).click();
    await page.getByRole('heading', { level: 1, name: 'From JSON' }).waitFor();
    await page.getByRole('link', { name: 'Two' }).waitFor();
    const doc = await DocumentModel.findOne({ number }).lean();
    expect(await AssignmentModel.countDocuments({ documentId: String(doc?._id) })).toBe(2);
  });

  it('lists documents newest first and shows a document’s assignments with their state', async () => {
    const page = browserPage();
    const org = await stack().addOrg(undefined, `Adliya ${unique()}`);
    const user = await as(['controller']);
    const { documentId } = await stack().addAssignments(user.token, org, 2);
    const doc = await DocumentModel.findById(documentId).lean();
    await page.goto(stack().base + '/documents');
    const first = page.getByRole('row').nth(1);
    await first.getByRole('link', { name: doc?.number as string }).click();
    await page.getByRole('heading', { level: 1, name: doc?.title as string }).waitFor();
    for (const clause of ['1-band', '2-band']) {
      const line = page.getByRole('row').filter({ hasText: clause });
      await line.getByRole('link', { name: clause }).waitFor();
      expect(await line.innerText()).toMatch(/30\/06\/2027\s+In execution/);
    }
  });

  it('has no serious accessibility problem on the list, the form, the import and the page', async () => {
    const page = browserPage();
    const org = await stack().addOrg();
    const user = await as(['controller']);
    const { documentId } = await stack().addAssignment(user.token, org);
    await page.goto(stack().base + '/documents');
    await page.getByRole('row').nth(1).getByRole('link').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(stack().base + '/documents/new');
    await row(1).getByRole('textbox', { name: 'Deadline' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(stack().base + '/documents/import');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${stack().base}/documents/${documentId}`);
    await page.getByRole('link', { name: '1-band' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
