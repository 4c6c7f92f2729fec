import crypto from 'node:crypto';
import { trusted } from 'mongoose';
import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { AuditEvent } from '../../models/audit';
import { Feedback } from '../../models/feedback';
import { signedFeedback } from '../../scripts/jamoatfikri-send';
import { useStack } from '../support/stack';

/**
 * Citizens' feedback: from the public pages (limited per address, a honeypot) and signed by
 * jamoatfikri.uz (Standard Webhooks: signature, 5-minute tolerance, one webhook id taken once);
 * counted by the assignment's workflow, which alerts the controller past the threshold; shown
 * to the public only once the controller published it.
 */
const SECRET = `whsec_${crypto.randomBytes(32).toString('base64')}`;
const stack = useStack({
  JAMOATFIKRI_WEBHOOK_SECRET: SECRET,
  FEEDBACK_PER_HOUR: '6',
  NEGATIVE_FEEDBACK_THRESHOLD: '2',
});
type Caller = { id: string; token: string; email: string };
let people: Record<'controller' | 'other' | 'executor' | 'observer', Caller>;
let ids: { open: string; internal: string; closed: string };

const call = (method: string, path: string, opts: { token?: string; body?: unknown } = {}) =>
  stack().call(method, `/api/v1${path}`, opts);
const post = async (who: Caller, path: string, body: unknown) => {
  const res = await call('POST', path, { token: who.token, body });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
/** Posts a signed delivery exactly as it was signed. */
const send = (signed: { headers: Record<string, string>; body: string }) =>
  fetch(`${stack().base}/api/v1/integrations/jamoatfikri/feedback`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  }).then(async (res) => ({ status: res.status, body: JSON.parse(await res.text()) }));
const webhook = (
  data: Record<string, unknown>,
  opts: { id?: string; at?: Date; secret?: string } = {},
) => send(signedFeedback(opts.secret ?? SECRET, data as never, opts));
const sample = (assignmentId: string, rating = 2) => ({
  assignmentId,
  text: 'Ko‘chadagi chiroqlar hali ham yonmayapti.',
  rating,
  region: 'Samarqand viloyati',
});
const rowOf = (id: string) => AssignmentModel.findById(id).lean();
const tallied = (id: string, received: number) =>
  waitUntil(`feedback counted on ${id}`, async () => {
    const row = await rowOf(id);
    if ((row?.feedback as { received?: number } | undefined)?.received !== received)
      throw new Error(`counted ${JSON.stringify(row?.feedback)}`);
  });

beforeAll(async () => {
  const s = stack();
  const org = await s.addOrg(undefined, 'Energetika vazirligi');
  people = {
    controller: (await s.addUser(['controller'])) as Caller,
    other: (await s.addUser(['controller'])) as Caller,
    executor: (await s.addUser(['executor'], org)) as Caller,
    observer: (await s.addUser(['observer'])) as Caller,
  };
  const doc = await post(people.controller, '/documents', {
    kind: 'PQ',
    number: 'PQ-4242',
    title: 'Ko‘chalarni yoritish',
    signedAt: '2026-02-01',
    assignments: ['1', '2', '3'].map((clause) => ({
      clause,
      text: 'Ko‘chalarni yoritish',
      leadOrgId: org,
      deadline: '2099-06-30',
      public: clause !== '2',
    })),
  });
  const [open, internal, closed] = (doc.assignments as { id: string }[]).map((a) => a.id);
  ids = { open: open!, internal: internal!, closed: closed! };
  await post(people.controller, `/assignments/${ids.closed}/cancel`, { reason: 'Bekor qilindi' });
});

describe('the jamoatfikri.uz webhook', () => {
  it('takes signed feedback once per webhook id and signals the workflow', async () => {
    const delivery = signedFeedback(SECRET, sample(ids.open, 4));
    const id = delivery.headers['webhook-id'];
    const first = await send(delivery);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', duplicate: false });
    await tallied(ids.open, 1);
    // The same delivery again (a retry, or a replay inside the tolerance) adds nothing.
    const again = await send(delivery);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(await Feedback.countDocuments({ webhookId: id })).toBe(1);
    const stored = await Feedback.findById(first.body.id).lean();
    expect(stored).toMatchObject({ source: 'jamoatfikri', rating: 4, signalled: true });
    // The same id with another body is refused.
    const reused = await webhook(sample(ids.open, 1), { id });
    expect(reused.status).toBe(409);
    await new Promise((r) => setTimeout(r, 300));
    expect((await rowOf(ids.open))?.feedback).toMatchObject({ received: 1, negative: 0 });
  });

  it('refuses bad signatures, stale or future timestamps and missing headers', async () => {
    const before = await Feedback.countDocuments();
    const forged = await webhook(sample(ids.open), {
      secret: `whsec_${crypto.randomBytes(32).toString('base64')}`,
    });
    expect(forged.status).toBe(401);
    const stale = await webhook(sample(ids.open), { at: new Date(Date.now() - 6 * 60_000) });
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toMatch(/5 minutes/);
    const future = await webhook(sample(ids.open), { at: new Date(Date.now() + 6 * 60_000) });
    expect(future.status).toBe(401);
    // Inside the tolerance is taken.
    const late = await webhook(sample(ids.open, 5), { at: new Date(Date.now() - 4 * 60_000) });
    expect(late.status).toBe(200);
    // A body changed after signing.
    const signed = signedFeedback(SECRET, sample(ids.open));
    const tampered = await fetch(`${stack().base}/api/v1/integrations/jamoatfikri/feedback`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body.replace('"rating":2', '"rating":5'),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await call('POST', '/integrations/jamoatfikri/feedback', {
      body: {
        type: 'feedback.created',
        timestamp: new Date().toISOString(),
        data: sample(ids.open),
      },
    });
    expect(unsigned.status).toBe(401);
    expect(await Feedback.countDocuments()).toBe(before + 1);
  });

  it('refuses malformed payloads and assignments that are not public or not open', async () => {
    const before = await Feedback.countDocuments();
    for (const data of [
      { ...sample(ids.open), rating: 7 },
      { ...sample(ids.open), text: 'qisqa' },
      { ...sample(ids.open), extra: 1 },
      { ...sample(ids.open), assignmentId: 'x' },
    ])
      expect((await webhook(data)).status).toBe(400);
    expect((await webhook(sample(ids.internal))).status).toBe(404);
    expect((await webhook(sample(crypto.randomBytes(12).toString('hex')))).status).toBe(404);
    expect((await webhook(sample(ids.closed))).status).toBe(409);
    expect(await Feedback.countDocuments()).toBe(before);
  });
});

describe('feedback from the public pages', () => {
  it('takes feedback, drops what a robot sends, and limits each address', async () => {
    const before = await Feedback.countDocuments();
    const robot = await call('POST', '/public/feedback', {
      body: { ...sample(ids.open), website: 'http://spam.example' },
    });
    expect(robot.status).toBe(201);
    expect(await Feedback.countDocuments()).toBe(before);
    for (const body of [
      { ...sample(ids.open), rating: 0 },
      { ...sample(ids.open), region: '' },
      { ...sample(ids.open), text: 'x'.repeat(4001) },
      { ...sample(ids.open), author: 'Ali' },
    ])
      expect((await call('POST', '/public/feedback', { body })).status).toBe(400);
    expect((await call('POST', '/public/feedback', { body: sample(ids.internal) })).status).toBe(
      404,
    );
    expect((await call('POST', '/public/feedback', { body: sample(ids.closed) })).status).toBe(409);
    expect(await Feedback.countDocuments()).toBe(before);
    // Six an hour from one address (the two refused above counted): the two negative ones
    // pass the threshold of two.
    const taken = [];
    for (const rating of [1, 2, 5, 3]) {
      const res = await call('POST', '/public/feedback', { body: sample(ids.open, rating) });
      expect(res.status).toBe(201);
      taken.push(res.body.id);
    }
    const fifth = await call('POST', '/public/feedback', { body: sample(ids.open) });
    expect(fifth.status).toBe(429);
    expect(await Feedback.countDocuments({ _id: trusted({ $in: taken }), source: 'portal' })).toBe(
      4,
    );
    await tallied(ids.open, 6);
  });

  it('tells the controller once negative feedback passes the threshold', async () => {
    const mail = await stack().smtp.waitFor(
      (m) =>
        JSON.stringify(m.to).includes(people.controller.email) &&
        (m.subject ?? '').startsWith('Много отрицательных отзывов граждан'),
    );
    expect(mail.text).toContain('Отрицательных отзывов с последней проверки: 2');
    const row = await rowOf(ids.open);
    expect(row?.feedback).toMatchObject({ negative: 2, sinceInspection: 2, alerted: true });
    const view = await call('GET', `/assignments/${ids.open}`, { token: people.controller.token });
    expect(view.body.feedback).toMatchObject({ alerted: true, sinceInspection: 2 });
    // An inspection answers them: the count starts again.
    const inspector = await stack().addUser(['inspector']);
    await post(inspector as Caller, `/assignments/${ids.open}/inspections`, {
      plannedAt: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      inspectorIds: [inspector.id],
    });
    const after = await rowOf(ids.open);
    expect(after?.feedback).toMatchObject({ negative: 2, sinceInspection: 0, alerted: false });
  });
});

describe('moderation', () => {
  it('lists feedback for those who see the assignment, and publishes or hides it', async () => {
    const list = await call('GET', `/assignments/${ids.open}/feedback?status=pending`, {
      token: people.controller.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(6);
    const [first, second] = list.body.items as { id: string }[];
    const publicList = () => call('GET', `/public/assignments/${ids.open}/feedback`);
    expect((await publicList()).body.total).toBe(0);

    const at = (id: string) => `/assignments/${ids.open}/feedback/${id}/moderation`;
    const published = await post(people.controller, at(first!.id), { decision: 'publish' });
    expect(published).toMatchObject({ status: 'published', moderatedBy: people.controller.id });
    const hidden = await post(people.controller, at(second!.id), {
      decision: 'hide',
      reason: 'Haqoratli so‘zlar',
    });
    expect(hidden).toMatchObject({ status: 'hidden', moderationReason: 'Haqoratli so‘zlar' });
    const shown = await publicList();
    expect(shown.body.total).toBe(1);
    expect(Object.keys(shown.body.items[0]).sort()).toEqual(
      ['createdAt', 'id', 'rating', 'region', 'source', 'text'].sort(),
    );
    const events = await AuditEvent.find({
      subject: `assignment:${ids.open}`,
      action: /^feedback\./,
    }).lean();
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['feedback.publish', people.controller.id],
      ['feedback.hide', people.controller.id],
    ]);
  });

  it('refuses the wrong person, the wrong state and malformed decisions, changing nothing', async () => {
    const [item] = (
      await call('GET', `/assignments/${ids.open}/feedback?status=pending`, {
        token: people.controller.token,
      })
    ).body.items as { id: string }[];
    const at = `/assignments/${ids.open}/feedback/${item!.id}/moderation`;
    const decide = (who: Caller, body: unknown, path = at) =>
      call('POST', path, { token: who.token, body });
    expect((await decide(people.other, { decision: 'publish' })).status).toBe(403);
    expect((await decide(people.executor, { decision: 'publish' })).status).toBe(403);
    expect((await decide(people.observer, { decision: 'publish' })).status).toBe(403);
    expect((await decide(people.controller, { decision: 'hide' })).status).toBe(400);
    expect((await decide(people.controller, { decision: 'delete' })).status).toBe(400);
    const elsewhere = `/assignments/${ids.internal}/feedback/${item!.id}/moderation`;
    expect((await decide(people.controller, { decision: 'publish' }, elsewhere)).status).toBe(404);
    expect(await Feedback.findById(item!.id).lean()).toMatchObject({ status: 'pending' });
    expect((await decide(people.controller, { decision: 'publish' })).status).toBe(200);
    expect((await decide(people.controller, { decision: 'publish' })).status).toBe(409);
    // An executor of the organization reads the feedback; someone outside it does not.
    const stranger = await stack().addUser(['executor'], await stack().addOrg());
    const read = (who: { token: string }) =>
      call('GET', `/assignments/${ids.open}/feedback`, { token: who.token });
    expect((await read(people.executor)).status).toBe(200);
    expect((await read(stranger)).status).toBe(404);
    expect((await call('GET', `/public/assignments/${ids.internal}/feedback`)).status).toBe(404);
  });
});
