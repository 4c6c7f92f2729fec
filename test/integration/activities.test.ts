import crypto from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Directory } from '../../activities/directory';
import { usersChanged } from '../../api/users';
import { appendChanges } from '../../lib/change-log';
import { createNotify } from '../../activities/notify';
import { recordChange } from '../../activities/record';
import { verifyChain } from '../../lib/audit';
import { AuditEvent } from '../../models/audit';
import { Organization } from '../../models/organization';
import { hashPassword } from '../../api/passwords';
import { createMailer } from '../../lib/mailer';
import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { NotificationModel } from '../../models/notification';
import { User, type Role } from '../../models/user';
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

/** Rows written straight to the store, then logged as the API logs its own writes. */
const newUser = async (fields: Parameters<typeof User.create>[0]) => {
  const user = (await User.create(fields)) as unknown as InstanceType<typeof User>;
  await usersChanged([String(user._id)]);
  return user;
};
const orgChanged = (id: unknown) => appendChanges([{ kind: 'organization', id: String(id) }]);
const newOrg = async (name: string) => {
  const org = await Organization.create({ name, type: 'ministry' });
  await orgChanged(org._id);
  return org;
};
const setHead = async (orgId: unknown, headUserId: string) => {
  await Organization.updateOne({ _id: orgId }, { $set: { headUserId } });
  await orgChanged(orgId);
};

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
  verificationChain: ['u1'],
  rules: { reminderDays: [1], coDeadlineOffset: 3, escalationDays: 3 },
  status,
  version,
  overdue: false,
  overdueDays: 0,
  escalated: false,
  extensionPending: false,
  inspectionOpen: false,
  extensionsCount: 0,
  executions: [{ organizationId: 'o1', role: 'lead', deadline: '2027-01-29' }],
  reports: [],
  extensionRequests: [],
  inspections: [],
  violations: [],
  children: [],
});

describe('recordChange', () => {
  const change = (v: number, s: AssignmentView['status'], id = 'a-versioned') =>
    mockEnv().run(recordChange, {
      view: { ...view(v, s), id },
      action: `step.${v}`,
      actorId: 'u1',
      ip: '10.0.0.1',
    });

  it('when writes arrive out of order or twice, then the row keeps the newest version, a late one says it is stale, and each change is audited once', async () => {
    expect(await change(1, 'in_execution')).toBe('written');
    expect(await change(3, 'cancelled')).toBe('written');
    // Late: v3 was scheduled only after v2 was written and audited, so nothing is left to do.
    expect(await change(2, 'under_review')).toBe('stale');
    expect(await change(1, 'in_execution')).toBe('stale');
    // A retry of the newest finds it written.
    expect(await change(3, 'cancelled')).toBe('written');
    const row = await AssignmentModel.findById('a-versioned').lean();
    expect(row).toMatchObject({ version: 3, status: 'cancelled' });
    expect(await AssignmentModel.countDocuments({ _id: 'a-versioned' })).toBe(1);
    const events = await AuditEvent.find({ subject: 'assignment:a-versioned' })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => e.action)).toEqual(['step.1', 'step.3']);
    expect(events[0]).toMatchObject({ actorId: 'u1', ip: '10.0.0.1', outcome: 'ok' });
    expect((await verifyChain('assignment:a-versioned')).valid).toBe(true);
  });

  it("when an update would lower a row's version, then the embedded store leaves the row as it was", async () => {
    const id = `a-guard-${crypto.randomUUID()}`;
    await change(5, 'under_review', id);
    // The launcher adds the guard to a new collection within a second.
    await waitUntil('the version guard', async () => {
      await AssignmentModel.updateOne({ _id: id }, { $set: { version: 4, status: 'closed' } });
      const row = await AssignmentModel.findById(id).lean();
      if (row?.version !== 5) {
        await change(5, 'under_review', id);
        throw new Error('not guarded yet');
      }
    });
    expect(await AssignmentModel.findById(id).lean()).toMatchObject({
      version: 5,
      status: 'under_review',
    });
    await AssignmentModel.updateOne({ _id: id }, { $set: { version: 6, status: 'accepted' } });
    expect(await AssignmentModel.findById(id).lean()).toMatchObject({ version: 6 });
  });

  it('when writes of many versions race, then the row ends at the newest and never goes back', async () => {
    const id = `a-race-${crypto.randomUUID()}`;
    await change(1, 'in_execution', id);
    // Every version at once, newest first among the others: each write reads, then writes.
    const versions = Array.from({ length: 30 }, (_, i) => 31 - i);
    const outcomes = await Promise.all(versions.map((v) => change(v, 'under_review', id)));
    expect(outcomes).toContain('stale');
    expect(await AssignmentModel.findById(id, { version: 1 }).lean()).toMatchObject({
      version: 31,
    });
  });
});

describe('notify', () => {
  it('when the same key is sent twice (a retry), then one email goes out, in the recipient locale, with a stable Message-ID', async () => {
    const user = await newUser({
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
      to: { userIds: [String(user._id)] },
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
    const row = await NotificationModel.findById(`${args.key}/${String(user._id)}`).lean();
    expect(row).toMatchObject({ attempts: 1, locale: 'uz-Cyrl', messageId: mail.messageId });
    expect(row?.sentAt).toBeInstanceOf(Date);
  });

  it('when the relay refuses, then the attempt is recorded and the error rethrown for Temporal to retry', async () => {
    const user = await newUser({
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
      to: { userIds: [String(user._id)] },
      template: 'assignment.registered',
      params: { clause: '1', deadline: 'd', text: 't' },
    };
    await expect(mockEnv().run(notify, args)).rejects.toThrow('relay down');
    const row = await NotificationModel.findById(`${key}/${String(user._id)}`).lean();
    expect(row).toMatchObject({ attempts: 1, lastError: 'relay down' });
    expect(row?.sentAt).toBeUndefined();
  });

  /** An organization to notify, its executors added on demand, and a relay that records. */
  async function orgOutbox(name: string) {
    const org = await newOrg(name);
    const sent: string[] = [];
    const relay = { failOn: undefined as string | undefined };
    return {
      sent,
      relay,
      executor: () =>
        newUser({
          fullName: 'Ijrochi',
          email: `${crypto.randomUUID()}@gov.uz`,
          roles: ['executor'],
          organizationId: String(org._id),
        }),
      notify: createNotify({
        send: async (m) => {
          if (m.to === relay.failOn) throw new Error('relay hiccup');
          sent.push(m.to);
        },
        close: () => undefined,
      }),
      args: {
        key: `k-${crypto.randomUUID()}`,
        to: { orgIds: [String(org._id)] },
        template: 'assignment.registered',
        params: { clause: '1', deadline: '2027-01-29', text: 't' },
      },
    };
  }

  it('when a retry follows a send that failed halfway, then only the recipients not yet mailed get it', async () => {
    const { sent, relay, executor, notify, args } = await orgOutbox('Retry org');
    const people = await Promise.all([1, 2, 3].map(() => executor()));
    // Recipients are mailed in id order; the second one's relay fails.
    const ordered = [...people].sort((a, b) => String(a._id).localeCompare(String(b._id)));
    relay.failOn = ordered[1]!.email;
    await expect(mockEnv().run(notify, args)).rejects.toThrow('relay hiccup');
    expect(sent).toEqual([ordered[0]!.email]);
    relay.failOn = undefined;
    await mockEnv().run(notify, args);
    expect(sent).toEqual(ordered.map((p) => p.email));
    const rows = await NotificationModel.find({ _id: new RegExp(`^${args.key}/`) }).lean();
    expect(rows.map((r) => [r.recipientId, r.attempts, Boolean(r.sentAt)]).sort()).toEqual(
      ordered.map((p) => [String(p._id), p === ordered[1] ? 2 : 1, true]).sort(),
    );
  });

  it('when a recipient joins between two attempts, then only the newcomer is mailed on the retry', async () => {
    const { sent, executor, notify, args } = await orgOutbox('Growing org');
    const first = await executor();
    await mockEnv().run(notify, args);
    // The newcomer's row is written in the same batch after the existing one.
    const newcomer = await executor();
    await mockEnv().run(notify, args);
    expect(sent).toEqual([first.email, newcomer.email]);
  });
});

describe('the recipients directory', () => {
  const person = (organizationId: string, roles: Role[], active = true) =>
    newUser({
      fullName: 'Ijrochi',
      email: `${crypto.randomUUID()}@dir.uz`,
      organizationId,
      roles,
      locale: 'uz-Latn',
      active,
    });
  const ids = async (directory: Directory, orgId: string) =>
    (await directory.audience({ orgIds: [orgId] })).map((a) => a.person._id).sort();

  it('answers with what was written a moment before: new people, new organizations, a new head, a disabled account', async () => {
    const directory = new Directory();
    const org = await newOrg('Directory org');
    const orgId = String(org._id);
    const first = await person(orgId, ['executor']);
    await person(orgId, ['controller']);
    expect(await ids(directory, orgId)).toEqual([String(first._id)]);

    const fresh = await newOrg('Made a moment ago');
    const newcomer = await person(String(fresh._id), ['executor']);
    expect(await ids(directory, String(fresh._id))).toEqual([String(newcomer._id)]);

    const headOfRecord = await person(String(fresh._id), ['observer']);
    await setHead(orgId, String(headOfRecord._id));
    expect(await ids(directory, orgId)).toEqual(
      [String(first._id), String(headOfRecord._id)].sort(),
    );
    await User.updateOne({ _id: first._id }, { $set: { active: false } });
    await usersChanged([String(first._id)]);
    expect(await ids(directory, orgId)).toEqual([String(headOfRecord._id)]);
    expect((await directory.audience({ roles: ['controller'] })).length).toBeGreaterThan(0);
  });

  it('loads once however many lookups wait for it, then reads only what changed', async () => {
    const reads = jest.spyOn(User, 'find');
    const byId = jest.spyOn(User, 'findById');
    try {
      const directory = new Directory();
      await Promise.all(
        Array.from({ length: 10 }, () => directory.audience({ roles: ['controller'] })),
      );
      expect(reads).toHaveBeenCalledTimes(1);
      const org = await newOrg('Read by id');
      await person(String(org._id), ['executor']);
      byId.mockClear();
      await directory.audience({ orgIds: [String(org._id)] });
      expect(reads).toHaveBeenCalledTimes(1);
      expect(byId).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      byId.mockRestore();
    }
  });
});
