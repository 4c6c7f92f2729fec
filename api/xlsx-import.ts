import { stream, type CellValue } from 'exceljs';
import type { XlsxLimits } from '../lib/config';
import type { ImportSource } from './document-import';
import { HttpError } from './errors';
import { storedZip, unpackChecked } from './zip-check';

/** The `assignments` sheet's columns; `every`, `dueDay`, `until` make the periodicity. */
export const XLSX_COLUMNS = [
  'clause',
  'text',
  'leadOrgId',
  'coOrgIds',
  'deadline',
  'controllerId',
  'verificationChain',
  'public',
  'every',
  'dueDay',
  'until',
];
const REQUIRED = ['clause', 'text', 'leadOrgId'];
const DATES = new Set(['signedAt', 'deadline', 'until']);
const LISTS = new Set(['coOrgIds', 'verificationChain']);
const PERIODICITY = ['every', 'dueDay', 'until'];
const SHEETS = ['document', 'assignments'];

type Plain = string | number | boolean | Date | undefined;
type Value = Exclude<Plain, undefined>;
/** A row's cells that have a value, by column from 1 (a map: a cell far right costs nothing). */
interface SheetRow {
  row: number;
  cells: Map<number, Value>;
}

/**
 * The parts exceljs's streaming reader reads, under the names Excel gives them, in the order
 * it needs to parse sheets as they stream: the workbook (sheet names) and shared strings first.
 * Out of that order it would park sheets in temporary files.
 */
const PARTS = [
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
];
const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
const isPart = (name: string) => PARTS.includes(name) || SHEET_PART.test(name);
const rank = (name: string) => (PARTS.includes(name) ? PARTS.indexOf(name) : PARTS.length);

/**
 * Reads an import workbook: a `document` sheet of `field | value` rows and an `assignments`
 * sheet with a header row. Values are put in the shape of the JSON import (dates as
 * YYYY-MM-DD, `|`-separated lists as arrays, yes/no as booleans) and left to the same
 * validation; a workbook that cannot be read or lacks a sheet or column is refused whole.
 */
export async function readWorkbook(bytes: Buffer, limits: XlsxLimits): Promise<ImportSource> {
  const sheets = await readSheets(
    await unpackChecked(bytes, isPart, limits.XLSX_MAX_UNPACKED_MB),
    limits,
  );
  const document: Record<string, unknown> = {};
  for (const { cells } of sheetNamed(sheets, 'document')) {
    const field = cells.get(1);
    const value = cells.get(2);
    // A `field | value` header row may head the sheet.
    if (field === 'field' || typeof field !== 'string' || value === undefined) continue;
    document[field] = shaped(field, value);
  }
  const [header, ...rows] = sheetNamed(sheets, 'assignments');
  const columns = new Map([...(header?.cells ?? [])].map(([col, name]) => [col, String(name)]));
  const names = [...columns.values()];
  const missing = REQUIRED.filter((c) => !names.includes(c));
  const unknown = names.filter((c) => !XLSX_COLUMNS.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    throw new HttpError(
      422,
      `The header row of "assignments" must name the columns ${XLSX_COLUMNS.join(', ')}` +
        ` (${REQUIRED.join(', ')} required)` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown: ${unknown.join(', ')}` : '') +
        '.',
    );
  }
  return {
    document,
    rows: rows.map(({ row, cells }) => ({ row, value: assignment(columns, cells) })),
  };
}

/**
 * The rows with a value of the `document` and `assignments` sheets, read with exceljs's
 * streaming reader rather than `Workbook.xlsx.load`, whose model of every cell takes hundreds
 * of bytes: reading stops at the row or value past the limits. The streaming reader gives what
 * the import needs: sheet names, shared and rich text, formulas' results, and dates (from the
 * cached styles). It reads only the parts `unpackChecked` inflated and counted, repacked: its
 * own unzip walks the local headers, which a crafted zip can make disagree with the directory
 * that was checked.
 */
async function readSheets(parts: Map<string, Buffer>, limits: XlsxLimits) {
  // Without these the reader cannot name the sheets (exceljs 4.4's reader, like its internals
  // relied on below).
  for (const part of PARTS.slice(0, 2)) {
    if (!parts.has(part))
      throw new HttpError(422, `The workbook cannot be read: it has no ${part}.`);
  }
  // A workbook of numbers only has no shared strings; exceljs waits for them before a sheet.
  if (!parts.has('xl/sharedStrings.xml')) parts.set('xl/sharedStrings.xml', Buffer.from('<sst/>'));
  const ordered = [...parts].sort(([a], [b]) => rank(a) - rank(b));
  const reader = new stream.xlsx.WorkbookReader(storedZip(ordered), {
    sharedStrings: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // Shared strings are emitted so that they count against the limit as they come (a million
  // tiny ones would cost 200 MB); the reader looks its sheets' strings up in this table, and
  // with the table unset it would park every sheet in a temporary file waiting for it.
  const strings: unknown[] = [];
  Object.assign(reader, { sharedStrings: strings });
  const sheets = new Map<string, SheetRow[]>();
  let rows = 0;
  let values = 0;
  const count = (n: number) => {
    values += n;
    if (values > limits.XLSX_MAX_CELLS) throw tooMany(`${limits.XLSX_MAX_CELLS} cell values`);
  };
  try {
    for await (const event of reader.parse() as unknown as AsyncIterable<ReaderEvent>) {
      if ('index' in event) {
        // Each run of rich text is an object of its own.
        count(1 + ((event.text as { richText?: unknown[] } | null)?.richText?.length ?? 0));
        strings.push(event.text);
        continue;
      }
      if (event.eventType !== 'worksheet') continue;
      const name = event.value.name.trim().toLowerCase();
      if (!SHEETS.includes(name) || sheets.has(name)) continue;
      const kept: SheetRow[] = [];
      for await (const r of event.value) {
        if (++rows > limits.XLSX_MAX_ROWS) throw tooMany(`${limits.XLSX_MAX_ROWS} rows`);
        const cells = new Map<number, Value>();
        r.eachCell((cell, col) => {
          const value = plain(cell.value);
          if (value !== undefined) cells.set(col, value);
        });
        count(cells.size);
        if (cells.size > 0) kept.push({ row: r.number, cells });
      }
      sheets.set(name, kept);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(422, `The workbook cannot be read: ${(err as Error).message}.`);
  }
  return sheets;
}

/**
 * What the streaming reader's `parse` yields (its types say `any`): shared strings bare, in
 * order; sheets (named from the workbook part, which its types omit); hyperlinks, ignored.
 */
type ReaderEvent =
  | { index: number; text: unknown }
  | { eventType: 'worksheet'; value: stream.xlsx.WorksheetReader & { name: string } }
  | { eventType: 'hyperlinks' };

const tooMany = (what: string) =>
  new HttpError(413, `The workbook has more than ${what}; split it into smaller workbooks.`);

function sheetNamed(sheets: Map<string, SheetRow[]>, name: string): SheetRow[] {
  const rows = sheets.get(name);
  if (!rows) throw new HttpError(422, `The workbook has no sheet named "${name}".`);
  return rows;
}

/** A cell's value: formulas give their result, rich text and links their text; blank is absent. */
function plain(value: CellValue | undefined): Plain {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('result' in value) return plain(value.result as CellValue);
  if ('richText' in value) return plain(value.richText.map((t) => t.text).join(''));
  if ('text' in value) return plain(value.text as CellValue);
  if ('error' in value) return String(value.error);
  return undefined;
}

function assignment(
  columns: Map<number, string>,
  cells: Map<number, Value>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [col, column] of columns) {
    const value = cells.get(col);
    if (value !== undefined) fields[column] = shaped(column, value);
  }
  const { every, dueDay, until, ...rest } = fields;
  if (PERIODICITY.some((c) => fields[c] !== undefined)) rest.periodicity = { every, dueDay, until };
  return rest;
}

/** A cell's value in the type the JSON import has for that field. */
function shaped(field: string, value: Value): unknown {
  if (DATES.has(field)) return isoDate(value);
  if (LISTS.has(field))
    return text(value)
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
  if (field === 'public') return yesNo(value);
  if (field === 'dueDay')
    return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return text(value);
}

const text = (value: Value) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * YYYY-MM-DD from an Excel date, a date serial number, or text written `YYYY-MM-DD` or
 * `DD.MM.YYYY`; anything else is left for validation to refuse.
 */
function isoDate(value: Value): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    return new Date(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS).toISOString().slice(0, 10);
  }
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(String(value));
  if (!dotted) return String(value);
  const [, d, m, y] = dotted as unknown as [string, string, string, string];
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function yesNo(value: Value): unknown {
  if (typeof value === 'boolean') return value;
  const word = String(value).toLowerCase();
  if (word === 'yes' || word === 'true') return true;
  if (word === 'no' || word === 'false') return false;
  return value;
}
