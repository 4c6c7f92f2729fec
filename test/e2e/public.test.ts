import { useStack } from '../support/stack';
import { seriousViolations, useBrowserPage } from '../support/web-page';

// The public pages (web/src/pages/public) on the real stack, read without signing in.
const stack = useStack();
const browserPage = useBrowserPage();

async function world() {
  const s = stack();
  const org = await s.addOrg(undefined, 'Ekologiya qoʻmitasi');
  const controller = await s.addUser(['controller']);
  const res = await s.call('POST', '/api/v1/documents', {
    token: controller.token,
    body: {
      kind: 'PF',
      number: 'PF-6060',
      title: 'Yashil makon',
      signedAt: '2026-01-10',
      assignments: [
        {
          clause: '1-band',
          text: 'Daraxt ekish',
          leadOrgId: org,
          deadline: '2099-03-31',
          public: true,
        },
        { clause: '2-band', text: 'Ichki ish', leadOrgId: org, deadline: '2099-03-31' },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.body.assignments.map((a: { id: string }) => a.id) as [string, string];
}

describe('the public pages', () => {
  it('let anyone read public assignments, their course and the ratings, in their language', async () => {
    const page = browserPage();
    const [open, hidden] = await world();
    await page.goto(`${stack().base}/`);
    await page.getByRole('link', { name: 'Public control' }).click();
    await page.getByRole('heading', { level: 1, name: 'Public control of assignments' }).waitFor();
    await page.getByRole('link', { name: 'PF-6060, 1-band' }).waitFor();
    expect(await page.getByText('Ichki ish').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'PF-6060, 1-band' }).click();
    await page.waitForURL(`**/public/assignments/${open}`);
    await page.getByRole('heading', { level: 1, name: 'PF-6060 — Yashil makon' }).waitFor();
    await page.getByText('Put under control').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByTitle('Ўзбекча').click();
    await page.getByText('Назоратга олинди').waitFor();

    // (The test's pages start each load in English.)
    await page.goto(`${stack().base}/public/assignments/${hidden}`);
    await page.getByRole('alert').getByText('There is no such public assignment.').waitFor();

    await page.goto(`${stack().base}/public?tab=ratings`);
    await page.getByRole('row').filter({ hasText: 'Ekologiya qoʻmitasi' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
