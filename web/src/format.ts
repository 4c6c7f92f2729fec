import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/**
 * How a day is written: day first with dots in Uzbek and Russian, as the spreadsheets Ijro
 * exports write it (the browser's own Uzbek form is year first); English day first too.
 */
const DAY = {
  'uz-Latn': 'DD.MM.YYYY',
  'uz-Cyrl': 'DD.MM.YYYY',
  ru: 'DD.MM.YYYY',
  en: 'DD/MM/YYYY',
};
const dayPattern = (lng: string) => DAY[lng as keyof typeof DAY] ?? DAY.en;

/** Days, moments and file sizes the reader's way. */
export function useFormat() {
  const { i18n } = useTranslation();
  const day = dayPattern(i18n.language);
  const numbers = i18n.language === 'en' ? 'en-GB' : i18n.language;
  return {
    /** A calendar day (`YYYY-MM-DD`). */
    date: (d: string) => dayjs(d).format(day),
    /** A moment, in the reader's time zone. */
    when: (iso: string) => dayjs(iso).format(`${day} HH:mm`),
    /** A file's size in kilobytes, or megabytes from one megabyte up. */
    size: (bytes: number) => {
      const mb = bytes >= 1024 * 1024;
      return new Intl.NumberFormat(numbers, {
        style: 'unit',
        unit: mb ? 'megabyte' : 'kilobyte',
        maximumFractionDigits: 1,
      }).format(bytes / (mb ? 1024 * 1024 : 1024));
    },
  };
}
