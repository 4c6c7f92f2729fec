import { pipeline } from 'node:stream/promises';
import multer from 'multer';
import { FileStore } from '../../lib/file-store';
import { Attachment, sanitizeFilename } from '../../models/attachment';
import { audit } from '../access';
import { mayRead } from '../attachment-access';
import { principal } from '../auth';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { ACCEPTED, checkedKind } from '../file-kind';
import type { Api } from '../route';
import { attachmentSchema, idParams } from '../schemas';
import { receive } from '../upload';

// ---- receiving and sending

const NOT_FOUND = 'No such attachment.';

/** What a client is told of a stored file (not who uploaded it, nor where it is kept). */
export const attachmentView = (row: InstanceType<typeof Attachment>) => ({
  id: String(row._id),
  filename: row.filename,
  mime: row.mime,
  size: row.size,
  sha256: row.sha256,
});

/** `attachment` with an ASCII fallback name and the exact name RFC 5987-encoded. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
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
      const view = attachmentView(row);
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
      try {
        await audit(req, {
          subject: `attachment:${params.id}`,
          action: 'attachment.download',
          outcome: 'ok',
        });
      } catch (err) {
        // Nothing is sent unaudited; the opened file is let go.
        stream.destroy();
        throw err;
      }
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
