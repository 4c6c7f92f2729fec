import type { Locale } from '../models/user';

type Titles = Record<Locale, string>;

/** What each notification says, by locale; the subject is the title and the clause. */
const titles: Record<string, Titles> = {
  'assignment.registered': {
    'uz-Latn': 'Topshiriq nazoratga olindi',
    'uz-Cyrl': 'Топшириқ назоратга олинди',
    ru: 'Поручение поставлено на контроль',
    en: 'Assignment taken under control',
  },
  'assignment.assigned': {
    'uz-Latn': 'Sizning tashkilotingizga topshiriq berildi',
    'uz-Cyrl': 'Сизнинг ташкилотингизга топшириқ берилди',
    ru: 'Вашей организации дано поручение',
    en: 'Your organization has a new assignment',
  },
  'assignment.responsible': {
    'uz-Latn': 'Siz topshiriq ijrosi uchun mas’ul etib belgilandingiz',
    'uz-Cyrl': 'Сиз топшириқ ижроси учун масъул этиб белгиландингиз',
    ru: 'Вы назначены ответственным за исполнение поручения',
    en: 'You are now responsible for executing an assignment',
  },
  'assignment.report_submitted': {
    'uz-Latn': 'Ijro hisoboti ko‘rib chiqishingizni kutmoqda',
    'uz-Cyrl': 'Ижро ҳисоботи кўриб чиқишингизни кутмоқда',
    ru: 'Отчёт об исполнении ждёт вашего рассмотрения',
    en: 'An execution report waits for your review',
  },
  'assignment.input_received': {
    'uz-Latn': 'Hamijrochidan ma’lumot keldi',
    'uz-Cyrl': 'Ҳамижрочидан маълумот келди',
    ru: 'Поступила информация от соисполнителя',
    en: 'A co-executor sent its input',
  },
  'assignment.returned': {
    'uz-Latn': 'Hisobot qayta ishlashga qaytarildi',
    'uz-Cyrl': 'Ҳисобот қайта ишлашга қайтарилди',
    ru: 'Отчёт возвращён на доработку',
    en: 'The report was returned for rework',
  },
  'assignment.accepted': {
    'uz-Latn': 'Ijro qabul qilindi',
    'uz-Cyrl': 'Ижро қабул қилинди',
    ru: 'Исполнение принято',
    en: 'The execution was accepted',
  },
  'assignment.extension_requested': {
    'uz-Latn': 'Muddatni uzaytirish so‘raldi',
    'uz-Cyrl': 'Муддатни узайтириш сўралди',
    ru: 'Запрошено продление срока',
    en: 'A deadline extension was requested',
  },
  'assignment.extension_approved': {
    'uz-Latn': 'Muddat uzaytirildi',
    'uz-Cyrl': 'Муддат узайтирилди',
    ru: 'Срок продлён',
    en: 'The deadline was extended',
  },
  'assignment.extension_rejected': {
    'uz-Latn': 'Muddatni uzaytirish rad etildi',
    'uz-Cyrl': 'Муддатни узайтириш рад этилди',
    ru: 'В продлении срока отказано',
    en: 'The deadline extension was refused',
  },
  'assignment.inspection_started': {
    'uz-Latn': 'Joyida o‘rganish boshlandi',
    'uz-Cyrl': 'Жойида ўрганиш бошланди',
    ru: 'Начато изучение на месте',
    en: 'On-site control has started',
  },
  'assignment.inspection_result': {
    'uz-Latn': 'Joyida o‘rganish natijasi',
    'uz-Cyrl': 'Жойида ўрганиш натижаси',
    ru: 'Результат изучения на месте',
    en: 'Result of the on-site control',
  },
  'assignment.feedback_alert': {
    'uz-Latn': 'Fuqarolarning salbiy fikrlari ko‘paydi: joyida o‘rganish tavsiya etiladi',
    'uz-Cyrl': 'Фуқароларнинг салбий фикрлари кўпайди: жойида ўрганиш тавсия этилади',
    ru: 'Много отрицательных отзывов граждан: рекомендуется изучение на месте',
    en: 'Citizens’ negative feedback passed the threshold: an on-site inspection is advised',
  },
  'assignment.closed': {
    'uz-Latn': 'Topshiriq nazoratdan yechildi',
    'uz-Cyrl': 'Топшириқ назоратдан ечилди',
    ru: 'Поручение снято с контроля',
    en: 'The assignment was removed from control',
  },
  'assignment.cancelled': {
    'uz-Latn': 'Topshiriq bekor qilindi',
    'uz-Cyrl': 'Топшириқ бекор қилинди',
    ru: 'Поручение отменено',
    en: 'The assignment was cancelled',
  },
  'assignment.reminder': {
    'uz-Latn': 'Ijro muddati yaqinlashmoqda',
    'uz-Cyrl': 'Ижро муддати яқинлашмоқда',
    ru: 'Приближается срок исполнения',
    en: 'The deadline is approaching',
  },
  'assignment.overdue': {
    'uz-Latn': 'Ijro muddati o‘tdi',
    'uz-Cyrl': 'Ижро муддати ўтди',
    ru: 'Срок исполнения истёк',
    en: 'The deadline has passed',
  },
  'assignment.escalated': {
    'uz-Latn': 'Muddati o‘tgan topshiriq: rahbariyat e’tiboriga',
    'uz-Cyrl': 'Муддати ўтган топшириқ: раҳбарият эътиборига',
    ru: 'Просроченное поручение: к сведению руководства',
    en: 'Overdue assignment escalated to the leadership',
  },
};

/** Labels of the detail lines, in the order they are printed. */
const labels: Record<string, Titles> = {
  document: { 'uz-Latn': 'Hujjat', 'uz-Cyrl': 'Ҳужжат', ru: 'Документ', en: 'Document' },
  clause: { 'uz-Latn': 'Band', 'uz-Cyrl': 'Банд', ru: 'Пункт', en: 'Clause' },
  deadline: { 'uz-Latn': 'Muddat', 'uz-Cyrl': 'Муддат', ru: 'Срок', en: 'Deadline' },
  daysLeft: {
    'uz-Latn': 'Qolgan ish kunlari',
    'uz-Cyrl': 'Қолган иш кунлари',
    ru: 'Осталось рабочих дней',
    en: 'Working days left',
  },
  proposedDeadline: {
    'uz-Latn': 'Taklif etilgan muddat',
    'uz-Cyrl': 'Таклиф этилган муддат',
    ru: 'Предлагаемый срок',
    en: 'Proposed deadline',
  },
  plannedAt: {
    'uz-Latn': 'Rejalashtirilgan sana',
    'uz-Cyrl': 'Режалаштирилган сана',
    ru: 'Плановая дата',
    en: 'Planned for',
  },
  negative: {
    'uz-Latn': 'Oxirgi o‘rganishdan beri salbiy fikrlar',
    'uz-Cyrl': 'Охирги ўрганишдан бери салбий фикрлар',
    ru: 'Отрицательных отзывов с последней проверки',
    en: 'Negative feedback since the last inspection',
  },
  outcome: { 'uz-Latn': 'Natija', 'uz-Cyrl': 'Натижа', ru: 'Результат', en: 'Outcome' },
  comment: { 'uz-Latn': 'Izoh', 'uz-Cyrl': 'Изоҳ', ru: 'Комментарий', en: 'Comment' },
};

export const TEMPLATES = Object.keys(titles);

const digestTitle: Titles = {
  'uz-Latn': 'Ijro: kunlik xabarnoma',
  'uz-Cyrl': 'Ijro: кунлик хабарнома',
  ru: 'Ijro: ежедневная сводка',
  en: 'Ijro: daily digest',
};
const digestCount: Titles = {
  'uz-Latn': 'xabarlar',
  'uz-Cyrl': 'хабарлар',
  ru: 'уведомлений',
  en: 'notifications',
};

/** One mail for a day's notifications of a person: each one's subject and link, in order. */
export function renderDigest(
  locale: Locale,
  entries: { subject: string; link?: string }[],
): { subject: string; body: string } {
  const title = digestTitle[locale];
  // "(notifications: 5)" reads right in every locale without plural forms.
  const subject = `${title} (${digestCount[locale]}: ${entries.length})`;
  const lines = entries.flatMap((e) => [`• ${e.subject}`, ...(e.link ? [`  ${e.link}`] : [])]);
  return { subject, body: [subject, '', ...lines].join('\n') };
}

export function render(
  template: string,
  locale: Locale,
  params: Record<string, string>,
): { subject: string; body: string } {
  const title = titles[template]?.[locale];
  if (!title) throw new Error(`unknown template ${template}`);
  const lines = Object.entries(labels)
    .filter(([key]) => params[key])
    .map(([key, label]) => `${label[locale]}: ${params[key]}`);
  const body = [
    title + '.',
    '',
    ...lines,
    ...(params.text ? ['', params.text] : []),
    ...(params.link ? ['', params.link] : []),
  ].join('\n');
  const about = [params.documentRef, params.clause].filter(Boolean).join(', ');
  return { subject: `${title}: ${about}`, body };
}
