import type { Page } from 'playwright-core';
import { AssignmentModel } from '../../models/assignment';
import { Attachment } from '../../models/attachment';
import type { Report } from '../../workflows/types';
import { useStack } from '../support/stack';
import { englishUser, seriousViolations, useBrowser } from '../support/web-page';

// The assignment page (web/src/pages/assignment) in a real browser, each role's day on the
// real stack; every outcome is checked in MongoDB.
const stack = useStack();
const browser = useBrowser();

/** A browser of the user's own, signed in, on the assignment's page. */
async function openAs(user: { email: string }, assignmentId: string): Promise<Page> {
  const page = await browser.openAs(stack(), user, `/assignments/${assignmentId}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** Types a date into the date picker labelled `label` (the picker reads ISO dates too). */
async function pickDate(page: Page, label: string, date: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

const row = (id: string) => AssignmentModel.findById(id).lean();
/** The reports as the workflow keeps them (the model types them loosely). */
const reportsOf = async (id: string) => ((await row(id))?.reports ?? []) as unknown as Report[];

/** An organization with an executor, and an assignment of it from a controller. */
async function assignment() {
  const org = await stack().addOrg();
  const executor = await englishUser(stack(), ['executor'], org);
  const controller = await englishUser(stack(), ['controller']);
  const { id } = await stack().addAssignment(controller.token, org);
  return { org, executor, controller, id };
}

async function reportByApi(token: string, id: string, text: string) {
  const res = await stack().call('POST', `/api/v1/assignments/${id}/reports`, {
    token,
    body: { kind: 'final', text },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('the assignment page', () => {
  it('an executor acknowledges and reports with an attachment, uploaded with its progress shown', async () => {
    const { executor, id } = await assignment();
    const page = await openAs(executor, id);
    await page.getByRole('link', { name: /PQ-\d+/ }).waitFor();
    await page.getByText(/working days left/).waitFor();
    await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await page.getByText('Receipt acknowledged', { exact: true }).waitFor();
    expect((await row(id))?.executions?.[0]?.acknowledgedAt).toBeTruthy();
    await expectAccessible(page);

    // A file of a kind the API does not take is refused, in its words, by the upload.
    await page.locator('input[type=file]').setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0xff, 0xfe]),
    });
    await page
      .getByRole('alert')
      .getByText(/^setup\.exe: /)
      .waitFor();

    // A slow line, so the upload's progress can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(600 * 1024, 32)]);
    await page.getByLabel('Report', { exact: true }).fill('Done: the order is carried out.');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'dalolatnoma.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('progressbar').first().waitFor();
    await page.getByRole('progressbar').first().waitFor({ state: 'detached', timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Report submitted', { exact: true }).waitFor();

    const reported = await row(id);
    expect(reported?.status).toBe('under_review');
    const [report] = await reportsOf(id);
    expect(report?.text).toBe('Done: the order is carried out.');
    expect(report?.attachmentIds).toHaveLength(1);
    const file = await Attachment.findById(report?.attachmentIds[0]).lean();
    expect(file).toMatchObject({ filename: 'dalolatnoma.pdf', mime: 'application/pdf' });

    // The report's file downloads under its name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /dalolatnoma\.pdf \(/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('dalolatnoma.pdf');
  });

  it('a controller returns with a new deadline, the executor reports again, the controller accepts and closes', async () => {
    const { executor, controller, id } = await assignment();
    await reportByApi(executor.token, id, 'First attempt.');

    const boss = await openAs(controller, id);
    await boss.getByRole('radio', { name: 'Return for rework' }).check();
    await boss.getByLabel('Comment').fill('Attach the signed act.');
    await pickDate(boss, 'New deadline', '2027-09-30');
    await expectAccessible(boss);
    await boss.getByRole('button', { name: 'Save the decision' }).click();
    await boss.getByText('Decision recorded', { exact: true }).waitFor();
    const returned = await row(id);
    expect(returned).toMatchObject({ status: 'in_execution', deadline: '2027-09-30' });

    const worker = await openAs(executor, id);
    await worker.getByText('Attach the signed act.').waitFor();
    await worker.getByLabel('Report', { exact: true }).fill('The signed act is attached.');
    await worker.getByRole('button', { name: 'Submit' }).click();
    await worker.getByText('Report submitted', { exact: true }).waitFor();
    expect((await row(id))?.status).toBe('under_review');

    await boss.reload();
    await boss.getByRole('radio', { name: 'Accept' }).check();
    // A button-style radio: its label is what shows and takes the click.
    const four = boss.getByRole('radio', { name: '4', exact: true });
    await boss.locator('label').filter({ has: four }).click();
    expect(await four.isChecked()).toBe(true);
    await expectAccessible(boss);
    await boss.getByRole('button', { name: 'Save the decision' }).click();
    await boss.getByText('Decision recorded', { exact: true }).waitFor();
    expect((await row(id))?.status).toBe('accepted');

    await boss.getByRole('button', { name: 'Remove from control' }).click();
    const dialog = boss.getByRole('dialog', { name: 'Remove this assignment from control?' });
    await dialog.getByLabel('Comment').fill('Carried out in full.');
    await dialog.getByRole('button', { name: 'Remove from control' }).click();
    await boss.getByText('Removed from control').first().waitFor();
    expect(await row(id)).toMatchObject({ status: 'closed', closeComment: 'Carried out in full.' });
    const reviews = (await reportsOf(id)).flatMap((r) => r.reviews);
    expect(reviews).toMatchObject([{ decision: 'return' }, { decision: 'accept', rating: 4 }]);
  });

  it('an inspector records not confirmed, and the accepted assignment reopens', async () => {
    const { executor, controller, id } = await assignment();
    const reportId = await reportByApi(executor.token, id, 'Done.');
    const accepted = await stack().call(
      'POST',
      `/api/v1/assignments/${id}/reports/${reportId}/review`,
      { token: controller.token, body: { decision: 'accept', rating: 5 } },
    );
    expect(accepted.body.status).toBe('accepted');
    const inspector = await englishUser(stack(), ['inspector']);

    const page = await openAs(inspector, id);
    await pickDate(page, 'Planned date', '2026-12-15');
    await page.getByRole('button', { name: 'Start an inspection' }).click();
    await page.getByText('Inspection started', { exact: true }).waitFor();
    expect((await row(id))?.inspectionOpen).toBe(true);

    await page.getByRole('radio', { name: 'Not confirmed' }).check();
    await page.getByLabel('Findings').fill('The registry was not set up.');
    await pickDate(page, 'New deadline', '2027-03-31');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the result' }).click();
    await page.getByText('Result recorded', { exact: true }).waitFor();
    const reopened = await row(id);
    expect(reopened).toMatchObject({
      status: 'in_execution',
      deadline: '2027-03-31',
      inspectionOpen: false,
    });
    expect(reopened?.inspections?.[0]).toMatchObject({ outcome: 'not_confirmed' });
  });

  it('an org head passes it down to a sub-organization and sees it in the roll-up', async () => {
    const controller = await englishUser(stack(), ['controller']);
    const parent = await stack().addOrg();
    const child = await stack().addOrg(parent, `Tuman bo‘limi ${Date.now()}`);
    const head = await englishUser(stack(), ['org_head'], parent);
    const { id } = await stack().addAssignment(controller.token, parent);

    const page = await openAs(head, id);
    await page.getByLabel('Organization', { exact: true }).click();
    await page
      .getByRole('tree')
      .getByTitle(/Tuman bo‘limi/)
      .click();
    await pickDate(page, 'Deadline', '2027-05-31');
    await page.getByRole('button', { name: 'Pass down', exact: true }).click();
    await page.getByText('Passed down', { exact: true }).waitFor();

    const sub = await AssignmentModel.findOne({ parentId: id }).lean();
    expect(sub).toMatchObject({ leadOrgId: child, deadline: '2027-05-31', status: 'in_execution' });
    await page.getByText('0 of 1 done').waitFor();
    await page.getByRole('link', { name: /Tuman bo‘limi/ }).waitFor();
    await expectAccessible(page);
  });

  it('an executor asks for more time and the controller approves; the org head names who answers', async () => {
    const { org, executor, controller, id } = await assignment();
    const head = await englishUser(stack(), ['org_head'], org);

    const worker = await openAs(executor, id);
    await pickDate(worker, 'Proposed deadline', '2027-07-30');
    await worker.getByLabel('Reason').fill('The regions send their data in July.');
    await worker.getByRole('button', { name: 'Request an extension' }).click();
    await worker.getByText('Request sent', { exact: true }).waitFor();
    expect((await row(id))?.extensionPending).toBe(true);

    const boss = await openAs(controller, id);
    await boss.getByRole('radio', { name: 'Approve' }).check();
    await boss.getByRole('button', { name: 'Save the decision' }).click();
    await boss.getByText('Decision recorded', { exact: true }).waitFor();
    expect(await row(id)).toMatchObject({
      deadline: '2027-07-30',
      extensionPending: false,
      extensionsCount: 1,
    });

    const chief = await openAs(head, id);
    await chief.getByRole('button', { name: 'Change the responsible person' }).click();
    await chief.getByLabel('Person').click();
    await chief.getByTitle('User executor', { exact: true }).click();
    await chief.getByRole('button', { name: 'Save', exact: true }).click();
    await chief.getByRole('alert').getByText('Responsible person named', { exact: true }).waitFor();
    expect((await row(id))?.executions?.[0]?.responsibleId).toBe(executor.id);
    await expectAccessible(chief);
  });

  it('shows refusals by the action: a report the state no longer takes, a reason too short', async () => {
    const { executor, controller, id } = await assignment();
    const page = await openAs(executor, id);
    // A colleague sends the final report while this page still offers one.
    await reportByApi(executor.token, id, 'Sent by a colleague.');
    await page.getByLabel('Report', { exact: true }).fill('Mine too.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page
      .getByRole('alert')
      .getByText('A report is already under review; wait for its review.')
      .waitFor();
    expect((await row(id))?.reports).toHaveLength(1);

    const boss = await openAs(controller, id);
    await boss.getByRole('button', { name: 'Cancel the assignment' }).click();
    const dialog = boss.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('no');
    await dialog.getByRole('button', { name: 'Cancel the assignment' }).click();
    await dialog.getByRole('alert').first().waitFor();
    await dialog
      .getByText(/at least 3|>=3/)
      .first()
      .waitFor();
    expect((await row(id))?.status).toBe('under_review');
  });
});
