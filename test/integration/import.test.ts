import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Workbook } from 'exceljs';
import { Types, trusted } from 'mongoose';
import { planRegistration, startRegistration, type RegistrationDeps } from '../../api/documents';
import { createImportJob, resumeJobs, runJob } from '../../api/jobs';
import { createLogger } from '../../lib/logger';
import { waitUntil } from '../../lib/net';
import { AssignmentModel } from '../../models/assignment';
import { AuditEvent } from '../../models/audit';
import { DocumentModel } from '../../models/document';
import { Job, JobItem } from '../../models/job';
import { assignmentWorkflowId } from '../../workflows/types';
import { ADMIN, useStack } from '../support/stack';

const stack = useStack();
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const logger = createLogger({ name: 'test', level: 'silent' });

type Person = { id: string; token: string };
let orgA: string;
let orgB: string;
let controller: Person;
let admin: Person;

beforeAll(async () => {
  const s = stack();
  orgA = await s.addOrg(undefined, 'Moliya vazirligi');
  orgB = await s.addOrg(orgA, 'G‘aznachilik');
  controller = await s.addUser(['controller']);
  admin = await s.addUser(['admin']);
});

const documentFields = (number = `PQ-${new Types.ObjectId().toHexString().slice(-6)}`) => ({
  kind: 'PQ' as const,
  number,
  title: 'Ijro intizomini mustahkamlash to‘g‘risida',
  signedAt: '2019-03-01',
});
const item = (i: number, extra: Record<string, unknown> = {}) => ({
  clause: `${i}-band`,
  text: `Bajarish ${i}`,
  leadOrgId: orgA,
  deadline: '2027-06-30',
  ...extra,
});

const importJson = (token: string, body: unknown) =>
  stack().call('POST', '/api/v1/documents/import', { token, body });

interface Problem {
  detail: string;
  errors: { row?: number; path: string; message: string }[];
}
interface JobView {
  kind: string;
  status: string;
  processed: number;
  total: number;
  errors: { row?: number; message: string }[];
  documentId: string;
  finishedAt?: string;
}

/** Posts bytes as a multipart `file` (or, with `raw`, as the body itself). */
async function importFile(token: string, bytes: Buffer, opts: { raw?: string } = {}) {
  let body: FormData | Buffer = bytes;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (opts.raw) headers['content-type'] = opts.raw;
  else {
    body = new FormData();
    body.append('file', new Blob([bytes]), 'document.xlsx');
  }
  const res = await fetch(`${stack().base}/api/v1/documents/import`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: res.status, body: (await res.json()) as Problem & { jobId: string } };
}

/** Polls the job until it leaves `running`; answers its last view. */
async function finished(token: string, jobId: string) {
  let job = {} as JobView;
  await waitUntil(
    'the job to end',
    async () => {
      job = (await stack().call('GET', `/api/v1/jobs/${jobId}`, { token })).body;
      if (job.status === 'running') throw new Error(`${job.processed}/${job.total}`);
    },
    { attempts: 600, delayMs: 100 },
  );
  return job;
}

async function rowsOf(documentId: string, count: number) {
  const ids = (await DocumentModel.findById(documentId).lean())?.assignmentIds ?? [];
  expect(ids).toHaveLength(count);
  await waitUntil(
    'read-model rows',
    async () => {
      const n = await AssignmentModel.countDocuments({ _id: trusted({ $in: ids }) });
      if (n < count) throw new Error(`${n} of ${count} rows yet`);
    },
    { attempts: 600, delayMs: 100 },
  );
  return AssignmentModel.find({ _id: trusted({ $in: ids }) })
    .sort({ clause: 1 })
    .lean();
}

/**
 * What a refused import must leave as it was. Assignment ids are made only after validation,
 * so no workflow can have started when no document, job or job item was written. (Periods of
 * a periodic assignment open later as rows with a parent; they are not counted.)
 */
const counts = async () => ({
  documents: await DocumentModel.countDocuments(),
  assignments: await AssignmentModel.countDocuments({ parentId: trusted({ $exists: false }) }),
  jobs: await Job.countDocuments(),
  items: await JobItem.countDocuments(),
});

/** A workbook in the documented layout; `rows` under the given header. */
async function workbook(header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new Workbook();
  const doc = wb.addWorksheet('document');
  doc.addRow(['field', 'value']);
  doc.addRow(['kind', 'F']);
  doc.addRow(['number', 'F-5']);
  doc.addRow(['title', 'Hududlarni rivojlantirish']);
  doc.addRow(['signedAt', new Date(Date.UTC(2019, 1, 11))]);
  const sheet = wb.addWorksheet('assignments');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const HEADER = [
  'clause',
  'text',
  'leadOrgId',
  'coOrgIds',
  'deadline',
  'public',
  'every',
  'dueDay',
  'until',
];

describe('POST /documents/import', () => {
  it('registers a good JSON import of 30 assignments in the background', async () => {
    const body = {
      document: documentFields(),
      assignments: Array.from({ length: 30 }, (_, i) => item(i + 1, { coOrgIds: [orgB] })),
    };
    const res = await importJson(controller.token, body);
    expect(res.status).toBe(202);
    const job = await finished(controller.token, res.body.jobId);
    expect(job).toMatchObject({ kind: 'document.import', status: 'done', errors: [] });
    expect(job.processed).toBe(30);
    expect(job.total).toBe(30);
    expect(job.finishedAt).toEqual(expect.any(String));

    const rows = await rowsOf(job.documentId, 30);
    expect(rows.every((r) => r.leadOrgId === orgA && r.coOrgIds[0] === orgB)).toBe(true);
    expect(rows.every((r) => r.controllerId === controller.id)).toBe(true);
    expect(await JobItem.countDocuments({ jobId: res.body.jobId })).toBe(0);
    const audit = await AuditEvent.find({ subject: `document:${job.documentId}` })
      .sort({ seq: 1 })
      .lean();
    expect(audit.map((e) => [e.action, e.outcome])).toEqual([
      ['document.import', 'ok'],
      ['document.register', 'ok'],
    ]);
  });

  it('registers an XLSX workbook with a periodic row and a deadline row, skipping empty rows', async () => {
    const bytes = await workbook(HEADER, [
      ['1', 'Hisobot', orgA, `${orgB} | ${orgA}`, new Date(Date.UTC(2027, 5, 30)), 'yes'],
      [],
      [2, 'Har chorakda', orgB, undefined, undefined, 'no', 'quarter', 10, '31.12.2028'],
    ]);
    const res = await importFile(controller.token, bytes);
    expect(res.status).toBe(202);
    const job = await finished(controller.token, res.body.jobId);
    expect(job).toMatchObject({ status: 'done', processed: 2, total: 2 });
    const doc = await DocumentModel.findById(job.documentId).lean();
    expect(doc).toMatchObject({ kind: 'F', number: 'F-5', signedAt: '2019-02-11' });
    const [first, second] = await rowsOf(job.documentId, 2);
    expect(first).toMatchObject({ clause: '1', deadline: '2027-06-30', public: true });
    expect(first?.coOrgIds).toEqual([orgB, orgA]);
    expect(second).toMatchObject({ clause: '2', leadOrgId: orgB, public: false });
    expect(second?.periodicity).toEqual({ every: 'quarter', dueDay: 10, until: '2028-12-31' });

    // The same workbook as the body itself.
    const raw = await importFile(controller.token, bytes, { raw: XLSX_MIME });
    expect(raw.status).toBe(202);
    const rawJob = await finished(controller.token, raw.body.jobId);
    expect(rawJob.status).toBe('done');
    await rowsOf(rawJob.documentId, 2);
  });

  it('when JSON rows are bad, then 422 names exactly those rows and nothing is created', async () => {
    const before = await counts();
    const unknownOrg = new Types.ObjectId().toHexString();
    const res = await importJson(controller.token, {
      document: documentFields(),
      assignments: [
        item(1),
        item(2, { deadline: '2027-02-30' }),
        item(3),
        item(4, { leadOrgId: unknownOrg }),
        item(5, { periodicity: { every: 'month', dueDay: 5, until: '2028-01-31' } }),
        item(6),
      ],
    });
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([2, 4, 5]);
    expect(res.body.errors[0].message).toMatch(/^deadline: /);
    expect(res.body.errors[1].message).toContain(`leadOrgId: no active organization ${unknownOrg}`);
    expect(res.body.errors[2].message).toMatch(/either a deadline or a periodicity/);
    expect(await counts()).toEqual(before);
  });

  it('when an XLSX row is bad, then 422 names its sheet row', async () => {
    const before = await counts();
    const bytes = await workbook(HEADER, [
      ['1', 'Yaxshi', orgA, undefined, '2027-06-30'],
      [],
      ['3', 'Yomon sana', orgA, undefined, 'ertaga', 'maybe'],
    ]);
    const res = await importFile(controller.token, bytes);
    expect(res.status).toBe(422);
    // Header on row 1, an empty row 3: the bad row is the sheet's row 4.
    expect(res.body.errors.map((e) => e.row)).toEqual([4, 4]);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'deadline',
      'public',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses what is not a readable XLSX workbook, too large a file, and a wrong header', async () => {
    const before = await counts();
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect((await importFile(controller.token, pdf)).status).toBe(415);
    expect((await importFile(controller.token, pdf, { raw: XLSX_MIME })).status).toBe(415);
    const text = await stack().call('POST', '/api/v1/documents/import', {
      token: controller.token,
      csv: 'clause,text\n1,x\n',
    });
    expect(text.status).toBe(415);

    const good = await workbook(HEADER, [['1', 'Bajarish', orgA, undefined, '2027-06-30']]);
    const corrupt = Buffer.from(good);
    corrupt.fill(0, 100, 2000); // Inside the first entry's data; the ZIP directory stays.
    const broken = await importFile(controller.token, corrupt);
    expect(broken.status).toBe(422);
    expect(broken.body.detail).toMatch(/cannot be read/);

    const huge = Buffer.concat([good, Buffer.alloc(10 * 1024 * 1024)]);
    expect((await importFile(controller.token, huge)).status).toBe(413);

    const header = await importFile(controller.token, await workbook(['clause', 'txt'], []));
    expect(header.status).toBe(422);
    expect(header.body.detail).toMatch(/missing: text, leadOrgId; unknown: txt/);
    expect(await counts()).toEqual(before);
  });

  it('when the JSON has no document or a wrong shape, then 422', async () => {
    const before = await counts();
    const missing = await importJson(controller.token, { assignments: [item(1)] });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['document']);
    const empty = await importJson(controller.token, {
      document: documentFields(),
      assignments: [],
    });
    expect(empty.status).toBe(422);
    const extra = await importJson(controller.token, { document: 1, assignments: {}, more: true });
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toHaveLength(3);
    expect(await counts()).toEqual(before);
  });

  it('with an Idempotency-Key, a repeated JSON import answers the first job', async () => {
    const body = { document: documentFields(), assignments: [item(1)] };
    const headers = { 'idempotency-key': `import-${new Types.ObjectId().toHexString()}` };
    const call = () =>
      stack().call('POST', '/api/v1/documents/import', { token: controller.token, body, headers });
    const first = await call();
    expect(first.status).toBe(202);
    const again = await call();
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await Job.countDocuments({ startedBy: controller.id, total: 1 })).toBe(1);
    const job = await finished(controller.token, first.body.jobId);
    await rowsOf(job.documentId, 1);
  });

  it('when an executor imports, then 403 and no job', async () => {
    const executor = await stack().addUser(['executor'], orgA);
    const before = await counts();
    const res = await importJson(executor.token, {
      document: documentFields(),
      assignments: [item(1)],
    });
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('POST /documents (the same registration, at once)', () => {
  it('registers at once, and refuses with every problem named by assignment', async () => {
    const good = await stack().call('POST', '/api/v1/documents', {
      token: controller.token,
      body: { ...documentFields(), assignments: [item(1)] },
    });
    expect(good.status).toBe(201);
    expect(good.body.assignments[0]).toMatchObject({ status: 'in_execution', leadOrgId: orgA });
    await rowsOf(good.body.id, 1);

    const before = await counts();
    const executor = await stack().addUser(['executor'], orgA);
    const unknownOrg = new Types.ObjectId().toHexString();
    const bad = await stack().call('POST', '/api/v1/documents', {
      token: controller.token,
      body: {
        ...documentFields(),
        assignments: [item(1, { coOrgIds: [unknownOrg] }), item(2, { controllerId: executor.id })],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'assignments.0.coOrgIds.0',
      'assignments.1.controllerId',
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('OpenAPI', () => {
  it('describes the import and the job', async () => {
    const doc = (await stack().call('GET', '/api/openapi.json')).body;
    const post = doc.paths['/documents/import'].post;
    expect(Object.keys(post.requestBody.content).sort()).toEqual(
      ['application/json', 'multipart/form-data', XLSX_MIME].sort(),
    );
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['202', '413', '415', '422']),
    );
    expect(doc.paths['/jobs/{id}'].get.responses['200'].content['application/json']).toBeDefined();
  });
});

describe('GET /jobs/:id', () => {
  it('shows a job to its starter and admins; to another controller it does not exist', async () => {
    const res = await importJson(controller.token, {
      document: documentFields(),
      assignments: [item(1)],
    });
    const jobId = res.body.jobId as string;
    const other = await stack().addUser(['controller']);
    const hidden = await stack().call('GET', `/api/v1/jobs/${jobId}`, { token: other.token });
    expect(hidden.status).toBe(404);
    expect(await AuditEvent.exists({ subject: `job:${jobId}`, outcome: 'refused' })).toBeTruthy();
    expect((await finished(admin.token, jobId)).status).toBe('done');
    const unknown = new Types.ObjectId().toHexString();
    expect(
      (await stack().call('GET', `/api/v1/jobs/${unknown}`, { token: admin.token })).status,
    ).toBe(404);
  });
});

describe('jobs in the background', () => {
  const registration = (): RegistrationDeps => ({
    temporal: stack().env.client,
    taskQueue: stack().config.TEMPORAL_TASK_QUEUE,
    rules: { reminderDays: [1], coDeadlineOffset: 3, escalationDays: 3 },
  });
  const principal = () => ({ id: controller.id, roles: ['controller' as const] }) as never;
  const plan = async (count: number) =>
    planRegistration(
      registration().rules,
      principal(),
      {
        ...documentFields(),
        text: '',
        assignments: Array.from({ length: count }, (_, i) => ({
          ...item(i + 1),
          coOrgIds: [],
          public: false,
        })),
      },
      { id: crypto.randomUUID(), at: new Date() },
    );
  /** Stores a job for the plan under a new id. */
  const store = async (reg: Awaited<ReturnType<typeof plan>>) => {
    const jobId = new Types.ObjectId().toHexString();
    await createImportJob(
      jobId,
      controller.id,
      reg,
      reg.assignments.map((_, i) => i + 1),
    );
    return jobId;
  };

  it('writes progress while workflows start, not only at the end', async () => {
    const reg = await plan(400);
    const jobId = await store(reg);
    // Starts that take a while, so the run spans several progress writes.
    const slow = {
      ...registration(),
      temporal: { workflow: { executeUpdateWithStart: () => sleep(40) } },
    } as never;
    const seen = new Set<number>();
    const run = runJob({ registration: slow, logger }, jobId);
    while ((await Job.findById(jobId).lean())?.status === 'running') {
      seen.add((await Job.findById(jobId).lean())?.processed ?? 0);
      await sleep(100);
    }
    await run;
    expect([...seen].some((n) => n > 0 && n < 400)).toBe(true);
    expect(await Job.findById(jobId).lean()).toMatchObject({ status: 'done', processed: 400 });
  });

  it('resumes a job its API process left running: started workflows are not started twice', async () => {
    const reg = await plan(5);
    const jobId = await store(reg);
    // As if the process stopped after the document and two workflows: the lease lapses.
    const real = stack().env.client.workflow;
    let starts = 0;
    const stopping = {
      ...registration(),
      temporal: {
        workflow: {
          executeUpdateWithStart: (...args: Parameters<typeof real.executeUpdateWithStart>) =>
            starts++ < 2
              ? real.executeUpdateWithStart(...args)
              : Promise.reject(new Error('stopped')),
        },
      },
    } as never;
    await startRegistration(stopping, reg);
    const runOf = async (id: string) =>
      (await real.getHandle(assignmentWorkflowId(id)).describe()).runId;
    const firstRuns = await Promise.all(reg.assignments.slice(0, 2).map((a) => runOf(a.id)));
    await Job.updateOne({ _id: jobId }, { $set: { leaseUntil: new Date(Date.now() - 1000) } });

    expect(await resumeJobs({ registration: registration(), logger })).toEqual([jobId]);
    const job = await finished(controller.token, jobId);
    expect(job).toMatchObject({ status: 'done', processed: 5, total: 5, errors: [] });
    const rows = await rowsOf(reg.document.id, 5);
    expect(rows.map((r) => r._id)).toEqual(reg.assignments.map((a) => a.id));
    expect(await Promise.all(reg.assignments.slice(0, 2).map((a) => runOf(a.id)))).toEqual(
      firstRuns,
    );
    expect(await resumeJobs({ registration: registration(), logger })).toEqual([]);
  });
});

describe('npm run import (dist/scripts/import.js)', () => {
  const cli = path.join(__dirname, '..', '..', 'dist', 'scripts', 'import.js');
  const run = (file: string) =>
    promisify(execFile)(process.execPath, [cli, '--file', file, '--url', stack().base], {
      env: { ...process.env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('posts the file, prints progress until done, and prints every bad row on refusal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-import-'));
    const good = path.join(dir, 'good.json');
    const assignments = Array.from({ length: 3 }, (_, i) => item(i + 1));
    fs.writeFileSync(good, JSON.stringify({ document: documentFields('PQ-CLI'), assignments }));
    const ok = await run(good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/3\/3/);
    expect(ok.stdout).toMatch(/Done: document [0-9a-f]{24}/);
    expect(await DocumentModel.exists({ number: 'PQ-CLI' })).toBeTruthy();

    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(
      bad,
      await workbook(HEADER, [['1', 'Yomon', 'nobody', undefined, '2027-06-30']]),
    );
    const refused = await run(bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refused \(422\)/);
    expect(refused.stderr).toMatch(/row 2: leadOrgId: /);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
