import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { AssignmentModel } from '../../models/assignment';
import { useStack } from '../support/stack';
import { englishUser, seriousViolations, useBrowser } from '../support/web-page';

// The inbox (web/src/pages/Inbox.tsx) in a real browser on the real stack: tabs by role with
// the API's counts, the lists they open, and the exports of what is listed.
const stack = useStack();
const browser = useBrowser();

/** A browser of the user's own, signed in, on the inbox (at `path`). */
async function openAs(user: { email: string }, path = '/'): Promise<Page> {
  const page = await browser.openAs(stack(), user, path);
  await page.getByRole('heading', { level: 1, name: 'Assignments' }).waitFor();
  return page;
}

/** The clauses the list shows now (each row links its clause). */
async function clauses(page: Page): Promise<string[]> {
  await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
  return page.locator('table.ijro-rows tbody tr td:first-child a').allTextContents();
}

/** Waits until the list shows these clauses (in any order: equal deadlines go by id). */
async function expectList(page: Page, want: string[]) {
  const sorted = async () => (await clauses(page)).sort();
  for (let tries = 0; tries < 50 && (await sorted()).join() !== [...want].sort().join(); tries++)
    await page.waitForTimeout(200);
  expect(await sorted()).toEqual([...want].sort());
}

/** A tab by its name and count, e.g. "To acknowledge" with 2. */
const tab = (page: Page, name: string, count: number) =>
  page.getByRole('tab', { name: `${name} ${count}`, exact: true });

/** An organization with an executor, and `count` assignments of it from a controller. */
async function assignments(count: number) {
  const org = await stack().addOrg();
  const executor = await englishUser(stack(), ['executor'], org);
  const controller = await englishUser(stack(), ['controller']);
  const { ids } = await stack().addAssignments(controller.token, org, count);
  return { org, executor, controller, ids };
}

describe('the inbox', () => {
  it('an executor sees the to-acknowledge count drop after acknowledging', async () => {
    const { executor, ids } = await assignments(2);
    const page = await openAs(executor);
    await tab(page, 'To acknowledge', 2).click();
    await expectList(page, ['1-band', '2-band']);
    // Tabs for other roles are not shown.
    await expect(page.getByRole('tab', { name: /^To review/ }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: '1-band' }).click();
    await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await page.getByText('Receipt acknowledged').waitFor();
    expect(
      (await AssignmentModel.findById(ids[0]).lean())?.executions?.[0]?.acknowledgedAt,
    ).toBeTruthy();

    await page.goBack();
    await tab(page, 'To acknowledge', 1).waitFor();
    await expectList(page, ['2-band']);
    await tab(page, 'To execute', 1).click();
    await expectList(page, ['1-band']);
  });

  it('a controller’s to-review tab lists a reported assignment; a refused filter is shown', async () => {
    const { executor, controller, ids } = await assignments(2);
    const reported = await stack().call('POST', `/api/v1/assignments/${ids[1]}/reports`, {
      token: executor.token,
      body: { kind: 'final', text: 'Bajarildi.' },
    });
    expect(reported.status).toBe(201);
    const page = await openAs(controller);
    await tab(page, 'To review', 1).click();
    await expectList(page, ['2-band']);
    await expect(page.getByRole('tab', { name: /^To acknowledge/ }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: '2-band' }).click();
    await page.waitForURL(`**/assignments/${ids[1]}`);

    // A link that asks for what the tab already decides: the API's words, next to the list.
    await page.goto(`${stack().base}/?tab=dueSoon&status=accepted`);
    await page.getByRole('alert').getByText('status: the tab dueSoon sets it already').waitFor();
    await expectList(page, []);
  });

  it('exports the listed rows: the XLSX and the CSV hold the list’s rows, in its order', async () => {
    const { controller } = await assignments(3);
    const page = await openAs(controller, '/?tab=onMyControl&sort=-deadline');
    await tab(page, 'On my control', 3).waitFor();
    const listed = await clauses(page);
    expect([...listed].sort()).toEqual(['1-band', '2-band', '3-band']);

    const save = async (name: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name }).click(),
      ]);
      return fs.readFileSync((await file.path())!);
    };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await save('Export XLSX')) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Clause');
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    expect(rows.map((r) => r.getCell(2).value)).toEqual(listed);

    const csv = parse((await save('Export CSV')).toString('utf8'), { bom: true }) as string[][];
    expect(csv[0]![1]).toBe('Clause');
    expect(csv.slice(1).map((r) => r[1])).toEqual(listed);
  });

  it('passes an accessibility check, with a link’s filter shown, and fits a phone', async () => {
    const { executor } = await assignments(1);
    const page = await openAs(executor, '/?status=in_execution');
    await page.getByRole('button', { name: 'Remove the filter “Status: In execution”' }).waitFor();
    await expectList(page, ['1-band']);
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 740 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
