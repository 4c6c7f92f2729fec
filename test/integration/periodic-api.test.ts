import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { periodsBetween } from '../../workflows/periods';
import { localDate } from '../../workflows/timers';
import { useStack } from '../support/stack';

/** A monthly report over the API on the real stack (the periods' timers: periodic-workflow). */
const stack = useStack();
const today = localDate(Date.now());
const monthly = {
  every: 'month',
  dueDay: 10,
  until: periodsBetween({ every: 'month', dueDay: 10, until: '2100-01-01' }, today)[3]!.start,
} as const;
const [current, , , last] = periodsBetween(monthly, today);

let orgs: { lead: string; outside: string };
let people: Record<'controller' | 'lead' | 'outsider', { id: string; token: string }>;
let parentId: string;

const call = (who: { token: string }, method: string, path: string, body?: unknown) =>
  stack().call(method, `/api/v1${path}`, { token: who.token, body });
const register = (assignment: Record<string, unknown>) =>
  call(people.controller, 'POST', '/documents', {
    kind: 'PF',
    number: `PF-${Math.random()}`,
    title: 'Oylik hisobot',
    signedAt: today,
    assignments: [
      { clause: '7-band', text: 'Har oy hisobot berish', leadOrgId: orgs.lead, ...assignment },
    ],
  });

beforeAll(async () => {
  const s = stack();
  orgs = { lead: await s.addOrg(undefined, 'Lead'), outside: await s.addOrg(undefined, 'Outside') };
  people = {
    controller: await s.addUser(['controller'], orgs.outside),
    lead: await s.addUser(['executor'], orgs.lead),
    outsider: await s.addUser(['executor'], orgs.outside),
  };
});

describe('periodic assignments over the API', () => {
  it('registers a monthly assignment whose deadline is the last period’s and opens the current period', async () => {
    const created = await register({ periodicity: monthly });
    expect(created.status).toBe(201);
    parentId = created.body.assignments[0].id;
    expect(created.body.assignments[0]).toMatchObject({ periodicity: monthly });
    // The period's own row: its workflow has started.
    await waitUntil('the first period', async () => {
      if ((await AssignmentModel.countDocuments({ parentId })) !== 1) throw new Error('not yet');
    });
    const detail = await call(people.lead, 'GET', `/assignments/${parentId}`);
    expect(detail.body).toMatchObject({
      periodicity: monthly,
      deadline: expect.stringMatching(last!.due.slice(0, 7)),
      children: [{ period: current!.key, status: 'in_execution' }],
    });
  });

  it('refuses a periodicity with a deadline too, one that has ended, and a bad one, creating nothing', async () => {
    const before = await DocumentModel.countDocuments();
    // Malformed input is a 400 naming the field; an ended periodicity makes no sense: 422.
    for (const [bad, status] of [
      [{ periodicity: monthly, deadline: last!.due }, 400],
      [{}, 400],
      [{ periodicity: { ...monthly, dueDay: 31 } }, 400],
      [{ periodicity: { ...monthly, every: 'week' } }, 400],
      [{ periodicity: { ...monthly, until: '2020-01-01' } }, 422],
    ] as const) {
      const res = await register(bad);
      expect([res.status, res.body.errors?.length > 0]).toEqual([status, true]);
    }
    expect(await DocumentModel.countDocuments()).toBe(before);
  });

  it('takes the period report on the assignment, sends it to the period, and closes the period on acceptance', async () => {
    const before = await AssignmentModel.findById(parentId).lean();
    const refusals = [
      [people.lead, { kind: 'periodic', text: 'x' }, 422, /opened period/],
      [people.lead, { kind: 'periodic', period: '2099-01', text: 'x' }, 422, /opened period/],
      [people.lead, { kind: 'periodic', period: '2027-13', text: 'x' }, 400, /not valid/],
      [people.lead, { kind: 'final', text: 'x' }, 422, /period by period/],
      [people.outsider, { kind: 'periodic', period: current!.key, text: 'x' }, 404, /./],
      [people.controller, { kind: 'periodic', period: current!.key, text: 'x' }, 403, /./],
    ] as const;
    for (const [who, body, status, detail] of refusals) {
      const res = await call(who, 'POST', `/assignments/${parentId}/reports`, body);
      expect([res.status, res.body.detail]).toEqual([status, expect.stringMatching(detail)]);
    }
    const sent = await call(people.lead, 'POST', `/assignments/${parentId}/reports`, {
      kind: 'periodic',
      period: current!.key,
      text: 'Oylik ko‘rsatkichlar',
    });
    expect(sent.status).toBe(201);
    const period = sent.body.assignment;
    expect(period).toMatchObject({ parentId, period: current!.key, status: 'under_review' });
    const accepted = await call(
      people.controller,
      'POST',
      `/assignments/${period.id}/reports/${sent.body.id}/review`,
      { decision: 'accept', rating: 5 },
    );
    expect(accepted.body).toMatchObject({ status: 'closed' });
    await waitUntil('the roll-up', async () => {
      const row = await AssignmentModel.findById(parentId).lean();
      if ((row?.children as { status: string }[])[0]?.status !== 'closed')
        throw new Error('not yet');
    });
    const parent = await AssignmentModel.findById(parentId).lean();
    expect(parent).toMatchObject({ status: 'in_execution', reports: before?.reports ?? [] });
    const again = await call(people.lead, 'POST', `/assignments/${parentId}/reports`, {
      kind: 'periodic',
      period: current!.key,
      text: 'again',
    });
    expect(again.status).toBe(409);
  });

  it('refuses closing the whole by hand; cancelling it cancels the open period', async () => {
    const close = await call(people.controller, 'POST', `/assignments/${parentId}/close`, {});
    expect(close.status).toBe(409);
    const cancelled = await call(people.controller, 'POST', `/assignments/${parentId}/cancel`, {
      reason: 'Qaror bekor qilindi',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    // The closed period stays closed; nothing else was open.
    const periods = await AssignmentModel.find({ parentId }).lean();
    expect(periods.map((p) => [p.period, p.status])).toEqual([[current!.key, 'closed']]);
  });
});
