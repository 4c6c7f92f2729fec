import { once } from 'node:events';
import type { Request, Response } from 'express';
import { stream } from 'exceljs';
import { User, type Locale } from '../models/user';
import { localDate } from '../workflows/timers';
import { audit } from './access';
import { principal } from './auth';
import { contentDisposition } from './routes/attachments';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Words = Record<Locale, string>;
export type Cell = string | number | Date;
export type Format = 'xlsx' | ',' | ';';

/** One column of an export: its heading in each language and its cell of a row. */
export interface Column<R> {
  header: Words;
  width: number;
  cell: (row: R) => Cell;
  /** Its cells are dates. */
  date?: true;
}

/** What an export writes, in the reader's language. */
export interface Table<R> {
  /** Names the file (`<name>-<date>.xlsx`) and the audit subject (`export:<name>`). */
  name: string;
  /** The audit event's action. */
  action: string;
  sheet: Words;
  columns: Column<R>[];
  rows: Iterable<R> | AsyncIterable<R>;
  /** How many rows there are, for the audit event written before the first byte. */
  total: number;
}

/** How a date cell shows: as people write dates in the language (the cell stays a date). */
export const DATE_FORMAT: Words = {
  'uz-Latn': 'dd.mm.yyyy',
  'uz-Cyrl': 'dd.mm.yyyy',
  ru: 'dd.mm.yyyy',
  en: 'yyyy-mm-dd',
};
const YES: Words = { 'uz-Latn': 'ha', 'uz-Cyrl': 'ҳа', ru: 'да', en: 'yes' };
const NO: Words = { 'uz-Latn': 'yoʻq', 'uz-Cyrl': 'йўқ', ru: 'нет', en: 'no' };

export const yesNo = (v: unknown, locale: Locale) => (v === true ? YES : NO)[locale];

/** A sheet's columns: headings in the reader's language, dates shown as they write them. */
export const sheetColumns = <R>(columns: Column<R>[], locale: Locale) =>
  columns.map((c, i) => ({
    header: c.header[locale],
    key: String(i),
    width: c.width,
    ...(c.date ? { style: { numFmt: DATE_FORMAT[locale] } } : {}),
  }));

/** A calendar day (`YYYY-MM-DD`) as a date cell: midnight UTC, which Excel stores as the day. */
export const dateCell = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

/**
 * Streams a table as XLSX or as CSV (with this delimiter), every row, in the caller's
 * language. Audited before a byte is sent; what goes wrong once the file has begun is logged,
 * and the client sees it cut off.
 */
export async function sendTable<R>(
  req: Request,
  res: Response,
  format: Format,
  query: Record<string, unknown>,
  tableFor: (locale: Locale) => Promise<Table<R>>,
) {
  const me = principal(req).id;
  const locale = (await User.findById(me, { locale: 1 }).lean())?.locale ?? 'uz-Latn';
  const table = await tableFor(locale);
  const xlsx = format === 'xlsx';
  await audit(req, {
    subject: `export:${table.name}`,
    action: table.action,
    outcome: 'ok',
    after: { format: xlsx ? 'xlsx' : 'csv', query, rows: table.total },
  });
  res.status(200).set({
    'Content-Type': xlsx ? XLSX : 'text/csv; charset=utf-8',
    'Content-Disposition': contentDisposition(
      `${table.name}-${localDate(Date.now())}.${xlsx ? 'xlsx' : 'csv'}`,
    ),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  const written = xlsx ? writeXlsx(res, table, locale) : writeCsv(res, table, locale, format);
  await written.catch((err: unknown) => {
    req.log.warn({ err }, 'export cut off');
    res.destroy();
  });
}

/** Rows written between yields to the event loop, so other requests are answered meanwhile. */
const BATCH = 200;

/** Waits until the client has taken what was written; false if it went away. */
async function drained(res: Response): Promise<boolean> {
  if (res.writableNeedDrain) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

/** Stops a write whose reader is gone (the error goes to the log, nothing more is sent). */
const gone = () => new Error('the client went away during an export');

/**
 * An XLSX workbook streamed as it is written (exceljs's streaming writer): one sheet, the
 * header row frozen, dates as date cells.
 */
async function writeXlsx<R>(res: Response, table: Table<R>, locale: Locale) {
  const book = new stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
  const sheet = book.addWorksheet(table.sheet[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = sheetColumns(table.columns, locale);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let i = 0;
  for await (const row of table.rows) {
    sheet.addRow(table.columns.map((c) => c.cell(row))).commit();
    if (++i % BATCH === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (res.destroyed) throw gone();
    }
  }
  sheet.commit();
  await book.commit();
}

/** A CSV field: quoted when it must be, and a formula's first character made text. */
function csvField(value: Cell, delimiter: string): string {
  let text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  // A spreadsheet would run a cell beginning like a formula (CSV injection).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  const quote = text.includes(delimiter) || /["\r\n]/.test(text);
  return quote ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV (RFC 4180, CRLF lines) with a UTF-8 byte order mark, which Excel needs to read
 * Cyrillic and oʻ; written in batches, waiting when the client reads slower.
 */
async function writeCsv<R>(res: Response, table: Table<R>, locale: Locale, delimiter: ',' | ';') {
  const line = (cells: Cell[]) => cells.map((c) => csvField(c, delimiter)).join(delimiter);
  let chunk = '\uFEFF' + line(table.columns.map((c) => c.header[locale])) + '\r\n';
  let i = 0;
  for await (const row of table.rows) {
    chunk += line(table.columns.map((c) => c.cell(row))) + '\r\n';
    if (++i % BATCH === 0) {
      res.write(chunk);
      chunk = '';
      if (!(await drained(res))) throw gone();
    }
  }
  res.end(chunk);
}
