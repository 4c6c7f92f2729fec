import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { z } from 'zod';
import { FileStore } from '../../lib/file-store';
import { AssignmentModel } from '../../models/assignment';
import { Attachment, sanitizeFilename, type AttachmentRow } from '../../models/attachment';
import { audit, policyOf } from '../access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import type { Api } from '../route';
import { idParams, objectId } from '../schemas';

// ---- what may be uploaded: the type is read from the bytes; name and declared type must agree

export interface FileKind {
  label: string;
  mime: string;
  extensions: string[];
}

const KIND = {
  pdf: { label: 'PDF', mime: 'application/pdf', extensions: ['pdf'] },
  png: { label: 'PNG', mime: 'image/png', extensions: ['png'] },
  jpeg: { label: 'JPEG', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  docx: {
    label: 'Word (DOCX)',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    label: 'Excel (XLSX)',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    label: 'PowerPoint (PPTX)',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  text: { label: 'plain text (UTF-8)', mime: 'text/plain', extensions: ['txt'] },
} satisfies Record<string, FileKind>;

const ACCEPTED = Object.values(KIND)
  .map((k) => k.label)
  .join(', ');

const startsWith = (bytes: Buffer, magic: number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * Entry names from a ZIP's central directory (found through the end-of-central-directory
 * record in the last 64 KiB), or undefined when the structure does not hold together.
 */
function zipEntryNames(bytes: Buffer): string[] | undefined {
  const last = bytes.length - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (bytes.readUInt32LE(at) !== EOCD) continue;
    const count = bytes.readUInt16LE(at + 10);
    let p = bytes.readUInt32LE(at + 16);
    const names: string[] = [];
    for (let n = 0; n < count; n++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL_ENTRY) return undefined;
      const nameLength = bytes.readUInt16LE(p + 28);
      const extraLength = bytes.readUInt16LE(p + 30);
      const commentLength = bytes.readUInt16LE(p + 32);
      if (p + 46 + nameLength > bytes.length) return undefined;
      names.push(bytes.toString('utf8', p + 46, p + 46 + nameLength));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return undefined;
}

/** An Office Open XML package is a ZIP with `[Content_Types].xml` and its part folder. */
function officeKind(bytes: Buffer): FileKind | undefined {
  const names = zipEntryNames(bytes);
  if (!names?.includes('[Content_Types].xml')) return undefined;
  // Macros hidden in a .docx/.xlsx/.pptx are not what the name promises.
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return undefined;
  if (names.some((n) => n.startsWith('word/'))) return KIND.docx;
  if (names.some((n) => n.startsWith('xl/'))) return KIND.xlsx;
  if (names.some((n) => n.startsWith('ppt/'))) return KIND.pptx;
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The accepted type these bytes are, by their signature; undefined for anything else. */
export function detectKind(bytes: Buffer): FileKind | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return KIND.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return KIND.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return KIND.jpeg;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeKind(bytes); // PK\3\4
  return isText(bytes) ? KIND.text : undefined;
}

/**
 * The type of an upload, from its bytes; refuses (415) bytes of no accepted type, and a name
 * or declared type that says something else. `application/octet-stream` declares nothing
 * (what clients send when they do not know the type), so only the name must agree then.
 */
export function checkedKind(bytes: Buffer, filename: string, declared: string): FileKind {
  const kind = detectKind(bytes);
  if (!kind) {
    throw new HttpError(415, `The file's content is not of an accepted type (${ACCEPTED}).`);
  }
  const ext = path.extname(filename).slice(1).toLowerCase();
  if (!kind.extensions.includes(ext)) {
    const named = ext ? `its name ends in ".${ext}"` : 'its name has no extension';
    throw new HttpError(
      415,
      `The file's content is ${kind.label}, but ${named}; name it .${kind.extensions[0]}.`,
    );
  }
  const mime = (declared.split(';')[0] ?? '').trim().toLowerCase();
  if (mime !== kind.mime && mime !== 'application/octet-stream') {
    throw new HttpError(
      415,
      `The file's content is ${kind.label}, but it was sent as ${mime || 'no type'}; ` +
        `send it as ${kind.mime}.`,
    );
  }
  return kind;
}

// ---- receiving and sending

const attachmentSchema = z
  .object({
    id: objectId,
    filename: z.string(),
    mime: z.string(),
    size: z.number().int(),
    sha256: z.string(),
  })
  .meta({ id: 'Attachment' });

const NOT_FOUND = 'No such attachment.';

/** Runs multer on the request and answers the one file, or the problem with the upload. */
function receive(
  upload: RequestHandler,
  req: Request,
  res: Response,
  maxMb: number,
): Promise<Express.Multer.File> {
  return new Promise((resolve, reject) => {
    void upload(req, res, (err?: unknown) => {
      if (err instanceof MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') {
          return reject(new HttpError(413, `The file is larger than ${maxMb} MB.`));
        }
        if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
          return reject(new HttpError(400, 'Send exactly one file, in the "file" field.'));
        }
        return reject(new HttpError(400, `The upload was refused: ${err.message}.`));
      }
      if (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return reject(new HttpError(400, `The multipart body could not be read: ${reason}.`));
      }
      if (!req.file) return reject(new HttpError(400, 'Send the file in the "file" field.'));
      resolve(req.file);
    });
  });
}

/** `attachment` with an ASCII fallback name and the exact name RFC 5987-encoded. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Who may download: the uploader; admins and observers (the policy's target-less
 * `assignment.read`); anyone who may read an assignment whose reports carry the attachment.
 */
async function mayRead(req: Request, row: AttachmentRow, id: string): Promise<boolean> {
  if (row.uploadedBy === principal(req).id) return true;
  const policy = await policyOf(req);
  if (policy.can('assignment.read')) return true;
  // Were `reports.attachmentIds` ever missing from the assignment schema, strictQuery would
  // silently drop the path and match every assignment; with it off for this query, only rows
  // that really carry the id match.
  const rows = await AssignmentModel.find({ 'reports.attachmentIds': id }).setOptions({
    strictQuery: false,
  });
  return rows.some((assignment) => policy.can('assignment.read', { assignment }));
}

export function attachmentRoutes(api: Api, deps: AppDeps): void {
  const maxMb = deps.config.ATTACHMENT_MAX_MB;
  const store = new FileStore(deps.config.dataDir);
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxMb * 1024 * 1024, files: 1, fields: 5 },
    // Browsers and curl send file names as raw UTF-8.
    defParamCharset: 'utf8',
  }).single('file');

  api.route(
    {
      method: 'post',
      path: '/attachments',
      summary: `Upload a file (multipart, field "file"; up to ${maxMb} MB; ${ACCEPTED})`,
      tag: 'attachments',
      multipart: true,
      status: 201,
      response: attachmentSchema,
      errors: [413, 415],
    },
    async (_input, req, res) => {
      const file = await receive(upload, req, res, maxMb);
      if (file.size === 0) throw new HttpError(400, 'The file is empty.');
      const filename = sanitizeFilename(file.originalname);
      const { mime } = checkedKind(file.buffer, filename, file.mimetype);
      const { sha256, size } = await store.put(file.buffer);
      const user = principal(req);
      const row = await Attachment.create({
        sha256,
        size,
        mime,
        filename,
        uploadedBy: user.id,
        organizationId: user.organizationId ?? null,
      });
      const view = { id: String(row._id), filename, mime, size, sha256 };
      await audit(req, {
        subject: `attachment:${view.id}`,
        action: 'attachment.upload',
        outcome: 'ok',
        after: { filename, mime, size, sha256 },
      });
      return view;
    },
  );

  api.route(
    {
      method: 'get',
      path: '/attachments/:id',
      summary: 'Download a file (the uploader, and those who see an assignment it reports on)',
      tag: 'attachments',
      params: idParams,
      errors: [404],
    },
    async ({ params }, req, res) => {
      const row = await Attachment.findById(params.id);
      if (!row) throw new HttpError(404, NOT_FOUND);
      if (!(await mayRead(req, row, params.id))) {
        // Audited on the attachment's chain by the problem handler.
        throw new HttpError(404, NOT_FOUND, undefined, `attachment:${params.id}`);
      }
      const { size, stream } = await store.open(row.sha256);
      res.status(200).set({
        'Content-Type': row.mime,
        'Content-Length': String(size),
        'Content-Disposition': contentDisposition(row.filename),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      });
      try {
        await pipeline(stream, res);
      } catch (err) {
        // Headers are gone; the client sees a cut-off body. Usually the client went away.
        deps.logger.warn({ err, attachmentId: params.id }, 'attachment download interrupted');
      }
    },
  );
}
