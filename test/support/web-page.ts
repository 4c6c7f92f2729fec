import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Role } from '../../models/user';
import { launchChromium } from '../../scripts/chromium';
import type { Stack } from './stack';

/** The password of every user the test stack adds. */
export const PASSWORD = 'user-password-123';

/**
 * One browser for a test file; each page it opens is in a context of its own (axe opens
 * pages in it), set to English before sign-in, and closed when the test ends.
 */
export function useBrowser() {
  let browser: Browser;
  const opened: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const context of opened.splice(0)) await context.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    opened.push(context);
    await context.addInitScript("localStorage.setItem('ijro.locale', 'en')");
    return context.newPage();
  }

  /** A page of the user's own, signed in, at `path`. */
  async function openAs(stack: Stack, user: { email: string }, path = '/'): Promise<Page> {
    const page = await newPage();
    await signIn(page, stack.base, user.email);
    await page.getByRole('link', { name: 'Assignments' }).first().waitFor();
    if (path !== '/') await page.goto(stack.base + path);
    return page;
  }

  return { newPage, openAs };
}

/** A fresh page for each test (see useBrowser). */
export function useBrowserPage(): () => Page {
  const browser = useBrowser();
  let page: Page;
  beforeEach(async () => {
    page = await browser.newPage();
  });
  return () => page;
}

/** Signs in through the sign-in page. */
export async function signIn(page: Page, base: string, email: string, password = PASSWORD) {
  await page.goto(base + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Picks an organization in a searchable tree picker by typing its name. A picker can close
 * under the click while the tree re-renders on a slow machine; a person would open it again,
 * and so does this, a few times.
 */
export async function pickOrg(page: Page, field: Locator, name: string) {
  for (let attempt = 1; ; attempt++) {
    await field.click();
    await field.fill(name);
    // The picker just opened is the last dropdown; an earlier one may still be closing.
    const item = page
      .locator('.ant-select-dropdown:visible')
      .last()
      .getByTitle(name, { exact: true });
    try {
      await item.click({ timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
  // A multiple picker stays open after a choice.
  if ((await field.getAttribute('aria-expanded')) === 'true') await field.press('Escape');
}

/** A new user of these roles whose profile language is English. */
export async function englishUser(stack: Stack, roles: Role[], organizationId?: string) {
  const user = await stack.addUser(roles, organizationId);
  await stack.call('PATCH', '/api/v1/me', { token: user.token, body: { locale: 'en' } });
  return user;
}

/** A new user of these roles whose profile language is English, signed in on `page`. */
export async function signedIn(stack: Stack, page: Page, roles: Role[], organizationId?: string) {
  const user = await englishUser(stack, roles, organizationId);
  await signIn(page, stack.base, user.email);
  await page.getByRole('link', { name: 'Assignments' }).first().waitFor();
  return user;
}

/** What the test reads of a browser animation (the tests are typed without the DOM's types). */
interface Running {
  playState: string;
  effect: { getComputedTiming(): { endTime?: unknown } } | null;
}

/** The page's serious and critical accessibility violations, as `rule: element`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Colours are judged at rest: not under the pointer, nor halfway through a transition (a
  // closing dropdown, a fading message). Endless ones, such as a spinner's, are left to run.
  await page.mouse.move(0, 0);
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): Running[] } }).document
      .getAnimations()
      .every(
        (a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity,
      ),
  );
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html} ${n.failureSummary ?? ''}`));
}
