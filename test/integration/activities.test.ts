import crypto from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotify } from '../../activities/notify';
import { saveAssignment } from '../../activities/read-model';
import { hashPassword } from '../../api/passwords';
import { createMailer } from '../../lib/mailer';
import { AssignmentModel } from '../../models/assignment';
import { NotificationModel } from '../../models/notification';
import { User } from '../../models/user';
import type { AssignmentView } from '../../workflows/types';
import { useTestDb } from '../support/db';
import { startSmtp } from '../support/smtp';

// The expected failure below would otherwise be logged as a warning.
const mockEnv = () => new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

let db: Awaited<ReturnType<typeof useTestDb>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  db = await useTestDb();
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await db?.drop();
});

const view = (version: number, status: AssignmentView['status']): AssignmentView => ({
  id: 'a-versioned',
  documentId: 'd1',
  clause: '1-band',
  text: 't',
  leadOrgId: 'o1',
  coOrgIds: [],
  controllerId: 'u1',
  deadline: '2027-01-29',
  public: false,
  overdue: false,
  status,
  version,
});

describe('saveAssignment', () => {
  it('when writes arrive out of order or twice, then the row keeps the newest version', async () => {
    await saveAssignment(view(1, 'in_execution'));
    await saveAssignment(view(3, 'cancelled'));
    await saveAssignment(view(2, 'under_review'));
    await saveAssignment(view(1, 'in_execution'));
    await saveAssignment(view(3, 'cancelled'));
    const row = await AssignmentModel.findById('a-versioned').lean();
    expect(row).toMatchObject({ version: 3, status: 'cancelled' });
    expect(await AssignmentModel.countDocuments({ _id: 'a-versioned' })).toBe(1);
  });
});

describe('notify', () => {
  it('when the same key is sent twice (a retry), then one email goes out, in the recipient locale, with a stable Message-ID', async () => {
    const user = await User.create({
      fullName: 'Каримов Алишер',
      email: `${crypto.randomUUID()}@gov.uz`,
      passwordHash: await hashPassword('x'.repeat(12)),
      roles: ['controller'],
      locale: 'uz-Cyrl',
    });
    const notify = createNotify(
      createMailer({
        smtpUrl: smtp.url,
        from: 'Ijro <no-reply@ijro.test>',
        dataDir: '/nonexistent',
      }),
    );
    const args = {
      key: `assignment-x/registered/${crypto.randomUUID()}`,
      recipientId: String(user._id),
      template: 'assignment.registered',
      params: { clause: '5-band\r\nBcc: evil@x.uz', deadline: '2027-02-01', text: 'Матн' },
    };
    const env = mockEnv();
    await env.run(notify, args);
    await env.run(notify, args);
    const mail = await smtp.waitFor(
      (m) => m.to !== undefined && JSON.stringify(m.to).includes(user.email),
    );
    expect(smtp.received.filter((m) => JSON.stringify(m.to).includes(user.email))).toHaveLength(1);
    expect(mail.subject).toBe('Топшириқ назоратга олинди: 5-band Bcc: evil@x.uz');
    expect(mail.bcc).toBeUndefined();
    const row = await NotificationModel.findById(args.key).lean();
    expect(row).toMatchObject({ attempts: 1, locale: 'uz-Cyrl', messageId: mail.messageId });
    expect(row?.sentAt).toBeInstanceOf(Date);
  });

  it('when the relay refuses, then the attempt is recorded and the error rethrown for Temporal to retry', async () => {
    const user = await User.create({
      fullName: 'A',
      email: `${crypto.randomUUID()}@gov.uz`,
      passwordHash: 'h',
      roles: ['controller'],
    });
    const notify = createNotify({
      send: () => Promise.reject(new Error('relay down')),
      close: () => undefined,
    });
    const key = `k-${crypto.randomUUID()}`;
    const args = {
      key,
      recipientId: String(user._id),
      template: 'assignment.registered',
      params: { clause: '1', deadline: 'd', text: 't' },
    };
    await expect(mockEnv().run(notify, args)).rejects.toThrow('relay down');
    expect(await NotificationModel.findById(key).lean()).toMatchObject({
      attempts: 1,
      lastError: 'relay down',
    });
    expect((await NotificationModel.findById(key).lean())?.sentAt).toBeUndefined();
  });
});
