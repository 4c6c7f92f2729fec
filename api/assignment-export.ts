import { once } from 'node:events';
import type { Request, Response } from 'express';
import { stream } from 'exceljs';
import type { AssignmentStatus } from '../models/assignment';
import { User, type Locale } from '../models/user';
import { localDate } from '../workflows/timers';
import { audit } from './access';
import { Filters, type FilterQuery } from './assignment-filters';
import { principal } from './auth';
import { contentDisposition } from './routes/attachments';
import { currentViews, type ReadViews } from './views';
import type { AssignmentListRow, Sort } from './views/assignments';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Words = Record<Locale, string>;
type Cell = string | number | Date;

/** One column of an export: its heading in each language and its cell of a row. */
interface Column {
  header: Words;
  width: number;
  cell: (row: AssignmentListRow, names: Naming) => Cell;
  /** Its cells are dates. */
  date?: true;
}

/** Names of what a row refers to by id, in the reader's language. */
interface Naming {
  org: (id: string) => string;
  document: (id: string) => string;
  status: (s: AssignmentStatus) => string;
  yesNo: (v: unknown) => string;
}

const STATUS: Record<AssignmentStatus, Words> = {
  in_execution: {
    'uz-Latn': 'Ijroda',
    'uz-Cyrl': 'Ижрода',
    ru: 'На исполнении',
    en: 'In execution',
  },
  under_review: {
    'uz-Latn': 'Tekshiruvda',
    'uz-Cyrl': 'Текширувда',
    ru: 'На проверке',
    en: 'Under review',
  },
  accepted: {
    'uz-Latn': 'Qabul qilingan',
    'uz-Cyrl': 'Қабул қилинган',
    ru: 'Принято',
    en: 'Accepted',
  },
  closed: {
    'uz-Latn': 'Nazoratdan olingan',
    'uz-Cyrl': 'Назоратдан олинган',
    ru: 'Снято с контроля',
    en: 'Closed',
  },
  cancelled: {
    'uz-Latn': 'Bekor qilingan',
    'uz-Cyrl': 'Бекор қилинган',
    ru: 'Отменено',
    en: 'Cancelled',
  },
};
const SHEET: Words = {
  'uz-Latn': 'Topshiriqlar',
  'uz-Cyrl': 'Топшириқлар',
  ru: 'Поручения',
  en: 'Assignments',
};
/** How a date cell shows: as people write dates in the language (the cell stays a date). */
const DATE_FORMAT: Words = {
  'uz-Latn': 'dd.mm.yyyy',
  'uz-Cyrl': 'dd.mm.yyyy',
  ru: 'dd.mm.yyyy',
  en: 'yyyy-mm-dd',
};
const YES: Words = { 'uz-Latn': 'ha', 'uz-Cyrl': 'ҳа', ru: 'да', en: 'yes' };
const NO: Words = { 'uz-Latn': 'yoʻq', 'uz-Cyrl': 'йўқ', ru: 'нет', en: 'no' };

/** A deadline as a date cell: midnight UTC, which Excel stores as the whole day number. */
const dateCell = (iso: string) => new Date(`${iso}T00:00:00Z`);

const COLUMNS: Column[] = [
  {
    header: { 'uz-Latn': 'Hujjat', 'uz-Cyrl': 'Ҳужжат', ru: 'Документ', en: 'Document' },
    width: 14,
    cell: (r, n) => n.document(r.documentId),
  },
  {
    header: { 'uz-Latn': 'Band', 'uz-Cyrl': 'Банд', ru: 'Пункт', en: 'Clause' },
    width: 10,
    cell: (r) => r.clause,
  },
  {
    header: { 'uz-Latn': 'Topshiriq', 'uz-Cyrl': 'Топшириқ', ru: 'Поручение', en: 'Assignment' },
    width: 60,
    cell: (r) => r.text,
  },
  {
    header: {
      'uz-Latn': 'Masʼul ijrochi',
      'uz-Cyrl': 'Масъул ижрочи',
      ru: 'Ответственный исполнитель',
      en: 'Lead executor',
    },
    width: 32,
    cell: (r, n) => n.org(r.leadOrgId),
  },
  {
    header: {
      'uz-Latn': 'Hamijrochilar',
      'uz-Cyrl': 'Ҳамижрочилар',
      ru: 'Соисполнители',
      en: 'Co-executors',
    },
    width: 32,
    cell: (r, n) => r.coOrgIds.map(n.org).join('; '),
  },
  {
    header: { 'uz-Latn': 'Muddat', 'uz-Cyrl': 'Муддат', ru: 'Срок', en: 'Deadline' },
    width: 12,
    cell: (r) => dateCell(r.deadline),
    date: true,
  },
  {
    header: { 'uz-Latn': 'Holat', 'uz-Cyrl': 'Ҳолат', ru: 'Статус', en: 'Status' },
    width: 18,
    cell: (r, n) => n.status(r.status),
  },
  {
    header: {
      'uz-Latn': 'Muddati oʻtgan',
      'uz-Cyrl': 'Муддати ўтган',
      ru: 'Просрочено',
      en: 'Overdue',
    },
    width: 12,
    cell: (r, n) => n.yesNo(r.overdue),
  },
  {
    header: {
      'uz-Latn': 'Kechikkan ish kunlari',
      'uz-Cyrl': 'Кечиккан иш кунлари',
      ru: 'Рабочих дней просрочки',
      en: 'Working days overdue',
    },
    width: 12,
    cell: (r) => Number(r.overdueDays ?? 0),
  },
  {
    header: {
      'uz-Latn': 'Muddat uzaytirish soʻralgan',
      'uz-Cyrl': 'Муддат узайтириш сўралган',
      ru: 'Запрошено продление',
      en: 'Extension requested',
    },
    width: 14,
    cell: (r, n) => n.yesNo(r.extensionPending),
  },
  {
    header: {
      'uz-Latn': 'Joyida oʻrganilmoqda',
      'uz-Cyrl': 'Жойида ўрганилмоқда',
      ru: 'Идёт изучение на месте',
      en: 'Inspection open',
    },
    width: 14,
    cell: (r, n) => n.yesNo(r.inspectionOpen),
  },
  {
    header: { 'uz-Latn': 'ID', 'uz-Cyrl': 'ID', ru: 'ID', en: 'ID' },
    width: 26,
    cell: (r) => r.id,
  },
];

function naming(views: ReadViews, locale: Locale): Naming {
  return {
    org: (id) => views.orgs.nameOf(id, locale) ?? id,
    document: (id) => String(views.documents.get(id)?.number ?? id),
    status: (s) => STATUS[s][locale],
    yesNo: (v) => (v === true ? YES : NO)[locale],
  };
}

/** What an export writes: the rows, and the names they are written with. */
interface ExportInput {
  rows: AssignmentListRow[];
  views: ReadViews;
  locale: Locale;
}

/**
 * Streams the caller's filtered list as XLSX or as CSV (with this delimiter), every row, in
 * the caller's language. Audited before a byte is sent; what goes wrong once the file has
 * begun is logged, and the client sees it cut off.
 */
export async function sendExport(
  req: Request,
  res: Response,
  { sort, ...filters }: FilterQuery & { sort: Sort },
  format: 'xlsx' | ',' | ';',
) {
  const views = await currentViews(req);
  const rows = views.assignments.all(await new Filters(req).of(filters), sort);
  const me = principal(req).id;
  const locale = (await User.findById(me, { locale: 1 }).lean())?.locale ?? 'uz-Latn';
  const xlsx = format === 'xlsx';
  await audit(req, {
    subject: 'export:assignments',
    action: 'assignment.export',
    outcome: 'ok',
    after: { format: xlsx ? 'xlsx' : 'csv', query: { sort, ...filters }, rows: rows.length },
  });
  const input = { rows, views, locale };
  res.status(200).set({
    'Content-Type': xlsx ? XLSX : 'text/csv; charset=utf-8',
    'Content-Disposition': contentDisposition(
      `assignments-${localDate(Date.now())}.${xlsx ? 'xlsx' : 'csv'}`,
    ),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  await (xlsx ? writeXlsx(res, input) : writeCsv(res, input, format)).catch((err: unknown) => {
    req.log.warn({ err }, 'export cut off');
    res.destroy();
  });
}

/** Rows written between yields to the event loop, so other requests are answered meanwhile. */
const BATCH = 200;
const pause = () => new Promise((resolve) => setImmediate(resolve));

/** Waits until the client has taken what was written; false if it went away. */
async function drained(res: Response): Promise<boolean> {
  if (res.writableNeedDrain) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

/** Stops a write whose reader is gone (the error goes to the log, nothing more is sent). */
const gone = () => new Error('the client went away during an export');

/**
 * An XLSX workbook streamed as it is written (exceljs's streaming writer): one sheet, the
 * header row frozen, deadlines as date cells.
 */
async function writeXlsx(res: Response, { rows, views, locale }: ExportInput) {
  const names = naming(views, locale);
  const book = new stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
  const sheet = book.addWorksheet(SHEET[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c, i) => ({
    header: c.header[locale],
    key: String(i),
    width: c.width,
    ...(c.date ? { style: { numFmt: DATE_FORMAT[locale] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (let i = 0; i < rows.length; i++) {
    sheet.addRow(COLUMNS.map((c) => c.cell(rows[i]!, names))).commit();
    if (i % BATCH === BATCH - 1) {
      await pause();
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
async function writeCsv(res: Response, { rows, views, locale }: ExportInput, delimiter: ',' | ';') {
  const names = naming(views, locale);
  const line = (cells: Cell[]) => cells.map((c) => csvField(c, delimiter)).join(delimiter);
  let chunk = '\uFEFF' + line(COLUMNS.map((c) => c.header[locale])) + '\r\n';
  for (let i = 0; i < rows.length; i++) {
    chunk += line(COLUMNS.map((c) => c.cell(rows[i]!, names))) + '\r\n';
    if (i % BATCH === BATCH - 1) {
      res.write(chunk);
      chunk = '';
      if (!(await drained(res))) throw gone();
    }
  }
  res.end(chunk);
}
