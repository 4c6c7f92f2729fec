import type { Locale } from '../../models/user';
import { ORGANIZATION, RATING_WORDS, ratingColumns } from '../rating-export';
import { dateCell, yesNo, type Column, type Words } from '../table-export';
import type { DisciplineReport, InspectionLine, OverdueLine } from './data';

/** One table of the report, as the spreadsheet and the PDF both write it. */
export interface Section<R> {
  title: Words;
  columns: Column<R>[];
  rows: R[];
}

const w = (uzLatn: string, uzCyrl: string, ru: string, en: string): Words => ({
  'uz-Latn': uzLatn,
  'uz-Cyrl': uzCyrl,
  ru,
  en,
});

export const REPORT_TITLE = w(
  'Ijro intizomi toʻgʻrisida hisobot',
  'Ижро интизоми тўғрисида ҳисобот',
  'Отчёт об исполнительской дисциплине',
  'Execution discipline report',
);
export const PERIOD = w('Davr', 'Давр', 'Период', 'Period');
export const GENERATED = w('Tuzilgan', 'Тузилган', 'Сформирован', 'Generated');
export const PAGE = w('Sahifa', 'Саҳифа', 'Страница', 'Page');
export const NONE = w('Yoʻq', 'Йўқ', 'Нет', 'None');

const OUTCOME: Record<string, Words> = {
  confirmed: w('tasdiqlandi', 'тасдиқланди', 'подтверждено', 'confirmed'),
  partially_confirmed: w(
    'qisman tasdiqlandi',
    'қисман тасдиқланди',
    'подтверждено частично',
    'partly confirmed',
  ),
  not_confirmed: w('tasdiqlanmadi', 'тасдиқланмади', 'не подтверждено', 'not confirmed'),
};
const STATUS: Record<string, Words> = {
  open: w('ochiq', 'очиқ', 'открыта', 'open'),
  closed: w('yakunlangan', 'якунланган', 'завершена', 'closed'),
};

type RatingLine = DisciplineReport['ratings'][number];

/** The document's number and the clause, for any line about an assignment. */
const clauseColumns = <R extends { document: string; clause: string }>(): Column<R>[] => [
  { header: w('Hujjat', 'Ҳужжат', 'Документ', 'Document'), width: 14, cell: (x) => x.document },
  { header: w('Band', 'Банд', 'Пункт', 'Clause'), width: 10, cell: (x) => x.clause },
];

/** The report's tables in the reader's language, each cell a number, a date or text. */
export function sections(r: DisciplineReport, locale: Locale): Section<never>[] {
  const text = (x: Words) => x[locale];
  const ratings: Section<RatingLine> = {
    title: w(
      'Tashkilotlar reytingi',
      'Ташкилотлар рейтинги',
      'Рейтинг организаций',
      'Ratings of organizations',
    ),
    columns: [
      ...ratingColumns<RatingLine>(locale),
      {
        header: w('Oldingi davr', 'Олдинги давр', 'Прошлый период', 'Previous period'),
        width: 10,
        cell: (x) => x.previousScore ?? '',
      },
      {
        header: w('Oʻzgarish', 'Ўзгариш', 'Изменение', 'Change'),
        width: 10,
        cell: (x) => x.change ?? '',
      },
    ],
    rows: r.ratings,
  };
  const overdueColumns: Column<OverdueLine>[] = [
    { header: ORGANIZATION, width: 36, cell: (x) => x.organization },
    {
      header: w('Mas’ul rahbar', 'Масъул раҳбар', 'Ответственный руководитель', 'Head'),
      width: 28,
      cell: (x) => x.heads,
    },
    ...clauseColumns<OverdueLine>(),
    {
      header: w('Muddat', 'Муддат', 'Срок', 'Deadline'),
      width: 12,
      cell: (x) => dateCell(x.deadline),
      date: true,
    },
    { header: RATING_WORDS.overdueDays, width: 12, cell: (x) => x.overdueDays },
  ];
  const overdue: Section<OverdueLine> = {
    title: w(
      'Muddati oʻtgan topshiriqlar reestri',
      'Муддати ўтган топшириқлар реестри',
      'Реестр просроченных поручений',
      'Register of overdue assignments',
    ),
    columns: overdueColumns,
    rows: r.overdue,
  };
  const regions: Section<OverdueLine> = {
    title: w(
      'Hududlarda muddati oʻtgan quyi topshiriqlar',
      'Ҳудудларда муддати ўтган қуйи топшириқлар',
      'Просроченные подпоручения в регионах',
      'Sub-assignments overdue in the regions',
    ),
    columns: overdueColumns,
    rows: r.overdue.filter((x) => x.sub),
  };
  const inspections: Section<InspectionLine> = {
    title: w(
      'Joyida tekshiruvlar va qoidabuzarliklar',
      'Жойида текширувлар ва қоидабузарликлар',
      'Выездные проверки и нарушения',
      'On-site inspections and violations',
    ),
    columns: [
      { header: ORGANIZATION, width: 34, cell: (x) => x.organization },
      ...clauseColumns<InspectionLine>(),
      {
        header: w('Rejalashtirilgan', 'Режалаштирилган', 'Запланирована', 'Planned'),
        width: 12,
        cell: (x) => dateCell(x.plannedAt),
        date: true,
      },
      {
        header: w('Holati', 'Ҳолати', 'Состояние', 'Status'),
        width: 12,
        cell: (x) => (STATUS[x.status] ? text(STATUS[x.status]!) : x.status),
      },
      {
        header: w('Natija', 'Натижа', 'Итог', 'Outcome'),
        width: 16,
        cell: (x) => (OUTCOME[x.outcome] ? text(OUTCOME[x.outcome]!) : ''),
      },
      { header: RATING_WORDS.violations, width: 12, cell: (x) => x.violations },
      {
        header: w('Prokuraturaga', 'Прокуратурага', 'В прокуратуру', 'To prosecutor'),
        width: 12,
        cell: (x) => yesNo(x.referToProsecutor, locale),
      },
      { header: w('Xulosa', 'Хулоса', 'Выводы', 'Findings'), width: 40, cell: (x) => x.findings },
    ],
    rows: r.inspections,
  };
  return [ratings, overdue, regions, inspections] as unknown as Section<never>[];
}
