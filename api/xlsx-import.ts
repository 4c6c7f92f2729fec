import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import type { ImportSource } from './document-import';
import { HttpError } from './errors';

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

type Plain = string | number | boolean | Date | undefined;

/**
 * Reads an import workbook: a `document` sheet of `field | value` rows and an `assignments`
 * sheet with a header row. Values are put in the shape of the JSON import (dates as
 * YYYY-MM-DD, `|`-separated lists as arrays, yes/no as booleans) and left to the same
 * validation; a workbook that cannot be read or lacks a sheet or column is refused whole.
 */
export async function readWorkbook(bytes: Buffer): Promise<ImportSource> {
  const workbook = new Workbook();
  try {
    // exceljs types its argument as its own `Buffer` (an ArrayBuffer); it reads Node's.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new HttpError(422, `The workbook cannot be read: ${(err as Error).message}.`);
  }
  const document: Record<string, unknown> = {};
  for (const { cells } of rowsOf(sheetNamed(workbook, 'document'))) {
    const [field, value] = cells;
    // A `field | value` header row may head the sheet.
    if (field === 'field' || typeof field !== 'string' || value === undefined) continue;
    document[field] = shaped(field, value);
  }
  const [header, ...rows] = rowsOf(sheetNamed(workbook, 'assignments'));
  const columns = (header?.cells ?? []).map((c) => (c === undefined ? '' : String(c)));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => c !== '' && !XLSX_COLUMNS.includes(c));
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

function sheetNamed(workbook: Workbook, name: string): Worksheet {
  const sheet = workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name);
  if (!sheet) throw new HttpError(422, `The workbook has no sheet named "${name}".`);
  return sheet;
}

/** The sheet's rows that have any value, with their row numbers; cells from column A. */
function rowsOf(sheet: Worksheet): { row: number; cells: Plain[] }[] {
  const rows: { row: number; cells: Plain[] }[] = [];
  sheet.eachRow((r, row) => {
    // `values` is 1-based: index 0 is always empty.
    const cells = (r.values as CellValue[]).slice(1).map(plain);
    if (cells.some((c) => c !== undefined)) rows.push({ row, cells });
  });
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

function assignment(columns: string[], cells: Plain[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = cells[i];
    if (column !== '' && value !== undefined) fields[column] = shaped(column, value);
  });
  const { every, dueDay, until, ...rest } = fields;
  if (PERIODICITY.some((c) => fields[c] !== undefined)) rest.periodicity = { every, dueDay, until };
  return rest;
}

/** A cell's value in the type the JSON import has for that field. */
function shaped(field: string, value: Exclude<Plain, undefined>): unknown {
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

const text = (value: Exclude<Plain, undefined>) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * YYYY-MM-DD from an Excel date, a date serial number, or text written `YYYY-MM-DD` or
 * `DD.MM.YYYY`; anything else is left for validation to refuse.
 */
function isoDate(value: Exclude<Plain, undefined>): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    return new Date(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS).toISOString().slice(0, 10);
  }
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(String(value));
  if (!dotted) return String(value);
  const [, d, m, y] = dotted as unknown as [string, string, string, string];
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function yesNo(value: Exclude<Plain, undefined>): unknown {
  if (typeof value === 'boolean') return value;
  const word = String(value).toLowerCase();
  if (word === 'yes' || word === 'true') return true;
  if (word === 'no' || word === 'false') return false;
  return value;
}
