import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { NotificationModel } from '../../models/notification';
import { assignmentWorkflowId } from '../../workflows/types';
import { ADMIN, startStack, type Stack } from '../support/stack';

let stack: Stack;
let starting: Promise<Stack> | undefined;
let orgA: string;
let orgB: string;
beforeAll(async () => {
  starting = startStack();
  stack = await starting;
  orgA = await stack.addOrg();
  orgB = await stack.addOrg();
});
// Waits for a start that outlived beforeAll's timeout too, so no server is left running.
afterAll(async () => {
  const started = await starting?.catch(() => undefined);
  await started?.stop();
});

const documentBody = (over: Record<string, unknown> = {}) => ({
  kind: 'PQ',
  number: 'PQ-3962',
  title: 'Hisob palatasi faoliyatini takomillashtirish to‘g‘risida',
  signedAt: '2018-10-05',
  assignments: [
    {
      clause: '3-band',
      text: 'Ijro intizomini kuchaytirish',
      leadOrgId: orgA,
      deadline: '2027-01-29',
    },
  ],
  ...over,
});

async function rowOf(id: string) {
  let row: Awaited<ReturnType<typeof AssignmentModel.findById>> = null;
  await waitUntil(
    'read-model row',
    async () => {
      row = await AssignmentModel.findById(id);
      if (!row) throw new Error('no row yet');
    },
    { attempts: 100, delayMs: 100 },
  );
  return row as unknown as NonNullable<typeof row>;
}

describe('walking skeleton: API → workflow → activity → MongoDB + email → API', () => {
  it('when a controller registers a document, then its assignment runs as a workflow, is stored, mailed and readable', async () => {
    const controller = await stack.addUser(['controller']);
    const res = await stack.call('POST', '/api/v1/documents', {
      token: controller.token,
      body: documentBody(),
    });
    expect(res.status).toBe(201);
    const id = res.body.assignments[0].id as string;

    const row = await rowOf(id);
    expect(row).toMatchObject({
      documentId: res.body.id,
      leadOrgId: orgA,
      controllerId: controller.id,
      status: 'in_execution',
      version: 1,
    });

    const mail = await stack.smtp.waitFor((m) => m.subject?.includes('3-band') ?? false);
    expect(mail.to).toMatchObject({ value: [{ address: controller.email }] });
    expect(mail.subject).toBe('Поручение поставлено на контроль: PQ-3962, 3-band'); // the controller's locale is ru
    expect(mail.text).toContain('2027-01-29');
    expect(await NotificationModel.findOne({ recipientId: controller.id })).toMatchObject({
      messageId: mail.messageId,
    });
    expect(mail.messageId).toBeDefined();

    const read = await stack.call('GET', `/api/v1/assignments/${id}`, { token: controller.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, status: 'in_execution', deadline: '2027-01-29' });

    const cancel = await stack.call('POST', `/api/v1/assignments/${id}/cancel`, {
      token: controller.token,
      body: { reason: 'Hujjat kuchini yo‘qotdi' },
    });
    expect(cancel.status).toBe(200);
    const result = await stack.env.client.workflow.getHandle(assignmentWorkflowId(id)).result();
    expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'Hujjat kuchini yo‘qotdi' });
    await waitUntil('cancelled row', async () => {
      if ((await AssignmentModel.findById(id))?.status !== 'cancelled') throw new Error('not yet');
    });

    const again = await stack.call('POST', `/api/v1/assignments/${id}/cancel`, {
      token: controller.token,
      body: { reason: 'once more' },
    });
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');
    expect(again.body.detail).toMatch(/already cancelled/);
  });

  it('when the admin signs in with the bootstrap password, then /me answers with the admin', async () => {
    const token = await stack.login(ADMIN.email, ADMIN.password);
    const me = await stack.call('GET', '/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, roles: ['admin'] });
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('when the password is wrong or the user unknown, then both get the same 401', async () => {
    const wrong = await stack.call('POST', '/api/v1/auth/login', {
      body: { email: ADMIN.email, password: 'nope-nope-nope' },
    });
    const unknown = await stack.call('POST', '/api/v1/auth/login', {
      body: { email: 'nobody@test.uz', password: 'nope-nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  describe('refusals change nothing', () => {
    const counts = async () => [
      await DocumentModel.countDocuments(),
      await AssignmentModel.countDocuments(),
    ];

    it('when there is no token or a forged one, then 401', async () => {
      const before = await counts();
      expect((await stack.call('POST', '/api/v1/documents', { body: documentBody() })).status).toBe(
        401,
      );
      expect(
        (await stack.call('POST', '/api/v1/documents', { token: 'a.b.c', body: documentBody() }))
          .status,
      ).toBe(401);
      expect(await counts()).toEqual(before);
    });

    it('when an executor registers a document, then 403', async () => {
      const executor = await stack.addUser(['executor'], orgA);
      const before = await counts();
      const res = await stack.call('POST', '/api/v1/documents', {
        token: executor.token,
        body: documentBody(),
      });
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    });

    it('when the body is malformed or has unknown fields, then 400 lists each problem', async () => {
      const controller = await stack.addUser(['controller']);
      const before = await counts();
      const res = await stack.call('POST', '/api/v1/documents', {
        token: controller.token,
        body: documentBody({ kind: 'XX', signedAt: '2018-02-30', extra: true, assignments: [] }),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        '',
        'assignments',
        'kind',
        'signedAt',
      ]);
      expect(await counts()).toEqual(before);
    });

    it('when a controllerId is not a controller, then 422', async () => {
      const controller = await stack.addUser(['controller']);
      const executor = await stack.addUser(['executor'], orgA);
      const before = await counts();
      const body = documentBody();
      body.assignments = [{ ...body.assignments[0]!, controllerId: executor.id } as never];
      const res = await stack.call('POST', '/api/v1/documents', { token: controller.token, body });
      expect(res.status).toBe(422);
      expect(await counts()).toEqual(before);
    });

    it('when an executor of another organization reads or cancels, then 404 and the workflow is untouched', async () => {
      const controller = await stack.addUser(['controller']);
      const created = await stack.call('POST', '/api/v1/documents', {
        token: controller.token,
        body: documentBody(),
      });
      const id = created.body.assignments[0].id as string;
      await rowOf(id);
      const outsider = await stack.addUser(['executor'], orgB);
      expect(
        (await stack.call('GET', `/api/v1/assignments/${id}`, { token: outsider.token })).status,
      ).toBe(404);
      const list = await stack.call('GET', '/api/v1/assignments', { token: outsider.token });
      expect(list.body).toEqual({ items: [], total: 0 });
      const cancel = await stack.call('POST', `/api/v1/assignments/${id}/cancel`, {
        token: outsider.token,
        body: { reason: 'not mine' },
      });
      expect(cancel.status).toBe(404);

      const lead = await stack.addUser(['executor'], orgA);
      expect(
        (await stack.call('GET', `/api/v1/assignments/${id}`, { token: lead.token })).status,
      ).toBe(200);
      const leadList = await stack.call(
        'GET',
        `/api/v1/assignments?documentId=${created.body.id}`,
        { token: lead.token },
      );
      expect(leadList.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
      expect(leadList.body.total).toBe(1);
      const leadCancel = await stack.call('POST', `/api/v1/assignments/${id}/cancel`, {
        token: lead.token,
        body: { reason: 'not allowed' },
      });
      expect(leadCancel.status).toBe(403);

      const handle = stack.env.client.workflow.getHandle(assignmentWorkflowId(id));
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect((await AssignmentModel.findById(id))?.status).toBe('in_execution');
    });
  });
});
