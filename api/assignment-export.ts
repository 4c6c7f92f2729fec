import type { Request } from 'express';
import type { AssignmentStatus } from '../models/assignment';
import type { Locale } from '../models/user';
import { Filters, type FilterQuery } from './assignment-filters';
import { currentViews, type ReadViews } from './views';
import type { AssignmentListRow, Sort } from './views/assignments';
import { dateCell, yesNo, type Column, type Table, type Words } from './table-export';

/** Names of what a row refers to by id, in the reader's language. */
interface Naming {
  locale: Locale;
  org: (id: string) => string;
  document: (id: string) => string;
  status: (s: AssignmentStatus) => string;
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
const columns = (n: Naming): Column<AssignmentListRow>[] => [
  {
    header: { 'uz-Latn': 'Hujjat', 'uz-Cyrl': 'Ҳужжат', ru: 'Документ', en: 'Document' },
    width: 14,
    cell: (r) => n.document(r.documentId),
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
    cell: (r) => n.org(r.leadOrgId),
  },
  {
    header: {
      'uz-Latn': 'Hamijrochilar',
      'uz-Cyrl': 'Ҳамижрочилар',
      ru: 'Соисполнители',
      en: 'Co-executors',
    },
    width: 32,
    cell: (r) => r.coOrgIds.map(n.org).join('; '),
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
    cell: (r) => n.status(r.status),
  },
  {
    header: {
      'uz-Latn': 'Muddati oʻtgan',
      'uz-Cyrl': 'Муддати ўтган',
      ru: 'Просрочено',
      en: 'Overdue',
    },
    width: 12,
    cell: (r) => yesNo(r.overdue, n.locale),
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
    cell: (r) => yesNo(r.extensionPending, n.locale),
  },
  {
    header: {
      'uz-Latn': 'Joyida oʻrganilmoqda',
      'uz-Cyrl': 'Жойида ўрганилмоқда',
      ru: 'Идёт изучение на месте',
      en: 'Inspection open',
    },
    width: 14,
    cell: (r) => yesNo(r.inspectionOpen, n.locale),
  },
  {
    header: { 'uz-Latn': 'ID', 'uz-Cyrl': 'ID', ru: 'ID', en: 'ID' },
    width: 26,
    cell: (r) => r.id,
  },
];

function naming(views: ReadViews, locale: Locale): Naming {
  return {
    locale,
    org: (id) => views.orgs.nameOf(id, locale) ?? id,
    document: (id) => String(views.documents.get(id)?.number ?? id),
    status: (s) => STATUS[s][locale],
  };
}

/** The caller's filtered list of assignments, every row, in the caller's language. */
export async function assignmentTable(
  { sort, ...filters }: FilterQuery & { sort: Sort },
  req: Request,
  locale: Locale,
): Promise<Table<AssignmentListRow>> {
  const views = await currentViews(req);
  const rows = views.assignments.all(await new Filters(req).of(filters), sort);
  return {
    name: 'assignments',
    action: 'assignment.export',
    sheet: SHEET,
    columns: columns(naming(views, locale)),
    rows,
    total: rows.length,
  };
}
