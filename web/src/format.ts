import { useTranslation } from 'react-i18next';

/** Dates and moments the reader's way (English ones day first, as in Uzbekistan). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : i18n.language;
  return {
    date: (d: string) =>
      new Date(`${d}T00:00:00`).toLocaleDateString(locale, {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }),
    when: (iso: string) =>
      new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }),
    /** A file's size in kilobytes, or megabytes from one megabyte up. */
    size: (bytes: number) => {
      const mb = bytes >= 1024 * 1024;
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: mb ? 'megabyte' : 'kilobyte',
        maximumFractionDigits: 1,
      }).format(bytes / (mb ? 1024 * 1024 : 1024));
    },
  };
}
