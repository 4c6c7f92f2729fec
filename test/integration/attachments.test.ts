import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AssignmentModel } from '../../models/assignment';
import { Attachment, sanitizeFilename } from '../../models/attachment';
import { AuditEvent } from '../../models/audit';
import { useStack } from '../support/stack';

const stack = useStack({ ATTACHMENT_MAX_MB: '1' });
const MB = 1024 * 1024;

const pdf = (text = crypto.randomUUID()) =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Title (${text}) >> endobj\n%%EOF\n`);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49]);
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff]);

/** A stored (uncompressed) ZIP with these entry names, each holding one byte. */
function zip(names: string[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of names) {
    const name = Buffer.from(entry);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(1, 18);
    local.writeUInt32LE(1, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt32LE(1, 20);
    header.writeUInt32LE(1, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from('x'));
    central.push(header, name);
    offset += 30 + name.length + 1;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
const DOCX = zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
const XLSX = zip(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']);

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const stored = (sha: string) =>
  path.join(stack().config.dataDir, 'attachments', sha.slice(0, 2), sha);

/** Every file under DATA_DIR/attachments, temporary ones included. */
function filesOnDisk(): string[] {
  const root = path.join(stack().config.dataDir, 'attachments');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

async function upload(
  token: string | undefined,
  bytes: Buffer,
  filename: string,
  type = 'application/pdf',
  field = 'file',
) {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(`${stack().base}/api/v1/attachments`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

async function download(token: string, id: string) {
  const res = await fetch(`${stack().base}/api/v1/attachments/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Uploads `bytes` and expects a refusal that stores neither a row nor a file. */
async function expectNothingStored<R extends { status: number }>(
  attempt: () => Promise<R>,
  status: number,
): Promise<R> {
  const rows = await Attachment.countDocuments();
  const files = filesOnDisk();
  const res = await attempt();
  expect(res.status).toBe(status);
  expect(await Attachment.countDocuments()).toBe(rows);
  expect(filesOnDisk()).toEqual(files);
  return res;
}

describe('the attachment store', () => {
  it('when a PDF is uploaded, then it is stored under its sha256 with a row and an audit event', async () => {
    const executor = await stack().addUser(['executor'], await stack().addOrg());
    const bytes = pdf();
    const res = await upload(executor.token, bytes, 'Hisobot.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[a-f0-9]{24}$/),
      filename: 'Hisobot.pdf',
      mime: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
    });
    expect(fs.readFileSync(stored(sha256(bytes)))).toEqual(bytes);
    const row = await Attachment.findById(res.body.id).lean();
    expect(row).toMatchObject({
      sha256: sha256(bytes),
      size: bytes.length,
      mime: 'application/pdf',
      filename: 'Hisobot.pdf',
      uploadedBy: executor.id,
    });
    const events = await AuditEvent.find({ subject: `attachment:${res.body.id}` }).lean();
    expect(events).toMatchObject([
      { action: 'attachment.upload', outcome: 'ok', actorId: executor.id },
    ]);
  });

  it('when the same content is uploaded twice, then it is one file on disk and two rows', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const bytes = pdf();
    const first = await upload(user.token, bytes, 'a.pdf');
    const second = await upload(user.token, bytes, 'b.pdf');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(second.body.id).not.toBe(first.body.id);
    expect(await Attachment.countDocuments({ sha256: sha256(bytes) })).toBe(2);
    const dir = path.dirname(stored(sha256(bytes)));
    expect(fs.readdirSync(dir).filter((f) => f.includes(sha256(bytes)))).toEqual([sha256(bytes)]);
    expect(filesOnDisk().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('when the uploader downloads, then the same bytes come back with safe headers', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const bytes = pdf();
    const up = await upload(user.token, bytes, 'Ijro hisoboti – ҳисобот (1).pdf');
    expect(up.status).toBe(201);
    const res = await download(user.token, up.body.id);
    expect(res.status).toBe(200);
    expect(res.bytes).toEqual(bytes);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Ijro hisoboti _ _______ (1).pdf"; ` +
        `filename*=UTF-8''Ijro%20hisoboti%20%E2%80%93%20%D2%B3%D0%B8%D1%81%D0%BE%D0%B1%D0%BE%D1%82%20%281%29.pdf`,
    );
  });

  it('when someone else asks, then only admins, observers and readers of a referencing assignment get it', async () => {
    const orgA = await stack().addOrg();
    const orgB = await stack().addOrg();
    const controller = await stack().addUser(['controller']);
    const uploader = await stack().addUser(['executor'], orgA);
    const up = await upload(uploader.token, pdf(), 'report.pdf');
    const id = up.body.id as string;
    // Both organizations have assignments: a query that matched every row would let B in.
    const inA = await stack().addAssignment(controller.token, orgA);
    await stack().addAssignment(controller.token, orgB);

    const outsider = await stack().addUser(['executor'], orgB);
    const refused = await download(outsider.token, id);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const events = await AuditEvent.find({ subject: `attachment:${id}` })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => [e.outcome, e.actorId])).toEqual([
      ['ok', uploader.id],
      ['refused', outsider.id],
    ]);

    const admin = await stack().addUser(['admin']);
    expect((await download(admin.token, id)).status).toBe(200);
    const observer = await stack().addUser(['observer']);
    expect((await download(observer.token, id)).status).toBe(200);

    // Once a report of A's assignment carries the file, A's people may read it; B still not.
    const colleague = await stack().addUser(['executor'], orgA);
    expect((await download(colleague.token, id)).status).toBe(404);
    await AssignmentModel.collection.updateOne(
      { _id: inA.id as never },
      { $set: { reports: [{ id: 'r1', organizationId: orgA, attachmentIds: [id] }] } },
    );
    expect((await download(colleague.token, id)).status).toBe(200);
    expect((await download(outsider.token, id)).status).toBe(404);
  });

  it('when the bytes are not what the name and type say, then 415 and nothing is stored', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const png = await expectNothingStored(() => upload(user.token, PNG, 'scan.pdf'), 415);
    expect(png.body.detail).toContain('PNG');
    const exe = await expectNothingStored(() => upload(user.token, EXE, 'setup.pdf'), 415);
    expect(exe.body.detail).toContain('not of an accepted type');
    const xlsx = await expectNothingStored(
      () => upload(user.token, XLSX, 'table.docx', DOCX_MIME),
      415,
    );
    expect(xlsx.body.detail).toContain('XLSX');
    const declared = await expectNothingStored(
      () => upload(user.token, pdf(), 'doc.pdf', 'image/png'),
      415,
    );
    expect(declared.body.detail).toContain('sent as image/png');
    const zipped = zip(['[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin']);
    await expectNothingStored(() => upload(user.token, zipped, 'macro.docx', DOCX_MIME), 415);
    const nul = Buffer.from('hello\u0000world');
    await expectNothingStored(() => upload(user.token, nul, 'notes.txt', 'text/plain'), 415);
  });

  it('accepts Office, image and text files whose bytes match, also when the type is undeclared', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const docx = await upload(user.token, DOCX, 'Buyruq.docx', DOCX_MIME);
    expect(docx).toMatchObject({ status: 201, body: { mime: DOCX_MIME } });
    const png = await upload(user.token, PNG, 'scan.PNG', 'application/octet-stream');
    expect(png).toMatchObject({ status: 201, body: { mime: 'image/png' } });
    const text = Buffer.from('Ijro intizomi — ҳисобот\n');
    const txt = await upload(user.token, text, 'izoh.txt', 'text/plain');
    expect(txt).toMatchObject({ status: 201, body: { mime: 'text/plain' } });
    const back = await download(user.token, txt.body.id);
    expect(back.bytes).toEqual(text);
    expect(back.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('when a file is over ATTACHMENT_MAX_MB, then 413 and nothing is stored', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const atLimit = Buffer.concat([pdf(), Buffer.alloc(MB)]).subarray(0, MB);
    expect((await upload(user.token, atLimit, 'big.pdf')).status).toBe(201);
    const over = Buffer.concat([pdf(), Buffer.alloc(MB)]).subarray(0, MB + 1);
    const res = await expectNothingStored(() => upload(user.token, over, 'huge.pdf'), 413);
    expect(res.body).toMatchObject({ status: 413, detail: 'The file is larger than 1 MB.' });
  });

  it('refuses uploads without a token, without a file, and not as multipart', async () => {
    await expectNothingStored(() => upload(undefined, pdf(), 'a.pdf'), 401);
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(`${stack().base}/api/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: form,
    });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { detail: string }).detail).toBe(
      'Send the file in the "file" field.',
    );
    const otherField = await upload(user.token, pdf(), 'a.pdf', 'application/pdf', 'document');
    expect(otherField.status).toBe(400);
    const json = await stack().call('POST', '/api/v1/attachments', {
      token: user.token,
      body: { file: 'JVBERi0xLjQ=' },
    });
    expect(json.status).toBe(415);
  });

  it('stores a sanitized file name: no path, no control or bidi characters, 200 at most', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const res = await upload(user.token, pdf(), '../../etc/passwd.pdf');
    expect(res.status).toBe(201);
    expect(res.body.filename).toBe('passwd.pdf');
    const bidi = await upload(user.token, pdf(), 'invoice\u202Efdp.exe.pdf');
    expect(bidi.body.filename).toBe('invoicefdp.exe.pdf');

    expect(sanitizeFilename('..\\..\\windows\\system32\\evil.pdf')).toBe('evil.pdf');
    expect(sanitizeFilename('/etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..')).toBe('file');
    expect(sanitizeFilename('a\u0000b\u0007c\r\n.pdf')).toBe('abc.pdf');
    const long = sanitizeFilename(`${'я'.repeat(300)}.docx`);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
    expect(sanitizeFilename(long)).toBe(long);
  });

  it('answers 404 for an unknown attachment and documents the upload in OpenAPI', async () => {
    const user = await stack().addUser(['executor'], await stack().addOrg());
    const missing = await download(user.token, '0123456789abcdef01234567');
    expect(missing.status).toBe(404);
    const doc = await stack().call('GET', '/api/openapi.json');
    const post = doc.body.paths['/attachments'].post;
    expect(post.requestBody.content['multipart/form-data'].schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '413', '415']));
    expect(doc.body.paths['/attachments/{id}'].get).toBeDefined();
  });
});
