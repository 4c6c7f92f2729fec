import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { Organization } from '../../models/organization';
import { User } from '../../models/user';
import { launchChromium } from '../../scripts/chromium';
import { ADMIN, useStack } from '../support/stack';
import { pickOrg } from '../support/web-page';

// The admin pages (/admin/*) of the web app served by the API, in a real browser.
const stack = useStack();
let browser: Browser;
let page: Page;
let adminToken: string;
beforeAll(async () => {
  browser = await launchChromium();
  adminToken = await stack().login(ADMIN.email, ADMIN.password);
  await stack().call('PATCH', '/api/v1/me', { token: adminToken, body: { locale: 'en' } });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  // A context of its own: the axe check opens a page of its own in it.
  page = await (await browser.newContext()).newPage();
  await page.addInitScript("localStorage.setItem('ijro.locale', 'en')");
});
afterEach(async () => {
  await page.context().close();
});

async function signIn(email: string, password: string) {
  await page.goto(stack().base + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function openAdmin(path: string) {
  await signIn(ADMIN.email, ADMIN.password);
  await page.goto(stack().base + path);
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
}

/** Clicks and waits for the API's answer to the change it sends, which must succeed. */
async function clickAndSave(button: Locator, method: string, path: RegExp) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && path.test(r.url())),
    button.click(),
  ]);
  expect(res.status()).toBeLessThan(300);
  return res.json();
}

async function expectNoSeriousViolations() {
  const r = await new AxeBuilder({ page }).analyze();
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

const uploadCsv = (dialog: Locator, name: string, text: string) =>
  dialog
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('the admin pages', () => {
  it('an organizations CSV with a bad row shows that row’s problem and stores nothing; the fixed file imports', async () => {
    await openAdmin('/admin');
    await page.waitForURL('**/admin/organizations');
    await page.getByText('Choose an organization in the tree').waitFor();
    await expectNoSeriousViolations();

    const header = 'key,name,type,parentId,nameCyrl,nameRu,email';
    const good = [
      'root,Import vazirligi,ministry,,Импорт вазирлиги,Министерство импорта,import@gov.uz',
      'child,Import agentligi,agency,root,Импорт агентлиги,,',
    ];
    await page.getByRole('button', { name: 'Import from CSV' }).click();
    const dialog = page.getByRole('dialog');
    await uploadCsv(
      dialog,
      'bad.csv',
      [header, ...good, 'bad,Notoʻgʻri tashkilot,spaceship,root,,,'].join('\n'),
    );
    await dialog.getByRole('alert').getByText('Nothing was imported').waitFor();
    const row = dialog.getByRole('row').filter({ hasText: 'Invalid option' });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      '4',
      'type',
      expect.stringContaining('Invalid option'),
    ]);
    // The API takes all rows or none: the good rows are not stored either.
    expect(await Organization.countDocuments({ name: /^Import / })).toBe(0);

    await uploadCsv(dialog, 'good.csv', [header, ...good].join('\n'));
    await dialog.getByText('2 records created').waitFor();
    const root = await Organization.findOne({ name: 'Import vazirligi' }).lean();
    const child = await Organization.findOne({ name: 'Import agentligi' }).lean();
    expect(root?.names?.uzCyrl).toBe('Импорт вазирлиги');
    expect(child?.parentId).toBe(String(root?._id));
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    // The new organizations are in the tree, found by a name in any script.
    await page.getByLabel('Search organizations').fill('агентлиги');
    await page.getByRole('treeitem', { name: 'Import agentligi' }).waitFor();
    await page.getByText('1 found').waitFor();
  });

  it('creates an organization, names it in Cyrillic, adds a subordinate one and moves it', async () => {
    const elsewhere = await stack().addOrg(undefined, 'Moliya vazirligi');
    await openAdmin('/admin/organizations');
    await page.getByRole('button', { name: 'New top-level organization' }).click();
    await page.getByLabel('Name (Latin)').fill('Raqamli texnologiyalar vazirligi');
    const created = await clickAndSave(
      page.getByRole('button', { name: 'Create organization' }),
      'POST',
      /\/organizations$/,
    );
    expect((await Organization.findById(created.id).lean())?.type).toBe('ministry');

    // The new organization opens for changes at once.
    await page.getByRole('button', { name: 'Add a subordinate organization' }).waitFor();
    await page.getByLabel('Name (Cyrillic)').fill('Рақамли технологиялар вазирлиги');
    await clickAndSave(page.getByRole('button', { name: 'Save' }), 'PATCH', /\/organizations\//);
    expect((await Organization.findById(created.id).lean())?.names?.uzCyrl).toBe(
      'Рақамли технологиялар вазирлиги',
    );

    await page.getByRole('button', { name: 'Add a subordinate organization' }).click();
    await page.getByLabel('Name (Latin)').fill('Axborot xavfsizligi markazi');
    const sub = await clickAndSave(
      page.getByRole('button', { name: 'Create organization' }),
      'POST',
      /\/organizations$/,
    );
    const stored = await Organization.findById(sub.id).lean();
    expect(stored?.parentId).toBe(created.id);
    expect(stored?.type).toBe('subdivision');

    await page.getByRole('button', { name: 'Add a subordinate organization' }).waitFor();
    await pickOrg(
      page,
      page.getByLabel('Parent organization', { exact: true }),
      'Moliya vazirligi',
    );
    await clickAndSave(page.getByRole('button', { name: 'Save' }), 'PATCH', /\/organizations\//);
    const moved = await Organization.findById(sub.id).lean();
    expect(moved?.parentId).toBe(elsewhere);
    expect(moved?.ancestors).toEqual([elsewhere]);
  });

  it('creates a user with roles, refuses a second one with that email, and disables them', async () => {
    const org = await stack().addOrg(undefined, 'Soliq qoʻmitasi');
    await openAdmin('/admin/users');
    await page.getByRole('cell', { name: 'admin@test.uz' }).waitFor();
    await expectNoSeriousViolations();

    const fill = async (email: string) => {
      await page.getByRole('button', { name: 'New user' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Full name').fill('Karimova Dilnoza');
      await dialog.getByLabel('Email').fill(email);
      await pickOrg(page, dialog.getByLabel('Organization', { exact: true }), 'Soliq qoʻmitasi');
      await dialog.getByLabel('Controller').check();
      await dialog.getByLabel('Inspector').check();
      await dialog.getByLabel('Initial password').fill('initial-password-1');
      return dialog;
    };
    await clickAndSave(
      (await fill('d.karimova@soliq.uz')).getByRole('button', { name: 'Create user' }),
      'POST',
      /\/users$/,
    );
    const user = await User.findOne({ email: 'd.karimova@soliq.uz' }).lean();
    expect([...(user?.roles ?? [])].sort()).toEqual(['controller', 'inspector']);
    expect(user?.organizationId).toBe(org);
    expect(user?.active).toBe(true);

    // The API's refusal is shown by the form, and no second user is stored.
    const again = await fill('d.karimova@soliq.uz');
    await again.getByRole('button', { name: 'Create user' }).click();
    await again
      .getByRole('alert')
      .getByText('A user with the email d.karimova@soliq.uz already exists.')
      .waitFor();
    expect(await User.countDocuments({ email: 'd.karimova@soliq.uz' })).toBe(1);
    await again.getByRole('button', { name: 'Close' }).click();
    await again.waitFor({ state: 'hidden' });

    await page.getByLabel('Search by name or email').fill('karimova');
    await page.getByLabel('Search by name or email').press('Enter');
    await page.getByText('1 user', { exact: true }).waitFor();
    // The export holds what the filtered table lists.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = parse(fs.readFileSync((await file.path())!).toString('utf8'), {
      bom: true,
    }) as string[][];
    expect(csv.slice(1).map((r) => [r[1], r[6]])).toEqual([
      ['d.karimova@soliq.uz', String(user?._id)],
    ]);
    await page.getByRole('button', { name: 'Disable Karimova Dilnoza' }).click();
    await clickAndSave(
      page.getByRole('button', { name: 'Disable', exact: true }),
      'PATCH',
      /\/users\//,
    );
    expect((await User.findOne({ email: 'd.karimova@soliq.uz' }).lean())?.active).toBe(false);
    await page.getByRole('button', { name: 'Enable Karimova Dilnoza' }).waitFor();
  });

  it('a users CSV with a bad row shows it in the same import table and stores nothing', async () => {
    await openAdmin('/admin/users');
    await page.getByRole('button', { name: 'Import from CSV' }).click();
    const dialog = page.getByRole('dialog');
    await uploadCsv(
      dialog,
      'users.csv',
      [
        'fullName,email,roles',
        'Aliyev Bobur,b.aliyev@test.uz,observer',
        'Bad,bad@test.uz,chief',
      ].join('\n'),
    );
    await dialog.getByRole('alert').getByText('Nothing was imported').waitFor();
    const cells = dialog.getByRole('row').filter({ hasText: 'roles' }).getByRole('cell');
    expect((await cells.allInnerTexts()).slice(0, 2)).toEqual(['3', 'roles.0']);
    expect(await User.countDocuments({ email: /@test\.uz$/, fullName: 'Aliyev Bobur' })).toBe(0);
  });

  // The year's 365 day buttons make the accessibility check slow on a busy machine.
  it('marks a day non-working and a Saturday working in a year’s calendar, and saves it', async () => {
    await openAdmin('/admin/calendar?year=2031');
    const day = page.getByRole('button', { name: /^June 11, 2031: Working day/ });
    await day.waitFor();
    await expectNoSeriousViolations();

    await day.click();
    await page.getByRole('button', { name: /^June 11, 2031: Day off/ }).waitFor();
    await page.getByLabel('Name of June 11, 2031').fill('Qurbon hayit');
    await page.getByRole('button', { name: /^June 14, 2031: Weekend/ }).click();
    await page.getByText('Unsaved changes').waitFor();
    await clickAndSave(
      page.getByRole('button', { name: 'Save the calendar of 2031' }),
      'PUT',
      /\/calendar\/2031$/,
    );

    const year = await stack().call('GET', '/api/v1/calendar/2031', { token: adminToken });
    expect(year.body.holidays).toContainEqual({
      date: '2031-06-11',
      name: 'Qurbon hayit',
      fixed: false,
    });
    expect(year.body.workdays).toEqual([{ date: '2031-06-14', name: 'Transferred working day' }]);
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
  }, 240_000);

  it('refuses the admin pages to a non-admin, as the API does', async () => {
    const org = await stack().addOrg();
    const executor = await stack().addUser(['executor'], org);
    await stack().call('PATCH', '/api/v1/me', { token: executor.token, body: { locale: 'en' } });
    await signIn(executor.email, 'user-password-123');
    await page.goto(stack().base + '/admin/users');
    await page.getByRole('heading', { name: 'For administrators only', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'New user' }).count()).toBe(0);
    const res = await stack().call('POST', '/api/v1/organizations', {
      token: executor.token,
      body: { name: 'Not mine', type: 'ministry' },
    });
    expect(res.status).toBe(403);
  });
});
