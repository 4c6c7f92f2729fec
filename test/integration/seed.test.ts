import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { Organization } from '../../models/organization';
import { User } from '../../models/user';
import { ApiClient } from '../../scripts/seed/api-client';
import { seedDemo } from '../../scripts/seed/demo';
import { scalePlan } from '../../scripts/seed/scale';
import { seedScale } from '../../scripts/seed/scale-load';
import { localDate } from '../../workflows/timers';
import { ADMIN, useStack } from '../support/stack';

const stack = useStack();

it('loads the demo through the API: the tree, every role, assignments in every state', async () => {
  const admin = await new ApiClient(stack().base).login(ADMIN.email, ADMIN.password);
  const result = await seedDemo(admin);

  expect(await Organization.countDocuments({ type: 'khokimiyat' })).toBe(14);
  expect(await Organization.countDocuments({ type: 'ministry' })).toBe(5);
  const roles = new Set((await User.find().lean()).flatMap((u) => u.roles));
  expect([...roles].sort()).toEqual([
    'admin',
    'controller',
    'executor',
    'inspector',
    'observer',
    'org_head',
  ]);
  const observer = result.users.find((u) => u.roles.includes('observer'));
  await new ApiClient(stack().base).login(observer!.email, result.password);

  const a = result.assignments;
  const row = (id: string | undefined) => AssignmentModel.findById(id).lean();
  expect((await row(a.executing))?.status).toBe('in_execution');
  expect((await row(a.review))?.status).toBe('under_review');
  expect((await row(a.accepted))?.status).toBe('accepted');
  expect((await row(a.closed))?.status).toBe('closed');
  expect((await row(a.cancelled))?.status).toBe('cancelled');
  expect(await row(a.extension)).toMatchObject({ extensionPending: true });
  expect(await row(a.inspection)).toMatchObject({ inspectionOpen: true });
  expect((await row(a.passedDown))?.children).toHaveLength(1);
  // The monthly assignment: its current period opened and holds the report awaiting review.
  expect(await row(a.periodic)).toMatchObject({ periodicity: { every: 'month', dueDay: 10 } });
  const periods = await AssignmentModel.find({ parentId: a.periodic }).lean();
  expect(periods.map((p) => [p.period, p.status])).toEqual([
    [localDate(Date.now()).slice(0, 7), 'under_review'],
  ]);
  // Registered with a deadline already past: overdue at once.
  for (let i = 0; i < 50 && !(await row(a.overdue))?.overdue; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(await row(a.overdue)).toMatchObject({ overdue: true });
  // The public pages have something to show: four public assignments, one report's text.
  expect(await AssignmentModel.countDocuments({ public: true })).toBe(4);
  const shown = await stack().call('GET', `/api/v1/public/assignments/${a.accepted}`);
  expect(shown.body.timeline.filter((e: { event: string }) => e.event === 'reported')).toEqual([
    expect.objectContaining({ text: 'Topshiriq bajarildi, hisobot ilova qilinadi.' }),
  ]);

  const orgs = await Organization.countDocuments();
  await expect(seedDemo(admin)).rejects.toThrow(/already loaded/);
  expect(await Organization.countDocuments()).toBe(orgs);
});

it('loads the 2019 scale × 0.002 through the API and refuses a second load', async () => {
  const admin = await new ApiClient(stack().base).login(ADMIN.email, ADMIN.password);
  const plan = scalePlan({ fraction: 0.002, seed: 2019, today: localDate(Date.now()) });
  const before = {
    orgs: await Organization.countDocuments(),
    rows: await AssignmentModel.countDocuments(),
    docs: await DocumentModel.countDocuments(),
  };
  // A small backlog, so registration also waits for the worker's rows on the way.
  const hasRow = (id: string) => admin.exists(`/assignments/${id}`);
  const opts = { concurrency: 2, maxPending: 10, hasRow, log: () => undefined };
  const seeded = await seedScale(admin, plan, opts);

  expect(await Organization.countDocuments()).toBe(before.orgs + 6);
  expect(await User.countDocuments({ email: /@scale\.ijro\.uz$/ })).toBe(35);
  expect(await DocumentModel.countDocuments()).toBe(before.docs + 6);
  expect(seeded.documents.flatMap((d) => d.assignmentIds)).toHaveLength(50);
  // seedScale returns once every row exists.
  expect(await AssignmentModel.countDocuments()).toBe(before.rows + 50);
  await expect(seedScale(admin, plan, opts)).rejects.toThrow(/already has scale data/);
});
