import { nextPeriod, periodAt, periodsBetween } from '../../workflows/periods';

const month = { every: 'month', dueDay: 10, until: '2027-03-15' } as const;

describe('reporting periods', () => {
  it('a month is due on dueDay of the next month, December in January of the next year', () => {
    expect(periodAt(month, '2026-11-25')).toEqual({
      key: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
      due: '2026-12-10',
    });
    expect(periodAt(month, '2026-12-31')).toMatchObject({ key: '2026-12', due: '2027-01-10' });
    expect(periodAt(month, '2028-02-03')).toMatchObject({ end: '2028-02-29' });
  });

  it('quarters and years start on their first month and are due after their last', () => {
    const quarter = { ...month, every: 'quarter', dueDay: 5 } as const;
    expect(periodAt(quarter, '2026-11-25')).toEqual({
      key: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
      due: '2027-01-05',
    });
    expect(nextPeriod(quarter, periodAt(quarter, '2026-11-25')).key).toBe('2027-Q1');
    const year = { ...month, every: 'year', dueDay: 28 } as const;
    expect(periodAt(year, '2026-06-01')).toEqual({
      key: '2026',
      start: '2026-01-01',
      end: '2026-12-31',
      due: '2027-01-28',
    });
  });

  it('runs from the period of the start date to the one containing the end date', () => {
    expect(periodsBetween(month, '2026-11-25').map((p) => p.key)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
    expect(periodsBetween({ ...month, until: '2026-11-01' }, '2026-11-25')).toHaveLength(1);
  });
});
