import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { HttpError, type FieldError } from './errors';

export const MAX_IMPORT_ROWS = 50_000;

export interface CsvRow<T> {
  line: number;
  value: T;
}

/** Collects every problem of an import; nothing is written unless it stays empty. */
export class ImportErrors {
  readonly list: FieldError[] = [];

  /** Problems are placed by `line` (CSV) or by `row` (a spreadsheet's row, a JSON array's item). */
  constructor(private readonly unit: 'line' | 'row' = 'line') {}

  /** `at` is left out for a problem of the whole file. */
  add(at: number | undefined, path: string, message: string): void {
    this.list.push({ ...(at === undefined ? {} : { [this.unit]: at }), path, message });
  }

  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const at = (e: FieldError) => e[this.unit] ?? 0;
    this.list.sort((a, b) => at(a) - at(b));
    throw new HttpError(
      422,
      `Nothing was imported: ${this.list.length} problem(s) in the ${what} file; see errors for each ${this.unit}.`,
      this.list,
    );
  }
}

/**
 * Parses a CSV import (UTF-8, header row) and validates every row with `schema`. Structural
 * problems (unknown or missing columns, broken quoting) refuse the file at once; row problems
 * are collected with their line numbers.
 */
export function parseImport<S extends z.ZodType>(
  text: string,
  columns: { required: string[]; optional: string[] },
  schema: S,
  errors: ImportErrors,
): CsvRow<z.infer<S>>[] {
  let records: { record: Record<string, string>; info: { lines: number; error?: Error } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      columns: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      to: MAX_IMPORT_ROWS + 1,
    });
  } catch (err) {
    throw new HttpError(422, `The file is not valid CSV: ${(err as Error).message}`);
  }
  if (records.length > MAX_IMPORT_ROWS)
    throw new HttpError(413, `At most ${MAX_IMPORT_ROWS} rows per file.`);
  const header = Object.keys(records[0]?.record ?? {});
  const missing = columns.required.filter((c) => !header.includes(c));
  const known = [...columns.required, ...columns.optional];
  const unknown = header.filter((c) => !known.includes(c));
  if (records.length === 0 || missing.length || unknown.length) {
    throw new HttpError(
      422,
      `The header row must name the columns ${columns.required.join(',')}` +
        (columns.optional.length ? ` (optional: ${columns.optional.join(',')})` : '') +
        (missing.length ? `; missing: ${missing.join(',')}` : '') +
        (unknown.length ? `; unknown: ${unknown.join(',')}` : '') +
        (records.length === 0 ? '; and the file has no rows' : '') +
        '.',
    );
  }
  const rows: CsvRow<z.infer<S>>[] = [];
  for (const { record, info } of records) {
    if (info.error) {
      errors.add(
        info.lines,
        '',
        `has ${Object.keys(record).length} fields; the header has ${header.length}`,
      );
      continue;
    }
    // Empty cells are absent values, so optional columns may be left blank.
    const cells = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''));
    const parsed = schema.safeParse(cells);
    if (parsed.success) rows.push({ line: info.lines, value: parsed.data });
    else for (const i of parsed.error.issues) errors.add(info.lines, i.path.join('.'), i.message);
  }
  return rows;
}
