import type { Locale } from '../models/user';

type Render = (p: Record<string, string>) => { subject: string; body: string };

/** Message templates by name and locale; English is the fallback for a missing locale. */
const templates: Record<string, Partial<Record<Locale, Render>> & { en: Render }> = {
  'assignment.registered': {
    'uz-Latn': (p) => ({
      subject: `Topshiriq nazoratga olindi: ${p.clause}`,
      body: `Topshiriq nazoratga olindi.\n\nBand: ${p.clause}\nMuddat: ${p.deadline}\n\n${p.text}`,
    }),
    'uz-Cyrl': (p) => ({
      subject: `Топшириқ назоратга олинди: ${p.clause}`,
      body: `Топшириқ назоратга олинди.\n\nБанд: ${p.clause}\nМуддат: ${p.deadline}\n\n${p.text}`,
    }),
    ru: (p) => ({
      subject: `Поручение поставлено на контроль: ${p.clause}`,
      body: `Поручение поставлено на контроль.\n\nПункт: ${p.clause}\nСрок: ${p.deadline}\n\n${p.text}`,
    }),
    en: (p) => ({
      subject: `Assignment taken under control: ${p.clause}`,
      body: `The assignment was taken under control.\n\nClause: ${p.clause}\nDeadline: ${p.deadline}\n\n${p.text}`,
    }),
  },
};

export function render(
  template: string,
  locale: Locale,
  params: Record<string, string>,
): { subject: string; body: string } {
  const byLocale = templates[template];
  if (!byLocale) throw new Error(`unknown template ${template}`);
  return (byLocale[locale] ?? byLocale.en)(params);
}
