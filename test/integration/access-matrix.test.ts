import crypto from 'node:crypto';
import mongoose, { trusted } from 'mongoose';
import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { AuditEvent } from '../../models/audit';
import { Organization } from '../../models/organization';
import { ROLES, User, type Role } from '../../models/user';
import { assignmentWorkflowId } from '../../workflows/types';
import { useStack } from '../support/stack';

/**
 * Every endpoint × every role × the caller's organization relative to the object: `own` (the
 * object's organization A), `ancestor` (M, the ministry above A) or `other` (O, unrelated).
 * Each case asserts the status; a refusal must change nothing and leave an audit event.
 */
const stack = useStack();

const RELATIONS = ['own', 'ancestor', 'other'] as const;
type Relation = (typeof RELATIONS)[number];
const WIDE: Role[] = ['admin', 'controller', 'observer', 'inspector'];

/** Whether a role in that relation sees objects of organization A. */
const sees = (role: Role, rel: Relation) =>
  WIDE.includes(role) ||
  (role === 'executor' && rel === 'own') ||
  (role === 'org_head' && rel !== 'other');

interface World {
  orgs: { M: string; A: string; S: string; O: string };
  /** The assignment every read case looks at (lead A). */
  assignment: { id: string; documentId: string };
  /** An executor of A: the object of the user cases. */
  userOfA: string;
  controller: { id: string; token: string };
  actors: Map<string, { id: string; token: string }>;
}
let world: World;

beforeAll(async () => {
  const s = stack();
  const M = await s.addOrg(undefined, 'Vazirlik M');
  const A = await s.addOrg(M, 'Agentlik A');
  const S = await s.addOrg(A, 'Bo‘linma S');
  const O = await s.addOrg(undefined, 'Vazirlik O');
  const orgOf: Record<Relation, string> = { own: A, ancestor: M, other: O };
  const actors = new Map<string, { id: string; token: string }>();
  for (const role of ROLES)
    for (const rel of RELATIONS) actors.set(`${role}/${rel}`, await s.addUser([role], orgOf[rel]));
  const controller = await s.addUser(['controller'], O);
  world = {
    orgs: { M, A, S, O },
    assignment: await s.addAssignment(controller.token, A),
    userOfA: (await s.addUser(['executor'], A)).id,
    controller,
    actors,
  };
});

/** Everything a refused request must leave as it was (audit events aside: they are expected). */
async function snapshot(extraAssignment?: string) {
  const names = ['organizations', 'users', 'documents', 'assignments', 'revokedtokens'];
  const db = mongoose.connection.db!;
  const counts = await Promise.all(names.map((n) => db.collection(n).countDocuments()));
  const ids = [world.assignment.id, ...(extraAssignment ? [extraAssignment] : [])];
  return {
    counts,
    orgA: await Organization.findById(world.orgs.A).lean(),
    userOfA: await User.findById(world.userOfA).lean(),
    assignments: await AssignmentModel.find({ _id: trusted({ $in: ids }) })
      .sort({ _id: 1 })
      .lean(),
    workflows: await Promise.all(
      ids.map(async (id) => {
        const d = await stack().env.client.workflow.getHandle(assignmentWorkflowId(id)).describe();
        return d.status.name;
      }),
    ),
  };
}

/** The fields of answers the checks look at. */
interface Answer {
  items: { id: string }[];
  total: number;
  assignments: unknown[];
  valid: boolean;
}

interface Case {
  name: string;
  /** Cases whose success changes the assignment get a fresh one each (from a pool). */
  fresh?: boolean;
  request: (
    w: World,
    fresh: string | undefined,
  ) => { method: string; path: string; body?: unknown; csv?: string };
  expect: (role: Role, rel: Relation) => number;
  /** Extra check of what came back, e.g. that a list holds only visible rows. */
  check?: (body: Answer, role: Role, rel: Relation, w: World) => void | Promise<void>;
}

/**
 * Rows of assignments just started arrive after the answer; waiting for them keeps the next
 * case from seeing them come and taking it for a change made by a refusal.
 */
async function rowsArrive(body: Answer): Promise<void> {
  const ids = (body.assignments ?? []).map((a) => (a as { id: string }).id);
  await waitUntil('assignment rows', async () => {
    const rows = await AssignmentModel.countDocuments({ _id: trusted({ $in: ids }) });
    if (rows < ids.length) throw new Error('not yet');
  });
}

const adminOnly = (ok: number) => (role: Role) => (role === 'admin' ? ok : 403);
const visibleOr404 = (role: Role, rel: Relation) => (sees(role, rel) ? 200 : 404);
const uniqueEmail = () => `${crypto.randomUUID()}@matrix.uz`;

const CASES: Case[] = [
  { name: 'GET /me', request: () => ({ method: 'GET', path: '/me' }), expect: () => 200 },
  {
    name: 'GET /organizations',
    request: () => ({ method: 'GET', path: '/organizations' }),
    expect: () => 200,
    check: (body) => expect(body.total).toBeGreaterThanOrEqual(4),
  },
  {
    name: 'GET /organizations/:id',
    request: (w) => ({ method: 'GET', path: `/organizations/${w.orgs.A}` }),
    expect: () => 200,
  },
  {
    name: 'POST /organizations',
    request: (w) => ({
      method: 'POST',
      path: '/organizations',
      body: { name: 'Yangi bo‘linma', type: 'subdivision', parentId: w.orgs.A },
    }),
    expect: adminOnly(201),
  },
  {
    name: 'PATCH /organizations/:id',
    request: (w) => ({
      method: 'PATCH',
      path: `/organizations/${w.orgs.A}`,
      body: { email: 'devon@agentlik.uz' },
    }),
    expect: adminOnly(200),
  },
  {
    name: 'POST /organizations/import',
    request: (w) => ({
      method: 'POST',
      path: '/organizations/import',
      csv: `name,type,parentId\nImport bo‘limi,subdivision,${w.orgs.A}\n`,
    }),
    expect: adminOnly(201),
  },
  {
    name: 'GET /users?organizationId=A (scoped)',
    request: (w) => ({ method: 'GET', path: `/users?organizationId=${w.orgs.A}` }),
    expect: () => 200,
    check: (body, role, rel, w) => {
      const ids = body.items.map((u) => u.id);
      expect(ids.includes(w.userOfA)).toBe(sees(role, rel));
      expect(body.total).toBe(body.items.length);
    },
  },
  {
    name: 'GET /users/:id',
    request: (w) => ({ method: 'GET', path: `/users/${w.userOfA}` }),
    expect: visibleOr404,
  },
  {
    name: 'POST /users',
    request: (w) => ({
      method: 'POST',
      path: '/users',
      body: {
        fullName: 'Yangi Xodim',
        email: uniqueEmail(),
        password: 'long-enough-password',
        organizationId: w.orgs.A,
        roles: ['executor'],
      },
    }),
    expect: adminOnly(201),
  },
  {
    name: 'PATCH /users/:id',
    request: (w) => ({ method: 'PATCH', path: `/users/${w.userOfA}`, body: { locale: 'uz-Cyrl' } }),
    expect: adminOnly(200),
  },
  {
    name: 'POST /users/import',
    request: (w) => ({
      method: 'POST',
      path: '/users/import',
      csv: `fullName,email,organizationId,roles,locale\nImport Xodim,${uniqueEmail()},${w.orgs.A},executor,ru\n`,
    }),
    expect: adminOnly(201),
  },
  {
    name: 'POST /documents',
    request: (w) => ({
      method: 'POST',
      path: '/documents',
      body: {
        kind: 'F',
        number: 'F-1',
        title: 'Farmoyish',
        signedAt: '2019-01-10',
        assignments: [
          { clause: '1', text: 'Bajarish', leadOrgId: w.orgs.A, deadline: '2027-01-10' },
        ],
      },
    }),
    expect: (role) => (role === 'admin' || role === 'controller' ? 201 : 403),
    check: (body) => rowsArrive(body),
  },
  {
    name: 'GET /documents',
    request: () => ({ method: 'GET', path: '/documents' }),
    expect: () => 200,
  },
  {
    name: 'GET /documents/:id (assignments scoped)',
    request: (w) => ({ method: 'GET', path: `/documents/${w.assignment.documentId}` }),
    expect: () => 200,
    check: (body, role, rel) => expect(body.assignments.length).toBe(sees(role, rel) ? 1 : 0),
  },
  {
    name: 'GET /assignments (scoped)',
    request: (w) => ({ method: 'GET', path: `/assignments?documentId=${w.assignment.documentId}` }),
    expect: () => 200,
    check: (body, role, rel) => {
      expect(body.items.length).toBe(sees(role, rel) ? 1 : 0);
      expect(body.total).toBe(body.items.length);
    },
  },
  {
    name: 'GET /assignments/:id',
    request: (w) => ({ method: 'GET', path: `/assignments/${w.assignment.id}` }),
    expect: visibleOr404,
  },
  {
    name: 'GET /assignments/:id/history',
    request: (w) => ({ method: 'GET', path: `/assignments/${w.assignment.id}/history` }),
    expect: visibleOr404,
  },
  {
    name: 'GET /assignments/:id/history/verify',
    request: (w) => ({ method: 'GET', path: `/assignments/${w.assignment.id}/history/verify` }),
    expect: visibleOr404,
    check: (body, role, rel) => {
      if (sees(role, rel)) expect(body.valid).toBe(true);
    },
  },
  {
    name: 'POST /assignments/:id/cancel',
    fresh: true,
    request: (_w, id) => ({
      method: 'POST',
      path: `/assignments/${id}/cancel`,
      body: { reason: 'Hujjat bekor qilindi' },
    }),
    // Only admins and the assignment's own controller (checked separately) may cancel.
    expect: (role, rel) => (role === 'admin' ? 200 : sees(role, rel) ? 403 : 404),
  },
  {
    name: 'POST /assignments/:id/acknowledge',
    fresh: true,
    request: (_w, id) => ({ method: 'POST', path: `/assignments/${id}/acknowledge`, body: {} }),
    // Executors act for their organization, org heads for their subtree; others only watch.
    expect: (role, rel) =>
      !sees(role, rel) ? 404 : role === 'executor' || role === 'org_head' ? 200 : 403,
  },
  {
    name: 'POST /assignments/:id/reports',
    fresh: true,
    request: (_w, id) => ({
      method: 'POST',
      path: `/assignments/${id}/reports`,
      body: { kind: 'interim', text: 'Oraliq hisobot' },
    }),
    expect: (role, rel) =>
      !sees(role, rel) ? 404 : role === 'executor' || role === 'org_head' ? 201 : 403,
  },
  {
    name: 'POST /assignments/:id/extension-requests',
    fresh: true,
    request: (_w, id) => ({
      method: 'POST',
      path: `/assignments/${id}/extension-requests`,
      body: { proposedDeadline: '2027-12-30', reason: 'Mablag‘ ajratilmagan' },
    }),
    expect: (role, rel) =>
      !sees(role, rel) ? 404 : role === 'executor' || role === 'org_head' ? 201 : 403,
  },
  {
    name: 'POST /assignments/:id/inspections',
    fresh: true,
    request: (w, id) => ({
      method: 'POST',
      path: `/assignments/${id}/inspections`,
      body: { plannedAt: '2027-02-01', inspectorIds: [w.actors.get('inspector/own')!.id] },
    }),
    expect: (role, rel) => (!sees(role, rel) ? 404 : role === 'inspector' ? 201 : 403),
  },
  {
    name: 'POST /assignments/:id/close (not yet accepted)',
    fresh: true,
    request: (_w, id) => ({ method: 'POST', path: `/assignments/${id}/close`, body: {} }),
    // An admin passes the policy and meets the workflow's refusal: it is not accepted yet.
    expect: (role, rel) => (role === 'admin' ? 409 : sees(role, rel) ? 403 : 404),
  },
  {
    name: 'POST /assignments/:id/distribute',
    fresh: true,
    request: (w, id) => ({
      method: 'POST',
      path: `/assignments/${id}/distribute`,
      body: { targets: [{ orgId: w.orgs.S, deadline: '2027-02-01' }] },
    }),
    // Heads of (an ancestor of) the executor organization pass it down; others only watch.
    expect: (role, rel) => (!sees(role, rel) ? 404 : role === 'org_head' ? 201 : 403),
    check: (body) => rowsArrive(body),
  },
  {
    name: 'GET /notifications',
    request: () => ({ method: 'GET', path: '/notifications' }),
    expect: () => 200,
  },
  {
    name: 'GET /calendar/:year',
    request: () => ({ method: 'GET', path: '/calendar/2027' }),
    expect: () => 200,
  },
  {
    name: 'PUT /calendar/:year',
    request: () => ({
      method: 'PUT',
      path: '/calendar/2027',
      body: { holidays: [{ date: '2027-03-10', name: 'Ramazon hayiti' }], workdays: [] },
    }),
    expect: adminOnly(200),
  },
  {
    name: 'GET /audit?subject=',
    request: (w) => ({ method: 'GET', path: `/audit?subject=assignment:${w.assignment.id}` }),
    expect: (role) => (role === 'admin' || role === 'observer' ? 200 : 403),
  },
  {
    name: 'GET /audit/verify?subject=',
    request: (w) => ({ method: 'GET', path: `/audit/verify?subject=user:${w.userOfA}` }),
    expect: (role) => (role === 'admin' || role === 'observer' ? 200 : 403),
  },
];

const table = CASES.flatMap((c) =>
  ROLES.flatMap((role) => RELATIONS.map((rel) => [c.name, role, rel, c] as const)),
);

// One document registers every fresh assignment the table needs, up front.
let pool: string[] = [];
beforeAll(async () => {
  const needed = table.filter(([, , , c]) => c.fresh).length;
  pool = (await stack().addAssignments(world.controller.token, world.orgs.A, needed)).ids;
});

describe('authorization matrix', () => {
  it.each(table)('%s as %s of the %s organization', async (_name, role, rel, c) => {
    const s = stack();
    const actor = world.actors.get(`${role}/${rel}`)!;
    const fresh = c.fresh ? pool.pop() : undefined;
    const req = c.request(world, fresh);
    const expected = c.expect(role, rel);
    const before = await snapshot(fresh);
    const refusalsBefore = await AuditEvent.countDocuments({
      outcome: 'refused',
      actorId: actor.id,
    });

    const res = await s.call(req.method, `/api/v1${req.path}`, {
      token: actor.token,
      body: req.body,
      csv: req.csv,
    });

    expect({ status: res.status, detail: res.body?.detail }).toMatchObject({ status: expected });
    if (expected >= 400) {
      expect(res.type).toContain('application/problem+json');
      expect(await snapshot(fresh)).toEqual(before);
    }
    if (expected === 403 || expected === 404) {
      const refusals = await AuditEvent.countDocuments({ outcome: 'refused', actorId: actor.id });
      expect(refusals).toBe(refusalsBefore + 1);
    }
    await c.check?.(res.body, role, rel, world);
  });

  it("lets the assignment's own controller cancel it, and audits the cancel on its chain", async () => {
    const s = stack();
    const { id } = await s.addAssignment(world.controller.token, world.orgs.A);
    const res = await s.call('POST', `/api/v1/assignments/${id}/cancel`, {
      token: world.controller.token,
      body: { reason: 'Hujjat kuchini yo‘qotdi' },
    });
    expect(res.status).toBe(200);
    const event = await AuditEvent.findOne({
      subject: `assignment:${id}`,
      action: 'assignment.cancel',
    });
    expect(event).toMatchObject({ outcome: 'ok', actorId: world.controller.id });
  });

  it('answers 401 to every endpoint without a token', async () => {
    const s = stack();
    for (const c of CASES) {
      const req = c.request(world, world.assignment.id);
      const res = await s.call(req.method, `/api/v1${req.path}`, { body: req.body, csv: req.csv });
      expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: 401 });
    }
  });
});
