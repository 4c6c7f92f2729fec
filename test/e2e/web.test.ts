import type { Page } from 'playwright-core';
import { AssignmentModel } from '../../models/assignment';
import { useStack } from '../support/stack';
import {
  englishUser,
  PASSWORD,
  seriousViolations,
  signIn as signInAs,
  useBrowserPage,
} from '../support/web-page';

// The web app served by the API (dist/web, built by `npm run build`), in a real browser.
const stack = useStack();
const browserPage = useBrowserPage();
let page: Page;
beforeEach(() => {
  page = browserPage();
});

/** An executor of a new organization whose profile language is English. */
async function englishExecutor() {
  const org = await stack().addOrg();
  return { ...(await englishUser(stack(), ['executor'], org)), org };
}

const signIn = (email: string, password: string) => signInAs(page, stack().base, email, password);

describe('the web app', () => {
  it('an executor signs in, finds the assignment, acknowledges it and reports', async () => {
    const executor = await englishExecutor();
    const controller = await stack().addUser(['controller']);
    const { id } = await stack().addAssignment(controller.token, executor.org);

    await signIn(executor.email, PASSWORD);
    await page.getByRole('link', { name: '1-band' }).click();
    await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await page.getByText('Receipt acknowledged').waitFor();
    const acknowledged = await AssignmentModel.findById(id).lean();
    expect(acknowledged?.executions?.[0]?.acknowledgedAt).toBeTruthy();

    await page.getByLabel('Report', { exact: true }).fill('Done: the order is carried out.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Report submitted').waitFor();
    const reported = await AssignmentModel.findById(id).lean();
    expect(reported?.status).toBe('under_review');
    expect(JSON.stringify(reported?.reports)).toContain('Done: the order is carried out.');

    // The page never holds the token: the cookie is httpOnly.
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  it('shows the API’s refusal of a wrong password next to the form, and signs in nobody', async () => {
    const org = await stack().addOrg();
    const executor = await stack().addUser(['executor'], org);
    await signIn(executor.email, 'not-the-password');
    await page.getByRole('alert').getByText('The email or password is not correct.').waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.filter((c) => c.name === 'ijro_session')).toEqual([]);
    // The sign-in page, its refusal showing, passes the accessibility check too.
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('renders in Uzbek Cyrillic when the language is switched, and keeps it in the profile', async () => {
    const executor = await englishExecutor();
    await signIn(executor.email, PASSWORD);
    await page.getByRole('link', { name: 'Assignments' }).waitFor();
    await page.getByLabel('Language').click();
    await page.getByTitle('Ўзбекча').click();
    await page.getByRole('link', { name: 'Топшириқлар' }).first().waitFor();
    await page.getByRole('button', { name: 'Чиқиш' }).waitFor();
    const me = await stack().call('GET', '/api/v1/me', { token: executor.token });
    expect(me.body.locale).toBe('uz-Cyrl');
  });

  it('serves the page for app paths but leaves the API’s unknown paths a problem document', async () => {
    const pageRes = await fetch(`${stack().base}/assignments/anything`, {
      headers: { accept: 'text/html' },
    });
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('cache-control')).toBe('no-cache');
    expect(pageRes.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${stack().base}/api/v1/nothing-here`, {
      headers: { accept: 'text/html' },
    });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });
});
