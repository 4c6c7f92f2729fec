import type { Request } from 'express';
import { z } from 'zod';
import type { Locale } from '../../models/user';
import type { Api } from '../route';
import { sendTable, XLSX, type Table } from '../table-export';

const delimiter = z.enum(['comma', 'semicolon']).default('comma').meta({
  description: 'semicolon for spreadsheets set up for Russian or Uzbek, where comma is decimal',
});

interface ExportDef<S extends z.ZodObject, R> {
  /** The list's path: the exports answer at `<path>/export.xlsx` and `<path>/export.csv`. */
  path: string;
  tag: string;
  /** What the list is, for the summaries. */
  what: string;
  /** The list's filters (no paging: an export has every row). */
  query: S;
  /** Checks across the filters, as the list makes them. */
  refine?: (query: z.infer<S>, ctx: z.RefinementCtx) => void;
  table: (query: z.infer<S>, req: Request, locale: Locale) => Promise<Table<R>>;
}

/** A list's two exports, XLSX and CSV, with the list's filters applied on the server. */
export function exportRoutes<S extends z.ZodObject, R>(api: Api, def: ExportDef<S, R>): void {
  const refined = <T extends z.ZodObject>(schema: T) =>
    def.refine ? schema.superRefine(def.refine as never) : schema;
  api.route(
    {
      method: 'get',
      path: `${def.path}/export.xlsx`,
      summary: `${def.what} as a spreadsheet, every row (streamed; audited)`,
      tag: def.tag,
      query: refined(def.query),
      answers: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
    },
    async ({ query }, req, res) =>
      sendTable(req, res, 'xlsx', query as Record<string, unknown>, (locale) =>
        def.table(query as z.infer<S>, req, locale),
      ),
  );
  api.route(
    {
      method: 'get',
      path: `${def.path}/export.csv`,
      summary: `${def.what} as CSV (UTF-8 with a byte order mark), every row (streamed; audited)`,
      tag: def.tag,
      query: refined(def.query.extend({ delimiter })),
      answers: { 'text/csv': { schema: { type: 'string' } } },
    },
    async ({ query: { delimiter, ...query } }, req, res) =>
      sendTable(req, res, delimiter === 'semicolon' ? ';' : ',', query, (locale) =>
        def.table(query as z.infer<S>, req, locale),
      ),
  );
}
