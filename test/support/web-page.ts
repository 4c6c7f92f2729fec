import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../models/user';
import { launchChromium } from '../../scripts/chromium';
import type { Stack } from './stack';

/** The password of every user the test stack adds. */
export const PASSWORD = 'user-password-123';

/**
 * A fresh browser page for each test, in a context of its own (axe opens pages in it), set to
 * English before sign-in; the browser is shared by the file's tests.
 */
export function useBrowserPage(): () => Page {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const context = await browser.newContext();
    await context.addInitScript("localStorage.setItem('ijro.locale', 'en')");
    page = await context.newPage();
  });
  afterEach(async () => {
    await page.context().close();
  });
  return () => page;
}

/** Signs in through the sign-in page and waits for the app. */
export async function signIn(page: Page, base: string, email: string, password = PASSWORD) {
  await page.goto(base + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new user of these roles whose profile language is English, signed in. */
export async function signedIn(stack: Stack, page: Page, roles: Role[], organizationId?: string) {
  const user = await stack.addUser(roles, organizationId);
  await stack.call('PATCH', '/api/v1/me', { token: user.token, body: { locale: 'en' } });
  await signIn(page, stack.base, user.email);
  await page.getByRole('link', { name: 'Assignments' }).first().waitFor();
  return user;
}

/** The page's serious and critical accessibility violations, as `rule: elements`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
