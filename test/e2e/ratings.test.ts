import { RATING_FIELDS } from '../../models/vocabulary';
import { useStack } from '../support/stack';
import { seriousViolations, signedIn, useBrowserPage } from '../support/web-page';

// The rating table (web/src/pages/ratings) on the real stack: its figures are the API's,
// sorted on the server, each line opening its overdue assignments and its subtree.
const stack = useStack();
const browserPage = useBrowserPage();
const PERIOD = 'from=2025-12&to=2026-12';

async function world() {
  const s = stack();
  const ministry = await s.addOrg(undefined, 'Sogʻliqni saqlash vazirligi');
  const city = await s.addOrg(ministry, 'Toshkent shahar boshqarmasi');
  const other = await s.addOrg(undefined, 'Madaniyat vazirligi');
  const controller = await s.addUser(['controller']);
  const executor = await s.addUser(['executor'], city);
  const res = await s.call('POST', '/api/v1/documents', {
    token: controller.token,
    body: {
      kind: 'PQ',
      number: 'PQ-9009',
      title: 'Sogʻliqni saqlash',
      signedAt: '2025-11-01',
      assignments: [
        { clause: '1-band', text: 'Muddati oʻtgan', leadOrgId: city, deadline: '2025-12-01' },
        { clause: '2-band', text: 'Bajariladi', leadOrgId: city, deadline: '2099-06-30' },
        { clause: '3-band', text: 'Boshqa', leadOrgId: other, deadline: '2025-12-01' },
      ],
    },
  });
  expect(res.status).toBe(201);
  const done = res.body.assignments[1].id as string;
  const call = (token: string, path: string, body: unknown) =>
    s.call('POST', `/api/v1/assignments/${done}${path}`, { token, body });
  const report = await call(executor.token, '/reports', { kind: 'final', text: 'Bajarildi' });
  expect(report.status).toBe(201);
  const review = { decision: 'accept', rating: 5 };
  expect((await call(controller.token, `/reports/${report.body.id}/review`, review)).status).toBe(
    200,
  );
  return { ministry, city, controller };
}

describe('the rating table', () => {
  it('shows the API’s ratings with bands, sorts on the server and opens overdue work', async () => {
    const page = browserPage();
    const { city, controller } = await world();
    const api = await stack().call(
      'GET',
      `/api/v1/stats/organizations?${PERIOD}&sort=score&limit=5000`,
      { token: controller.token },
    );
    const cityLine = api.body.items.find((r: { orgId: string }) => r.orgId === city);
    expect(cityLine.rating).toMatchObject({ due: 2, onTime: 1, overdue: 1, band: 'red' });

    await signedIn(stack(), page, ['observer']);
    await page.getByRole('link', { name: 'Ratings' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Discipline ratings' }).waitFor();
    await page.goto(`${stack().base}/ratings?${PERIOD}`);
    const row = page.getByRole('row').filter({ hasText: 'Toshkent shahar boshqarmasi' });
    await row.getByRole('button', { name: `Score ${cityLine.rating.score}, red` }).waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Toshkent shahar boshqarmasi',
      String(cityLine.rating.score),
      ...RATING_FIELDS.map((f) => String(cityLine.rating[f])),
      String(cityLine.overdue),
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    const pdf = page.getByRole('link', { name: /Discipline report \(PDF\)/ });
    expect(await pdf.getAttribute('href')).toBe(
      '/api/v1/reports/discipline.pdf?from=2025-12&to=2026-12',
    );

    // Sorted by the server, as the header asks.
    await page.getByRole('columnheader', { name: 'Score' }).click();
    await page.waitForURL(/sort=score&dir=(asc|desc)/);
    await page.getByRole('columnheader', { name: 'Organization' }).click();
    await page.waitForURL(/sort=name&dir=asc/);
    const lines = page.locator('tr.ant-table-row');
    await lines.first().getByText('Madaniyat vazirligi').waitFor();
    expect(await lines.locator('td:first-child').allTextContents()).toEqual([
      'Madaniyat vazirligi',
      'Toshkent shahar boshqarmasi',
    ]);

    // The trend drawer, and the overdue work behind the figure.
    await row.getByRole('button', { name: /^Score / }).click();
    await page.getByRole('dialog', { name: /Score by month: Toshkent/ }).waitFor();
    await page.keyboard.press('Escape');
    await row
      .getByRole('link', { name: 'Overdue assignments of Toshkent shahar boshqarmasi: 1' })
      .click();
    await page.waitForURL(`**/?overdue=true&leadOrgId=${city}`);
    await page.locator('table.ijro-rows').getByRole('link', { name: '1-band' }).waitFor();
  });

  it('shows an org head their subtree, summed, and the organizations under it', async () => {
    const page = browserPage();
    const { ministry } = await world();
    await signedIn(stack(), page, ['org_head'], ministry);
    await page.goto(`${stack().base}/ratings?${PERIOD}`);
    const top = page.getByRole('row').filter({ hasText: 'Sogʻliqni saqlash vazirligi' });
    // The ministry leads nothing itself: with its subtree it carries the city's two.
    await top.getByRole('cell', { name: '2', exact: true }).first().waitFor();
    expect(await page.getByText('Madaniyat vazirligi').count()).toBe(0);
    await top
      .getByRole('link', { name: 'Show the organizations under Sogʻliqni saqlash vazirligi' })
      .click();
    await page.waitForURL(new RegExp(`orgId=${ministry}`));
    await page.getByText('Subordinate organizations of Sogʻliqni saqlash vazirligi').waitFor();
    await page.getByRole('row').filter({ hasText: 'Toshkent shahar boshqarmasi' }).waitFor();
  });
});
