import { RATING_FIELDS } from '../lib/rating';
import type { Locale } from '../models/user';
import type { RatingRow } from './ratings';
import type { Column, Table, Words } from './table-export';

/** The rating's figures, in the order the table, the export and the report show them. */
export const RATING_WORDS = {
  due: { 'uz-Latn': 'Muddati kelgan', 'uz-Cyrl': 'Муддати келган', ru: 'Срок наступил', en: 'Due' },
  onTime: { 'uz-Latn': 'Oʻz vaqtida', 'uz-Cyrl': 'Ўз вақтида', ru: 'В срок', en: 'On time' },
  late: { 'uz-Latn': 'Kechikib', 'uz-Cyrl': 'Кечикиб', ru: 'С опозданием', en: 'Late' },
  overdue: {
    'uz-Latn': 'Muddati oʻtgan',
    'uz-Cyrl': 'Муддати ўтган',
    ru: 'Просрочено',
    en: 'Overdue',
  },
  overdueDays: {
    'uz-Latn': 'Kechikkan ish kunlari',
    'uz-Cyrl': 'Кечиккан иш кунлари',
    ru: 'Рабочих дней просрочки',
    en: 'Overdue working days',
  },
  returns: { 'uz-Latn': 'Qaytarilgan', 'uz-Cyrl': 'Қайтарилган', ru: 'Возвраты', en: 'Returns' },
  extensions: {
    'uz-Latn': 'Muddat uzaytirilgan',
    'uz-Cyrl': 'Муддат узайтирилган',
    ru: 'Продления',
    en: 'Extensions',
  },
  violations: {
    'uz-Latn': 'Qoidabuzarliklar',
    'uz-Cyrl': 'Қоидабузарликлар',
    ru: 'Нарушения',
    en: 'Violations',
  },
  score: { 'uz-Latn': 'Reyting', 'uz-Cyrl': 'Рейтинг', ru: 'Рейтинг', en: 'Score' },
} satisfies Record<string, Words>;

export const BAND_WORDS: Record<'green' | 'yellow' | 'red', Words> = {
  green: { 'uz-Latn': 'yashil', 'uz-Cyrl': 'яшил', ru: 'зелёная', en: 'green' },
  yellow: { 'uz-Latn': 'sariq', 'uz-Cyrl': 'сариқ', ru: 'жёлтая', en: 'yellow' },
  red: { 'uz-Latn': 'qizil', 'uz-Cyrl': 'қизил', ru: 'красная', en: 'red' },
};

export const ORGANIZATION: Words = {
  'uz-Latn': 'Tashkilot',
  'uz-Cyrl': 'Ташкилот',
  ru: 'Организация',
  en: 'Organization',
};

/** An organization's name, its rating's figures, score and band: in the export and the report. */
export const ratingColumns = <R extends Pick<RatingRow, 'name' | 'rating'>>(
  locale: Locale,
): Column<R>[] => [
  { header: ORGANIZATION, width: 44, cell: (r) => r.name },
  ...RATING_FIELDS.map((f): Column<R> => ({
    header: RATING_WORDS[f],
    width: 12,
    cell: (r) => r.rating[f],
  })),
  { header: RATING_WORDS.score, width: 10, cell: (r) => r.rating.score ?? '' },
  {
    header: { 'uz-Latn': 'Zona', 'uz-Cyrl': 'Зона', ru: 'Зона', en: 'Band' },
    width: 10,
    cell: (r) => (r.rating.band ? BAND_WORDS[r.rating.band][locale] : ''),
  },
];

/** The rating table as an export: one line per organization, the figures as numbers. */
export function ratingExport(rows: RatingRow[], locale: Locale): Table<RatingRow> {
  const columns: Column<RatingRow>[] = [
    ...ratingColumns<RatingRow>(locale),
    {
      header: { 'uz-Latn': 'ID', 'uz-Cyrl': 'ID', ru: 'ID', en: 'ID' },
      width: 26,
      cell: (r) => r.orgId,
    },
  ];
  return {
    name: 'ratings',
    action: 'ratings.export',
    sheet: { 'uz-Latn': 'Reyting', 'uz-Cyrl': 'Рейтинг', ru: 'Рейтинг', en: 'Ratings' },
    columns,
    rows,
    total: rows.length,
  };
}
