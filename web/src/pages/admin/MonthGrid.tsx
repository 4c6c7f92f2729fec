import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

/** How a day of the year stands in the calendar being edited. */
export type DayKind = 'working' | 'weekend' | 'fixed' | 'holiday' | 'workday';

/** The colours of each kind, shared by the grid and its legend (contrast 4.5:1 or more). */
export const DAY_STYLES: Record<DayKind, CSSProperties> = {
  working: { background: '#fff', color: '#1f1f1f', borderColor: '#d9d9d9' },
  weekend: { background: '#f0f0f0', color: '#595959', borderColor: '#f0f0f0' },
  fixed: { background: '#a8071a', color: '#fff', borderColor: '#a8071a' },
  holiday: { background: '#ffccc7', color: '#820014', borderColor: '#ff7875' },
  workday: { background: '#d9f7be', color: '#135200', borderColor: '#73d13d' },
};

export const isoDate = (year: number, month: number, day: number) =>
  `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const longDates = new Map<string, Intl.DateTimeFormat>();
/** A date as the reader says it ("10 June 2031"), for labels. */
export function spokenDate(date: string, lang: string): string {
  let f = longDates.get(lang);
  if (!f)
    longDates.set(
      lang,
      (f = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' })),
    );
  return f.format(new Date(`${date}T00:00:00Z`));
}

/** One month, Monday first, each day a button that changes it (fixed holidays cannot be). */
export function MonthGrid({
  year,
  month,
  kindOf,
  nameOf,
  onToggle,
}: {
  year: number;
  month: number;
  kindOf: (date: string) => DayKind;
  nameOf: (date: string) => string | undefined;
  onToggle: (date: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const monthName = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year, month, 1),
  );
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  const weekdays = Array.from({ length: 7 }, (_, i) => weekday.format(Date.UTC(2024, 0, 1 + i)));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const offset = (new Date(Date.UTC(year, month, 1)).getUTCDay() + 6) % 7;
  const cell: CSSProperties = { textAlign: 'center', fontSize: 12 };

  return (
    <div role="group" aria-label={monthName}>
      <div style={{ fontWeight: 600, marginBottom: 4, textTransform: 'capitalize' }}>
        {monthName}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdays.map((w) => (
          <div key={w} aria-hidden style={{ ...cell, color: '#595959' }}>
            {w}
          </div>
        ))}
        {offset > 0 && <div style={{ gridColumn: `span ${offset}` }} />}
        {Array.from({ length: days }, (_, i) => {
          const date = isoDate(year, month, i + 1);
          const kind = kindOf(date);
          const name = nameOf(date);
          const label = `${spokenDate(date, lang)}: ${t(`admin.calendar.kind.${kind}`)}`;
          return (
            <button
              key={date}
              type="button"
              disabled={kind === 'fixed'}
              aria-label={name ? `${label} — ${name}` : label}
              title={name}
              onClick={() => onToggle(date)}
              style={{
                ...cell,
                ...DAY_STYLES[kind],
                border: '1px solid',
                borderRadius: 4,
                padding: '4px 0',
                cursor: kind === 'fixed' ? 'not-allowed' : 'pointer',
              }}
            >
              {i + 1}
            </button>
          );
        })}
      </div>
    </div>
  );
}
