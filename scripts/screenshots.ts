// `npm run screenshots -- --password <demo password>`: pictures of the main pages for the
// README, taken in Debian's Chromium from a running Ijro with the demo loaded (npm start, then
// npm run seed). Each page is shown as one of the demo's people sees it, in their language.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../lib/paths';
import { launchChromium } from './chromium';

const options = {
  url: { type: 'string', default: `http://localhost:${process.env.PORT ?? '3000'}` },
  password: { type: 'string' },
  'admin-email': { type: 'string', default: process.env.ADMIN_EMAIL ?? 'admin@ijro.local' },
  'admin-password': { type: 'string', default: process.env.ADMIN_PASSWORD },
  out: { type: 'string', default: path.join(projectRoot, 'docs', 'screenshots') },
} as const;

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const demo = (key: string) => `${key}@demo.ijro.uz`;

interface Shot {
  file: string;
  /** Whose page it is; empty for the public pages, read without signing in. */
  email: string;
  admin?: boolean;
  path: string;
  viewport?: { width: number; height: number };
  /** Opens the page from `path` when a plain address is not enough. */
  open?: (page: Page) => Promise<void>;
  /** What shows when the page is ready to use: the time from its address to it is printed. */
  ready?: string;
}

const SHOTS: Shot[] = [
  { file: 'inbox.png', email: demo('mf.executor'), path: '/', ready: 'table.ijro-rows a' },
  { file: 'inbox-phone.png', email: demo('mf.executor'), path: '/', viewport: PHONE },
  {
    file: 'assignment.png',
    email: demo('controller'),
    path: '/',
    // The controller's profile is in uz-Latn; the audit chain's check arrives after the page.
    open: async (page) => {
      await page.locator('a[href^="/assignments/"]').first().click();
      await page.getByText(/Audit zanjiri tasdiqlandi/).waitFor();
    },
  },
  { file: 'register.png', email: demo('controller'), path: '/documents/new' },
  { file: 'dashboard.png', email: demo('observer'), path: '/dashboard' },
  {
    file: 'ratings.png',
    email: demo('observer'),
    path: '/ratings',
    ready: 'tr.ant-table-row',
    // Wide enough for the score and band columns.
    viewport: { width: 1600, height: 800 },
  },
  { file: 'public.png', email: '', path: '/public', ready: 'a[href^="/public/assignments/"]' },
  { file: 'inbox-uz-cyrl.png', email: demo('inspector'), path: '/' },
  { file: 'admin.png', email: '', admin: true, path: '/admin/organizations' },
];

/** Waits until nothing is loading: no spinner and no request for half a second. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.waitForTimeout(500);
}

async function take(browser: Browser, url: string, shot: Shot, password: string, out: string) {
  const context = await browser.newContext({ viewport: shot.viewport ?? DESKTOP });
  const page = await context.newPage();
  try {
    if (shot.email) {
      await page.goto(url + '/');
      await page.locator('#email').fill(shot.email);
      await page.locator('#password').fill(password);
      await page.locator('button[type="submit"]').click();
      // The app's sections show once signed in (the sign-in page has none).
      await page.locator('nav').first().waitFor();
    }
    const started = Date.now();
    await page.goto(url + shot.path);
    if (shot.ready) {
      await page.locator(shot.ready).first().waitFor();
      console.log(`  ${shot.path} usable ${Date.now() - started} ms after it was asked for`);
    }
    await settled(page);
    if (shot.open) {
      await shot.open(page);
      await settled(page);
    }
    await page.screenshot({ path: path.join(out, shot.file), fullPage: false });
    console.log(`  ${shot.file}`);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options });
  if (!values.password || !values['admin-password']) {
    console.log(
      'npm run screenshots -- --password <demo password> [--admin-password …] [--url …] [--out …]',
    );
    process.exit(2);
  }
  fs.mkdirSync(values.out, { recursive: true });
  const browser = await launchChromium();
  try {
    // The sign-in page as a first visitor sees it (the app's default language).
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(values.url + '/');
    await settled(page);
    await page.screenshot({ path: path.join(values.out, 'sign-in.png') });
    await context.close();
    console.log('  sign-in.png');
    for (const shot of SHOTS) {
      const email = shot.admin ? values['admin-email'] : shot.email;
      const password = shot.admin ? values['admin-password'] : values.password;
      await take(browser, values.url, { ...shot, email }, password, values.out);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
