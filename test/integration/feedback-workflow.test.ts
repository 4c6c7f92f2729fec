import * as m from '../../workflows/messages';
import type { AssignmentView } from '../../workflows/types';
import {
  actor,
  fakeActivities,
  input,
  run,
  today,
  u,
  useTimeSkipping,
  type Handle,
} from '../support/workflow-harness';

useTimeSkipping();

/** The view once the workflow has taken every signal sent so far (its version reached `v`). */
async function at(handle: Handle, version: number): Promise<AssignmentView> {
  for (;;) {
    const view = await handle.query(m.stateQuery);
    if (view.version >= version) return view;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const feedback = (h: Handle, feedbackId: string, rating: number) =>
  h.signal(m.feedbackSignal, { feedbackId, rating, threshold: 2 });

describe('citizen feedback', () => {
  it('counts each feedback once, alerts the controller at the threshold, and again after an inspection', async () => {
    const fake = fakeActivities();
    const view = await run(fake.activities, input({ public: true }), async (handle) => {
      const start = (await handle.query(m.stateQuery)).version;
      await feedback(handle, 'f1', 1);
      await feedback(handle, 'f1', 1);
      await feedback(handle, 'f2', 5);
      await feedback(handle, 'f3', 2);
      await feedback(handle, 'f4', 1);
      const counted = await at(handle, start + 4);
      expect(counted.feedback).toMatchObject({
        received: 4,
        negative: 3,
        sinceInspection: 3,
        alerted: true,
      });
      const planned = new Date(Date.parse(today()) + 86_400_000).toISOString().slice(0, 10);
      await handle.executeUpdate(m.inspectionUpdate, {
        args: [
          { ...actor(u.inspector), plannedAt: planned, inspectorIds: [u.inspector], orgIds: [] },
        ],
      });
      const inspected = await handle.query(m.stateQuery);
      expect(inspected.feedback).toMatchObject({ sinceInspection: 0, alerted: false });
      await feedback(handle, 'f5', 2);
      await feedback(handle, 'f6', 1);
      return at(handle, inspected.version + 2);
    });
    expect(view.feedback).toMatchObject({ received: 6, negative: 5, alerted: true });
    const alerts = fake.sent.filter((n) => n.template === 'assignment.feedback_alert');
    expect(alerts.map((n) => [n.to, n.params.negative])).toEqual([
      [{ userIds: [u.controller] }, '2'],
      [{ userIds: [u.controller] }, '2'],
    ]);
    expect(fake.changes.filter((c) => c.action === 'assignment.feedback')).toHaveLength(6);
  });

  it('takes no feedback once the assignment ended', async () => {
    const fake = fakeActivities();
    const view = await run(fake.activities, input({ public: true }), async (handle) => {
      await handle.executeUpdate(m.cancelUpdate, {
        args: [{ ...actor(u.controller), reason: 'Bekor qilindi' }],
      });
      // It may have completed already (the signal is refused) or still be draining (ignored).
      await feedback(handle, 'f1', 1).catch(() => undefined);
      return handle.query(m.stateQuery);
    });
    expect(view.status).toBe('cancelled');
    expect(view.feedback).toBeUndefined();
    expect(fake.changes.map((c) => c.action)).not.toContain('assignment.feedback');
  });
});
