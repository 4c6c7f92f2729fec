import { useStack } from '../support/stack';
import { seriousViolations, signedIn, useBrowserPage } from '../support/web-page';

// The dashboard (web/src/pages/dashboard) on the real stack: its figures are the API's, and
// each opens the list it counts.
const stack = useStack();
const browserPage = useBrowserPage();

describe('the dashboard', () => {
  it('shows the caller’s figures and the most overdue organizations, each opening its list', async () => {
    const page = browserPage();
    const org = await stack().addOrg(undefined, 'Qurilish vazirligi');
    const other = await stack().addOrg(undefined, 'Transport vazirligi');
    const controller = await stack().addUser(['controller']);
    const res = await stack().call('POST', '/api/v1/documents', {
      token: controller.token,
      body: {
        kind: 'PQ',
        number: 'PQ-8008',
        title: 'Qurilish',
        signedAt: '2025-11-01',
        assignments: [
          { clause: '1-band', text: 'Muddati oʻtgan', leadOrgId: org, deadline: '2025-12-01' },
          { clause: '2-band', text: 'Hali vaqt bor', leadOrgId: org, deadline: '2099-06-30' },
          // Overdue too, but led by another: counted for that one, as it is listed.
          {
            clause: '3-band',
            text: 'Hamijrochi sifatida',
            leadOrgId: other,
            coOrgIds: [org],
            deadline: '2025-12-01',
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const overview = await stack().call('GET', '/api/v1/stats/overview', {
      token: controller.token,
    });

    await signedIn(stack(), page, ['observer']);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const figure = page.getByRole('link', { name: /^Overdue/ }).first();
    await figure.getByText(String(overview.body.overdue), { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Qurilish vazirligi' }).waitFor();
    await page.getByRole('img', { name: 'Done on time and late, by month' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Qurilish vazirligi' }).click();
    await page.waitForURL(`**/?overdue=true&leadOrgId=${org}`);
    await page.locator('table.ijro-rows').getByRole('link', { name: '1-band' }).waitFor();
    expect(
      await page.locator('table.ijro-rows tbody tr td:first-child a').allTextContents(),
    ).toEqual(['1-band']);
  });
});
