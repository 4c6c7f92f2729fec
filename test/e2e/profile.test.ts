import { trusted } from 'mongoose';
import { verifyPassword } from '../../api/passwords';
import { NotificationModel } from '../../models/notification';
import { User } from '../../models/user';
import { useStack } from '../support/stack';
import { PASSWORD, seriousViolations, signedIn, signIn, useBrowserPage } from '../support/web-page';

// The bell, the notifications page and the profile (own password), in a real browser.
const stack = useStack();
const browserPage = useBrowserPage();

async function until<T>(probe: () => Promise<T | null | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await probe();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

describe('notifications', () => {
  it('the bell counts the unread; the list links to the assignment; marking read is kept', async () => {
    const page = browserPage();
    const org = await stack().addOrg();
    const controller = await stack().addUser(['controller']);
    const executor = await stack().addUser(['executor'], org);
    await stack().call('PATCH', '/api/v1/me', { token: executor.token, body: { locale: 'en' } });
    const { id } = await stack().addAssignment(controller.token, org);
    // The workflow tells the executor's organization; the in-app row is written by an activity.
    const note = await until(() =>
      NotificationModel.findOne({ recipientId: executor.id, subjectRef: id }).lean(),
    );

    await signIn(page, stack().base, executor.email);
    const unread = await NotificationModel.countDocuments({
      recipientId: executor.id,
      readAt: null,
    });
    await page.getByRole('link', { name: `Notifications: ${unread} unread` }).click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByText(note.subject).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Mark read' }).first().click();
    await page.getByRole('link', { name: `Notifications: ${unread - 1} unread` }).waitFor();
    expect(
      await NotificationModel.countDocuments({
        recipientId: executor.id,
        readAt: trusted({ $ne: null }),
      }),
    ).toBe(1);

    await page.getByRole('link', { name: 'Open the assignment' }).first().click();
    await page.waitForURL(`**/assignments/${id}`);
  });
});

describe('the profile', () => {
  it('shows a wrong current password next to its field, then changes the password', async () => {
    const page = browserPage();
    const user = await signedIn(stack(), page, ['executor']);
    await page.getByRole('link', { name: 'User executor' }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-456');
    await page.getByLabel('New password again').fill('a-new-password-456');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('not your current password').waitFor();
    const hash = async () =>
      (await User.findById(user.id).select('+passwordHash').lean())?.passwordHash ?? undefined;
    expect(await verifyPassword(await hash(), PASSWORD)).toBe(true);

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed; your other sessions have ended').waitFor();
    expect(await verifyPassword(await hash(), 'a-new-password-456')).toBe(true);
    // Still signed in: the page works on with the new cookie.
    await page.getByRole('link', { name: 'Assignments' }).first().click();
    await page.getByRole('heading', { name: 'Assignments' }).waitFor();
  });

  it('tells a user whose password an admin chose to choose their own, until they do', async () => {
    const page = browserPage();
    const user = await signedIn(stack(), page, ['observer']);
    await User.updateOne({ _id: user.id }, { $set: { passwordChangeDue: true } });
    await page.reload();
    await page.getByText('Your password was set by someone else. Choose your own.').waitFor();
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-456');
    await page.getByLabel('New password again').fill('a-new-password-456');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed; your other sessions have ended').waitFor();
    await page.getByText('Your password was set by someone else.').waitFor({ state: 'detached' });
    expect((await User.findById(user.id).lean())?.passwordChangeDue).toBe(false);
  });
});
