import { useStack } from '../support/stack';
import { englishUser, seriousViolations, signIn, useBrowserPage } from '../support/web-page';

// The public pages (web/src/pages/public) on the real stack, read without signing in.
const stack = useStack();
const browserPage = useBrowserPage();

async function world() {
  const s = stack();
  const org = await s.addOrg(undefined, 'Ekologiya qoʻmitasi');
  const controller = await englishUser(s, ['controller']);
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
  const [open, hidden] = res.body.assignments.map((a: { id: string }) => a.id) as string[];
  return { open: open!, hidden: hidden!, controller };
}

describe('the public pages', () => {
  it('let anyone read public assignments, their course and the ratings, in their language', async () => {
    const page = browserPage();
    const { open, hidden } = await world();
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

describe('citizens’ feedback', () => {
  it('a citizen sends it from the public page; the controller publishes it; the public reads it', async () => {
    const page = browserPage();
    const { open, controller } = await world();
    await page.goto(`${stack().base}/public/assignments/${open}`);
    await page.getByText('No published feedback yet.').waitFor();
    const text = 'Daraxtlar ekildi, lekin sug‘orilmayapti.';
    await page.getByLabel('What you see of the execution').fill(text);
    await page
      .getByRole('radio', { name: '2 stars' })
      .or(page.getByRole('radio').nth(1))
      .first()
      .click();
    await page.getByLabel('Your region').fill('Navoiy viloyati');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').getByText('Thank you.', { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await signIn(page, stack().base, controller.email);
    await page.getByRole('link', { name: 'Assignments' }).first().waitFor();
    await page.goto(`${stack().base}/assignments/${open}`);
    const panel = page.locator('.ant-card').filter({
      has: page.getByRole('heading', { name: 'Citizens’ feedback' }),
    });
    await panel.getByText(text).waitFor();
    await panel.getByText('Awaiting moderation').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published on the public pages').waitFor();

    await page.goto(`${stack().base}/public/assignments/${open}`);
    await page.getByText(text).waitFor();
    await page.getByText('Navoiy viloyati', { exact: false }).waitFor();
  });
});

describe('a report on the public timeline', () => {
  it('the controller publishes an accepted report’s text; the public reads it; it is withdrawn', async () => {
    const page = browserPage();
    const s = stack();
    const { open, controller } = await world();
    const row = await s.call('GET', `/api/v1/assignments/${open}`, { token: controller.token });
    const executor = await s.addUser(['executor'], row.body.leadOrgId);
    const text = 'Viloyatda 12 ming tup daraxt ekildi.';
    const sent = await s.call('POST', `/api/v1/assignments/${open}/reports`, {
      token: executor.token,
      body: { kind: 'final', text },
    });
    const review = await s.call(
      'POST',
      `/api/v1/assignments/${open}/reports/${sent.body.id}/review`,
      {
        token: controller.token,
        body: { decision: 'accept', rating: 5 },
      },
    );
    expect(review.status).toBe(200);

    await signIn(page, s.base, controller.email);
    await page.getByRole('link', { name: 'Assignments' }).first().waitFor();
    await page.goto(`${s.base}/assignments/${open}`);
    const report = page.locator('.ant-card-type-inner').filter({ hasText: text });
    await report.getByRole('button', { name: 'Publish on the public pages' }).click();
    await page.getByText('The report’s text is on the public pages').waitFor();
    await report.getByText('Published on the public pages').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${s.base}/public/assignments/${open}`);
    await page.getByText('Execution report (published by the controller)').waitFor();
    await page.getByText(text).waitFor();

    await page.goto(`${s.base}/assignments/${open}`);
    await report.getByRole('button', { name: 'Withdraw from the public pages' }).click();
    await page.getByText('The report’s text is withdrawn from the public pages').waitFor();
    await report.getByRole('button', { name: 'Publish on the public pages' }).waitFor();
  });
});
