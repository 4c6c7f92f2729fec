import crypto from 'node:crypto';
import { createSendDigests } from '../../activities/digest';
import { Directory } from '../../activities/directory';
import { createNotify } from '../../activities/notify';
import { usersChanged } from '../../api/users';
import { appendChanges } from '../../lib/change-log';
import { createMailer, type Mailer } from '../../lib/mailer';
import { AssignmentModel } from '../../models/assignment';
import { Digest, DigestItem } from '../../models/digest';
import { DocumentModel } from '../../models/document';
import { NotificationModel } from '../../models/notification';
import { Organization } from '../../models/organization';
import { User, type MailPreference, type Role } from '../../models/user';
import { useTestDb } from '../support/db';
import { startSmtp } from '../support/smtp';

/**
 * Who is mailed at once, who in the daily digest and who only in the app, with a real SMTP
 * listener: the activities as the worker runs them, on the test database.
 */
let db: Awaited<ReturnType<typeof useTestDb>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let mailer: Mailer;
beforeAll(async () => {
  db = await useTestDb();
  smtp = await startSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Ijro <no-reply@ijro.test>', dataDir: '/x' });
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await db?.drop();
});

const PUBLIC = 'https://ijro.example.uz';
const mailTo = (email: string) => smtp.received.filter((m) => JSON.stringify(m.to).includes(email));

async function person(orgId: string | undefined, roles: Role[], mailPreference?: MailPreference) {
  const user = await User.create({
    fullName: roles.join('+'),
    email: `${crypto.randomUUID()}@mail.uz`,
    roles,
    organizationId: orgId,
    locale: 'en',
    ...(mailPreference ? { mailPreference } : {}),
  });
  await usersChanged([String(user._id)]);
  return { id: String(user._id), email: user.email };
}

/** An organization with a head, an officer, and executors of each mail preference. */
async function ministry(withOfficer = true) {
  const org = await Organization.create({ name: 'Vazirlik', type: 'ministry' });
  const orgId = String(org._id);
  const head = await person(orgId, ['org_head']);
  const officer = await person(orgId, ['executor']);
  const eager = await person(orgId, ['executor'], 'immediate');
  const usual = await person(orgId, ['executor']);
  const quiet = await person(orgId, ['executor'], 'none');
  await Organization.updateOne(
    { _id: orgId },
    { $set: { headUserId: head.id, ...(withOfficer ? { officerUserId: officer.id } : {}) } },
  );
  await appendChanges([{ kind: 'organization', id: orgId }]);
  return { orgId, head, officer, eager, usual, quiet };
}

/** A document and an assignment row led by `orgId`, with its responsible person if named. */
async function assignment(orgId: string, responsibleId?: string) {
  const doc = await DocumentModel.create({
    kind: 'PF',
    number: `PF-${crypto.randomInt(1000, 9999)}`,
    title: 'Ijro intizomini mustahkamlash to‘g‘risida',
    signedAt: '2019-01-10',
    registeredBy: 'u',
  });
  await appendChanges([{ kind: 'document', id: String(doc._id) }]);
  const id = crypto.randomBytes(12).toString('hex');
  await AssignmentModel.create({
    _id: id,
    version: 1,
    documentId: String(doc._id),
    clause: '7-band',
    text: 't',
    leadOrgId: orgId,
    controllerId: 'c',
    deadline: '2027-03-01',
    status: 'in_execution',
    executions: [{ organizationId: orgId, role: 'lead', deadline: '2027-03-01', responsibleId }],
  });
  return { id, number: doc.number };
}

const notifyArgs = (subjectRef: string, orgId: string, userIds: string[] = []) => ({
  key: `assignment-${subjectRef}/v2/assignment.overdue`,
  to: { orgIds: [orgId], userIds },
  template: 'assignment.overdue',
  params: { clause: '7-band', deadline: '2027-03-01', text: 'Matn' },
  subjectRef,
});

const rowsOf = async (key: string) =>
  Object.fromEntries(
    (await NotificationModel.find({ _id: new RegExp(`^${key}/`) }).lean()).map((r) => [
      r.recipientId,
      r,
    ]),
  );

describe('mail to the people responsible', () => {
  it('mails the person named on the assignment and the controller at once; the rest of the organization by their choice, all of them in the app', async () => {
    const m = await ministry();
    const controller = await person(undefined, ['controller']);
    const a = await assignment(m.orgId, m.usual.id);
    const notify = createNotify(mailer, { publicUrl: PUBLIC });
    const args = notifyArgs(a.id, m.orgId, [controller.id]);
    await notify(args);

    const rows = await rowsOf(args.key);
    expect(Object.keys(rows).sort()).toEqual(
      [controller, m.head, m.officer, m.eager, m.usual, m.quiet].map((p) => p.id).sort(),
    );
    const delivery = (p: { id: string }) => rows[p.id]?.delivery;
    expect([m.usual, controller, m.eager].map(delivery)).toEqual([
      'immediate',
      'immediate',
      'immediate',
    ]);
    expect([m.head, m.officer].map(delivery)).toEqual(['digest', 'digest']);
    expect(delivery(m.quiet)).toBe('none');
    expect(rows[m.quiet.id]?.channels).toEqual(['in_app']);

    const mail = await smtp.waitFor((x) => JSON.stringify(x.to).includes(m.usual.email));
    expect(mail.subject).toBe(`The deadline has passed: ${a.number}, 7-band`);
    expect(mail.text).toContain(`Document: ${a.number} (2019-01-10) Ijro intizomini`);
    expect(mail.text).toContain(`${PUBLIC}/assignments/${a.id}`);
    await smtp.waitFor((x) => JSON.stringify(x.to).includes(controller.email));
    await smtp.waitFor((x) => JSON.stringify(x.to).includes(m.eager.email));
    for (const p of [m.head, m.officer, m.quiet]) expect(mailTo(p.email)).toEqual([]);
    const queued = await DigestItem.find({ _id: new RegExp(`^${args.key}/`) }).lean();
    expect(queued.map((q) => q.recipientId).sort()).toEqual([m.head.id, m.officer.id].sort());

    // A retry mails nobody again and queues nothing twice.
    await notify(args);
    for (const p of [m.usual, controller, m.eager]) expect(mailTo(p.email)).toHaveLength(1);
    expect(await DigestItem.countDocuments({ _id: new RegExp(`^${args.key}/`) })).toBe(2);
  });

  it('without a person named, the designated officer answers; without an officer, the head', async () => {
    const notify = createNotify(mailer, { publicUrl: PUBLIC });
    const m = await ministry();
    const a = await assignment(m.orgId);
    await notify(notifyArgs(a.id, m.orgId));
    await smtp.waitFor((x) => JSON.stringify(x.to).includes(m.officer.email));
    expect((await rowsOf(notifyArgs(a.id, m.orgId).key))[m.head.id]?.delivery).toBe('digest');

    const n = await ministry(false);
    const b = await assignment(n.orgId);
    await notify(notifyArgs(b.id, n.orgId));
    await smtp.waitFor((x) => JSON.stringify(x.to).includes(n.head.email));
    expect(mailTo(n.officer.email)).toEqual([]);

    // A named person who has left is passed over for the officer.
    const o = await ministry();
    const c = await assignment(o.orgId, o.usual.id);
    await User.updateOne({ _id: o.usual.id }, { $set: { active: false } });
    await usersChanged([o.usual.id]);
    await notify(notifyArgs(c.id, o.orgId));
    await smtp.waitFor((x) => JSON.stringify(x.to).includes(o.officer.email));
    expect(mailTo(o.usual.email)).toEqual([]);
  });

  it('without a head on record its org heads answer; with nobody to answer, the organization is mailed whole at once', async () => {
    const agency = async () => {
      const org = await Organization.create({ name: 'Boshsiz', type: 'agency' });
      await appendChanges([{ kind: 'organization', id: String(org._id) }]);
      return String(org._id);
    };
    const notify = createNotify(mailer);
    const headed = await agency();
    const heads = [await person(headed, ['org_head'], 'none'), await person(headed, ['org_head'])];
    const staff = await person(headed, ['executor']);
    await notify(notifyArgs((await assignment(headed)).id, headed));
    for (const p of heads) await smtp.waitFor((x) => JSON.stringify(x.to).includes(p.email));
    expect(mailTo(staff.email)).toEqual([]);

    const headless = await agency();
    const all = [
      await person(headless, ['executor']),
      await person(headless, ['executor'], 'none'),
    ];
    await notify(notifyArgs((await assignment(headless)).id, headless));
    for (const p of all) await smtp.waitFor((x) => JSON.stringify(x.to).includes(p.email));
  });
});

describe('the daily digest', () => {
  it('mails each waiting person one digest of their notifications with links, once; a retried notify after it queues nothing', async () => {
    const m = await ministry();
    const a = await assignment(m.orgId, m.usual.id);
    const b = await assignment(m.orgId, m.usual.id);
    const notify = createNotify(mailer, { publicUrl: PUBLIC });
    await notify(notifyArgs(a.id, m.orgId));
    await notify({ ...notifyArgs(b.id, m.orgId), template: 'assignment.reminder' });
    const sendDigests = createSendDigests(mailer, new Directory(), PUBLIC);
    const result = await sendDigests();
    expect(result.mailed).toBeGreaterThanOrEqual(2);

    for (const p of [m.head, m.officer]) {
      const digest = await smtp.waitFor(
        (x) =>
          JSON.stringify(x.to).includes(p.email) && x.subject?.startsWith('Ijro: daily') === true,
      );
      expect(digest.subject).toBe('Ijro: daily digest (notifications: 2)');
      expect(digest.text).toContain(`The deadline has passed: ${a.number}, 7-band`);
      expect(digest.text).toContain(`The deadline is approaching: ${b.number}, 7-band`);
      expect(digest.text).toContain(`${PUBLIC}/assignments/${a.id}`);
      expect(digest.text).toContain(`${PUBLIC}/assignments/${b.id}`);
      expect(mailTo(p.email)).toHaveLength(1);
    }
    expect(mailTo(m.quiet.email)).toEqual([]);
    expect(await DigestItem.countDocuments({ recipientId: m.head.id })).toBe(0);
    const carried = await NotificationModel.findById(
      `${notifyArgs(a.id, m.orgId).key}/${m.head.id}`,
    ).lean();
    expect(carried?.digestedAt).toBeInstanceOf(Date);

    await notify(notifyArgs(a.id, m.orgId));
    expect(await DigestItem.countDocuments({ recipientId: m.head.id })).toBe(0);
    await sendDigests();
    expect(mailTo(m.head.email)).toHaveLength(1);
  });

  it('when the relay fails halfway, the retry mails only the digests not yet sent, each once', async () => {
    await DigestItem.deleteMany({});
    const m = await ministry();
    const a = await assignment(m.orgId, m.usual.id);
    await createNotify(mailer)(notifyArgs(a.id, m.orgId));
    let sends = 0;
    const flaky: Mailer = {
      send: async (msg) => {
        sends += 1;
        if (sends === 2) throw new Error('relay down');
        await mailer.send(msg);
      },
      close: () => undefined,
    };
    const directory = new Directory();
    await expect(createSendDigests(flaky, directory)()).rejects.toThrow('relay down');
    expect(await DigestItem.countDocuments({})).toBe(1);
    expect(await createSendDigests(mailer, directory)()).toEqual({ mailed: 1, carried: 1 });
    for (const p of [m.head, m.officer]) {
      await smtp.waitFor((x) => JSON.stringify(x.to).includes(p.email));
      expect(mailTo(p.email)).toHaveLength(1);
      const digests = await Digest.find({ recipientId: p.id }).lean();
      expect(digests.map((d) => d.sentAt instanceof Date)).toEqual([true]);
    }
    expect(await DigestItem.countDocuments({})).toBe(0);
    expect(await createSendDigests(mailer, directory)()).toEqual({ mailed: 0, carried: 0 });
  });
});
