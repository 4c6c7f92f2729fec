import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { ru } from './locales/ru';
import { uzCyrl } from './locales/uz-Cyrl';
import { uzLatn } from './locales/uz-Latn';

/** The four languages of Ijro, as the API names them (a user's `locale`). */
export const LOCALES = [
  { code: 'uz-Latn', label: 'Oʻzbekcha' },
  { code: 'uz-Cyrl', label: 'Ўзбекча' },
  { code: 'ru', label: 'Русский' },
  { code: 'en', label: 'English' },
] as const;
export type Locale = (typeof LOCALES)[number]['code'];

const STORED = 'ijro.locale';

/** The language chosen on this device before signing in; the profile's wins after. */
export function storedLocale(): Locale {
  const saved = localStorage.getItem(STORED);
  return LOCALES.some((l) => l.code === saved) ? (saved as Locale) : 'uz-Latn';
}

export function switchLocale(code: Locale): void {
  localStorage.setItem(STORED, code);
  document.documentElement.lang = code;
  void i18n.changeLanguage(code);
}

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    ru: { translation: ru },
    'uz-Latn': { translation: uzLatn },
    'uz-Cyrl': { translation: uzCyrl },
  },
  lng: storedLocale(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = storedLocale();

export default i18n;
