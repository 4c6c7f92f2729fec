import type { Request, RequestHandler, Response } from 'express';
import { MulterError } from 'multer';
import { HttpError } from './errors';

/** Runs multer on the request and answers the one file, or the problem with the upload. */
export function receive(
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
