import { DIGEST_SCHEDULE_ID, ensureSchedule, plans } from '../../api/schedules';
import { waitUntil } from '../../lib/net';
import { DigestItem } from '../../models/digest';
import { NotificationModel } from '../../models/notification';
import { Organization } from '../../models/organization';
import { User } from '../../models/user';
import { ADMIN, useStack } from '../support/stack';

/**
 * The whole way of a digest on the real stack: an admin designates an organization's officer,
 * a person keeps the default (digest) in their profile, an assignment is registered, and the
 * daily Schedule, triggered, mails the digest to the SMTP listener.
 */
const stack = useStack();

describe('the daily digest on its Schedule', () => {
  it('officer by the admin, preference by the person, digest by the Schedule', async () => {
    const s = stack();
    const admin = await s.login(ADMIN.email, ADMIN.password);
    const orgId = await s.addOrg();
    const officer = await s.addUser(['executor'], orgId);
    const member = await s.addUser(['executor'], orgId);
    const outsider = await s.addUser(['executor'], await s.addOrg());
    const controller = await s.addUser(['controller']);

    const designate = (officerUserId: string, token = admin) =>
      s.call('PATCH', `/api/v1/organizations/${orgId}`, { token, body: { officerUserId } });
    expect((await designate(officer.id, member.token)).status).toBe(403);
    const wrong = await designate(outsider.id);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'officerUserId' })]);
    expect((await Organization.findById(orgId).lean())?.officerUserId).toBeNull();
    const made = await designate(officer.id);
    expect(made.status).toBe(200);
    expect(made.body.officerUserId).toBe(officer.id);

    const profile = (body: unknown) => s.call('PATCH', '/api/v1/me', { token: member.token, body });
    expect((await profile({ mailPreference: 'sometimes' })).status).toBe(400);
    expect((await profile({})).status).toBe(400);
    expect((await profile({ roles: ['admin'] })).status).toBe(400);
    const anonymous = await s.call('PATCH', '/api/v1/me', { body: { mailPreference: 'none' } });
    expect(anonymous.status).toBe(401);
    expect((await User.findById(member.id).lean())?.mailPreference).toBe('digest');
    const none = await profile({ mailPreference: 'none', locale: 'uz-Cyrl' });
    expect(none.body).toMatchObject({ mailPreference: 'none', locale: 'uz-Cyrl' });
    expect((await User.findById(member.id).lean())?.mailPreference).toBe('none');
    expect((await profile({ mailPreference: 'digest', locale: 'ru' })).status).toBe(200);
    expect((await s.call('GET', '/api/v1/me', { token: member.token })).body).toMatchObject({
      mailPreference: 'digest',
    });

    const { id } = await s.addAssignment(controller.token, orgId);
    // The officer answers for the organization: mailed at once; the member waits for the digest.
    await s.smtp.waitFor(
      (m) =>
        JSON.stringify(m.to).includes(officer.email) &&
        m.subject?.startsWith('Вашей организации дано поручение') === true,
    );
    await waitUntil('the queued digest entry', async () => {
      if (!(await DigestItem.exists({ recipientId: member.id }))) throw new Error('not yet');
    });
    const inApp = await s.call('GET', '/api/v1/notifications', { token: member.token });
    expect(inApp.body.items).toEqual([expect.objectContaining({ subjectRef: id })]);
    expect(s.smtp.received.filter((m) => JSON.stringify(m.to).includes(member.email))).toEqual([]);

    const taskQueue = s.config.TEMPORAL_TASK_QUEUE;
    const digestPlan = (at: string) =>
      plans({ DIGEST_AT: at, RECONCILE_AT: '02:00', DISCIPLINE_REPORT_AT: 'MON 09:00' }).find(
        (p) => p.id === DIGEST_SCHEDULE_ID,
      )!;
    await ensureSchedule(s.env.client, taskQueue, digestPlan('17:00'));
    // Made again with another time (a restart after DIGEST_AT changed): moved, not refused.
    await ensureSchedule(s.env.client, taskQueue, digestPlan('09:30'));
    const handle = s.env.client.schedule.getHandle(DIGEST_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Tashkent');
    expect(described.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 9, end: 9, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    });
    await handle.trigger();
    const digest = await s.smtp.waitFor(
      (m) => JSON.stringify(m.to).includes(member.email) && m.subject?.startsWith('Ijro') === true,
    );
    expect(digest.subject).toBe('Ijro: ежедневная сводка (уведомлений: 1)');
    expect(digest.text).toContain(`/assignments/${id}`);
    const row = await NotificationModel.findOne({ recipientId: member.id }).lean();
    expect(row?.digestedAt).toBeInstanceOf(Date);
    await handle.delete();
  });
});
