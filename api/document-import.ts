import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { XlsxLimits } from '../lib/config';
import { ImportErrors } from './csv';
import { checkAssignments } from './documents';
import { HttpError } from './errors';
import { checkedKind } from './file-kind';
import { assignmentInputSchema, documentInputSchema, type DocumentInput } from './schemas';
import { receive } from './upload';
import { readWorkbook } from './xlsx-import';

export const MAX_IMPORT_ASSIGNMENTS = 5_000;
/** 5,000 assignments with their texts need more than the 1 MB of other JSON bodies. */
export const IMPORT_JSON_LIMIT = '20mb';
export const XLSX_MAX_MB = 10;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What an import file says before validation: the document's fields and numbered rows. */
export interface ImportSource {
  document: unknown;
  /** Each assignment with its place in the file: the sheet's row, or the array index + 1. */
  rows: { row: number; value: unknown }[];
}

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: XLSX_MAX_MB * 1024 * 1024, files: 1, fields: 5 },
}).single('file');
const rawXlsx = express.raw({ type: XLSX_MIME, limit: `${XLSX_MAX_MB}mb` });

/** The import in the request: a JSON body, an XLSX file in the multipart field `file`, or an XLSX body. */
export async function readImport(
  req: Request,
  res: Response,
  limits: XlsxLimits,
): Promise<ImportSource> {
  if (req.is('application/json')) return fromJson(req.body);
  if (req.is('multipart/form-data')) {
    return fromXlsx((await receive(upload, req, res, XLSX_MAX_MB)).buffer, limits);
  }
  if (req.is(XLSX_MIME)) return fromXlsx(await readRaw(req, res), limits);
  throw new HttpError(
    415,
    `Send the import as application/json, as an XLSX file in the multipart field "file", or as ${XLSX_MIME}.`,
  );
}

function readRaw(req: Request, res: Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    void rawXlsx(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        reject(new HttpError(413, `The file is larger than ${XLSX_MAX_MB} MB.`));
      } else if (err) reject(err as Error);
      else resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    });
  });
}

/** Only the bytes decide: file names and declared types of spreadsheets vary too much. */
function fromXlsx(bytes: Buffer, limits: XlsxLimits): Promise<ImportSource> {
  let xlsx = false;
  try {
    xlsx = checkedKind(bytes, 'import.xlsx', 'application/octet-stream').mime === XLSX_MIME;
  } catch {
    // Bytes of another type or of none: refused below.
  }
  if (!xlsx) {
    throw new HttpError(415, 'The file is not an XLSX workbook; send an .xlsx file or JSON.');
  }
  return readWorkbook(bytes, limits);
}

const jsonImport = z.strictObject({
  document: z.looseObject({}),
  assignments: z.array(z.unknown()),
});

function fromJson(body: unknown): ImportSource {
  const parsed = jsonImport.safeParse(body);
  if (!parsed.success) {
    const errors = new ImportErrors('row');
    addIssues(errors, undefined, parsed.error.issues);
    errors.throwIfAny('import');
  }
  const { document, assignments } = parsed.data as z.infer<typeof jsonImport>;
  return { document, rows: assignments.map((value, i) => ({ row: i + 1, value })) };
}

/** A problem with its field's path leading the message, so a row's message stands alone. */
function add(errors: ImportErrors, row: number | undefined, path: string, message: string) {
  errors.add(row, path, path ? `${path}: ${message}` : message);
}

function addIssues(
  errors: ImportErrors,
  row: number | undefined,
  issues: { path: PropertyKey[]; message: string }[],
  prefix: string[] = [],
): void {
  for (const i of issues) add(errors, row, [...prefix, ...i.path.map(String)].join('.'), i.message);
}

const documentFieldsSchema = documentInputSchema.omit({ assignments: true });

/**
 * Validates a whole import the way registration would: the document's fields, every row's
 * schema, and the people and organizations the rows name. Any problem refuses it all (422
 * listing every one by row); a good one answers the document and each assignment's row.
 */
export async function validateImport(
  source: ImportSource,
): Promise<{ input: DocumentInput; rows: number[] }> {
  if (source.rows.length > MAX_IMPORT_ASSIGNMENTS) {
    throw new HttpError(413, `At most ${MAX_IMPORT_ASSIGNMENTS} assignments per import.`);
  }
  const errors = new ImportErrors('row');
  const document = documentFieldsSchema.safeParse(source.document);
  if (!document.success) addIssues(errors, undefined, document.error.issues, ['document']);
  if (source.rows.length === 0) add(errors, undefined, 'assignments', 'the file has none');
  const valid: { row: number; value: z.infer<typeof assignmentInputSchema> }[] = [];
  for (const { row, value } of source.rows) {
    const parsed = assignmentInputSchema.safeParse(value);
    if (parsed.success) valid.push({ row, value: parsed.data });
    else addIssues(errors, row, parsed.error.issues);
  }
  for (const p of await checkAssignments(valid.map((v) => v.value))) {
    add(errors, valid[p.index]?.row, p.path, p.message);
  }
  errors.throwIfAny('import');
  return {
    input: {
      ...(document.data as z.infer<typeof documentFieldsSchema>),
      assignments: valid.map((v) => v.value),
    },
    rows: valid.map((v) => v.row),
  };
}
