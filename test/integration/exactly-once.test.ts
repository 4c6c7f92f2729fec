import { recordIdOf, requestHashOf } from '../../api/idempotency';
import { updateIdOf } from '../../api/operation';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { IdempotencyRecord } from '../../models/idempotency';
import type { UpdateDefinition } from '@temporalio/client';
import * as m from '../../workflows/messages';
import {
  assignmentWorkflowId,
  calendarBroadcastId,
  type ActionResult,
} from '../../workflows/types';
import { ADMIN, useStack } from '../support/stack';

/**
 * Every action takes effect once, and what an answer names can be read at once: on the real
 * stack (Temporal dev server, FerretDB, the worker and the API).
 */
const stack = useStack();
type Person = { id: string; token: string };
let controller: Person;
let lead: Person;
let head: Person;
let sub: Person;
let admin: string;
const orgs = { chamber: '', lead: '', sub: '' };

beforeAll(async () => {
  const s = stack();
  orgs.chamber = await s.addOrg();
  orgs.lead = await s.addOrg();
  orgs.sub = await s.addOrg(orgs.lead);
  controller = await s.addUser(['controller'], orgs.chamber);
  lead = await s.addUser(['executor'], orgs.lead);
  head = await s.addUser(['org_head'], orgs.lead);
  sub = await s.addUser(['executor'], orgs.sub);
  admin = await s.login(ADMIN.email, ADMIN.password);
});

const api = (
  who: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => stack().call(method, `/api/v1${path}`, { token: who, body, headers });

const documentBody = (deadlines: string[], number = `PQ-${Date.now() % 100000}`) => ({
  kind: 'PQ',
  number,
  title: 'Ijro intizomi to‘g‘risida',
  signedAt: '2019-03-01',
  assignments: deadlines.map((deadline, i) => ({
    clause: `${i + 1}-band`,
    text: 'Bajarish',
    leadOrgId: orgs.lead,
    deadline,
  })),
});

describe('read-your-writes', () => {
  it('registers, then at once reads and acts, 50 times in a row, with no wait', async () => {
    for (let i = 0; i < 50; i++) {
      const created = await api(
        controller.token,
        'POST',
        '/documents',
        documentBody(['2027-06-30']),
      );
      expect(created.status).toBe(201);
      const id = created.body.assignments[0].id as string;
      const read = await api(lead.token, 'GET', `/assignments/${id}`);
      expect(read.status).toBe(200);
      const acted = await api(lead.token, 'POST', `/assignments/${id}/acknowledge`, {});
      expect(acted.status).toBe(200);
      expect(acted.body.executions[0].acknowledgedAt).toEqual(expect.any(String));
    }
  });

  it('passes an assignment down, then at once opens and acts on the sub-assignment', async () => {
    const { id } = await stack().addAssignment(controller.token, orgs.lead);
    const passed = await api(head.token, 'POST', `/assignments/${id}/distribute`, {
      targets: [{ orgId: orgs.sub, deadline: '2027-05-31' }],
    });
    expect(passed.status).toBe(201);
    const child = passed.body.assignments[0].id as string;
    expect((await api(sub.token, 'GET', `/assignments/${child}`)).status).toBe(200);
    expect((await api(sub.token, 'POST', `/assignments/${child}/acknowledge`, {})).status).toBe(
      200,
    );
  });

  it('an import job says done only once every row is listed', async () => {
    const { assignments, ...document } = documentBody(
      Array.from({ length: 30 }, () => '2027-06-30'),
    );
    const started = await api(controller.token, 'POST', '/documents/import', {
      document,
      assignments,
    });
    expect(started.status).toBe(202);
    let job = started.body;
    while (job.status !== 'done' && job.status !== 'failed') {
      job = (await api(controller.token, 'GET', `/jobs/${started.body.jobId}`)).body;
      if (job.status === 'running') await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'done', processed: 30 });
    const listed = await api(
      controller.token,
      'GET',
      `/assignments?documentId=${job.documentId}&limit=100`,
    );
    expect(listed.body.total).toBe(30);
  });
});

describe('exactly-once actions', () => {
  const reportBody = { kind: 'interim', text: 'Bajarilmoqda' };

  /**
   * What an API process leaves when it stops after the workflow took an action and before
   * it answered: the key's record still running, its lease lapsed, the action done.
   */
  async function stoppedAfterTheUpdate<A>(
    who: Person,
    path: string,
    key: string,
    body: object,
    update: UpdateDefinition<ActionResult, [A]>,
    args: A,
  ) {
    const id = path.split('/')[2]!;
    const recordId = recordIdOf(who.id, 'POST', `/api/v1${path}`, key);
    const startedAt = new Date(Date.now() - 60_000);
    await IdempotencyRecord.create({
      _id: recordId,
      requestHash: requestHashOf(body),
      state: 'running',
      startedAt,
      leaseUntil: new Date(Date.now() - 1000),
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const handle = stack().env.client.workflow.getHandle(assignmentWorkflowId(id));
    return handle.executeUpdate(update, {
      args: [args],
      updateId: updateIdOf({ id: recordId, at: startedAt }),
    });
  }

  it('when a POST is retried after its API process stopped between the update and the answer, then there is one report and the retry answers it', async () => {
    const { id } = await stack().addAssignment(controller.token, orgs.lead);
    const first = await stoppedAfterTheUpdate(
      lead,
      `/assignments/${id}/reports`,
      'report-1',
      reportBody,
      m.reportUpdate,
      {
        ...reportBody,
        kind: 'interim',
        attachmentIds: [],
        organizationId: orgs.lead,
        actorId: lead.id,
      },
    );
    const retry = await api(lead.token, 'POST', `/assignments/${id}/reports`, reportBody, {
      'idempotency-key': 'report-1',
    });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.ids[0]);
    const again = await api(lead.token, 'POST', `/assignments/${id}/reports`, reportBody, {
      'idempotency-key': 'report-1',
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.ids[0]);
    const row = await AssignmentModel.findById(id).lean();
    expect(row?.reports).toHaveLength(1);
  });

  it('when closing is retried after its API process stopped and the workflow has ended, then the retry gets the first answer; a new close is refused', async () => {
    const { id } = await stack().addAssignment(controller.token, orgs.lead);
    const final = await api(lead.token, 'POST', `/assignments/${id}/reports`, {
      kind: 'final',
      text: 'Bajarildi',
    });
    await api(controller.token, 'POST', `/assignments/${id}/reports/${final.body.id}/review`, {
      decision: 'accept',
      rating: 5,
    });
    const closeBody = { comment: 'Nazoratdan yechildi' };
    await stoppedAfterTheUpdate(
      controller,
      `/assignments/${id}/close`,
      'close-1',
      closeBody,
      m.closeUpdate,
      {
        ...closeBody,
        actorId: controller.id,
      },
    );
    expect((await AssignmentModel.findById(id).lean())?.status).toBe('closed');
    const retry = await api(controller.token, 'POST', `/assignments/${id}/close`, closeBody, {
      'idempotency-key': 'close-1',
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id, status: 'closed', closeComment: 'Nazoratdan yechildi' });
    const other = await api(controller.token, 'POST', `/assignments/${id}/close`, closeBody, {
      'idempotency-key': 'close-2',
    });
    expect(other.status).toBe(409);
    expect(other.body.detail).toMatch(/is (already )?closed/);
  });

  it('when the first request with a key still runs, then a repeat is refused (409) and changes nothing', async () => {
    const { id } = await stack().addAssignment(controller.token, orgs.lead);
    const path = `/api/v1/assignments/${id}/reports`;
    await IdempotencyRecord.create({
      _id: recordIdOf(lead.id, 'POST', path, 'busy'),
      requestHash: requestHashOf(reportBody),
      state: 'running',
      startedAt: new Date(),
      leaseUntil: new Date(Date.now() + 30_000),
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const repeat = await api(lead.token, 'POST', `/assignments/${id}/reports`, reportBody, {
      'idempotency-key': 'busy',
    });
    expect(repeat.status).toBe(409);
    expect((await AssignmentModel.findById(id).lean())?.reports).toHaveLength(0);
  });

  it('when a request with a key was refused, then the same key takes a corrected request as a new one', async () => {
    const { id } = await stack().addAssignment(controller.token, orgs.lead);
    const headers = { 'idempotency-key': 'fix-me' };
    const refused = await api(
      lead.token,
      'POST',
      `/assignments/${id}/extension-requests`,
      {
        proposedDeadline: '2020-01-01',
        reason: 'Tender',
      },
      headers,
    );
    expect(refused.status).toBe(422);
    const fixed = await api(
      lead.token,
      'POST',
      `/assignments/${id}/extension-requests`,
      {
        proposedDeadline: '2027-09-30',
        reason: 'Tender',
      },
      headers,
    );
    expect(fixed.status).toBe(201);
    expect((await AssignmentModel.findById(id).lean())?.extensionRequests).toHaveLength(1);
  });

  it('when a registration is retried after its API process stopped half-way, then it makes one document with the same assignments', async () => {
    const body = documentBody(['2027-06-30', '2027-07-30'], 'PQ-RETRY');
    const headers = { 'idempotency-key': 'register-1' };
    const first = await api(controller.token, 'POST', '/documents', body, headers);
    expect(first.status).toBe(201);
    // As if the answer was lost and the process stopped before it recorded it.
    const recordId = recordIdOf(controller.id, 'POST', '/api/v1/documents', 'register-1');
    await IdempotencyRecord.updateOne(
      { _id: recordId },
      { $set: { state: 'running', leaseUntil: new Date(Date.now() - 1000) }, $unset: { body: 1 } },
    );
    const retry = await api(controller.token, 'POST', '/documents', body, headers);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.assignments.map((a: { id: string }) => a.id)).toEqual(
      first.body.assignments.map((a: { id: string }) => a.id),
    );
    expect(await DocumentModel.countDocuments({ number: 'PQ-RETRY' })).toBe(1);
    expect(await AssignmentModel.countDocuments({ documentId: first.body.id })).toBe(2);
  });
});

describe('calendar changes', () => {
  it('reach the open assignments whose dates the year touches, through Temporal', async () => {
    const created = await api(
      controller.token,
      'POST',
      '/documents',
      documentBody(['2031-03-14', '2031-05-15', '2034-06-01']),
    );
    const [touched, cancelled, later] = (created.body.assignments as { id: string }[]).map(
      (a) => a.id,
    );
    await api(controller.token, 'POST', `/assignments/${cancelled}/cancel`, { reason: 'Bekor' });
    const put = await api(admin, 'PUT', '/calendar/2031', {
      holidays: [{ date: '2031-03-13', name: 'Ramazon hayit' }],
      workdays: [],
    });
    expect(put.status).toBe(200);
    const client = stack().env.client.workflow;
    expect(await client.getHandle(calendarBroadcastId(2031)).result()).toBe(1);
    const heard = async (id: string) => {
      const { events } = await client.getHandle(assignmentWorkflowId(id!)).fetchHistory();
      const signal = events?.findIndex(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged',
      );
      return { signal, events: events ?? [] };
    };
    const t = await heard(touched!);
    expect(t.signal).toBeGreaterThan(0);
    // It read the calendar again after hearing of it.
    expect(
      t.events
        .slice(t.signal)
        .some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'loadCalendar'),
    ).toBe(true);
    expect((await heard(later!)).signal).toBe(-1);
  });
});
