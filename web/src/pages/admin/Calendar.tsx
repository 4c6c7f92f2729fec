import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, must } from '../../api';
import type { components, paths } from '../../schema';
import { DayList, type ListedDay } from './DayList';
import { DAY_STYLES, isoDate, MonthGrid, type DayKind } from './MonthGrid';

type YearView = components['schemas']['CalendarYear'];
type CalendarInput = paths['/calendar/{year}']['put']['requestBody']['content']['application/json'];
type Day = { date: string; name: string };
type Draft = Required<Pick<CalendarInput, 'weekDays' | 'shift'>> & {
  holidays: Day[];
  workdays: Day[];
};

const KEY = ['admin', 'calendar'] as const;
const byDate = (a: Day, b: Day) => a.date.localeCompare(b.date);

/** One year of the business calendar; the year is in the address (?year=2026). */
export default function CalendarPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const view = useQuery({
    queryKey: [...KEY, year],
    queryFn: () => must(api.GET('/calendar/{year}', { params: { path: { year } } })),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <DatePicker
        picker="year"
        aria-label={t('admin.calendar.year')}
        allowClear={false}
        value={dayjs(`${year}-01-01`)}
        disabledDate={(d) => d.year() < 2000 || d.year() > 2100}
        onChange={(d) => d && setParams({ year: String(d.year()) })}
      />
      {view.error && <Alert type="error" role="alert" title={view.error.message} />}
      {view.data ? <YearEditor key={year} view={view.data} /> : !view.error && <Card loading />}
    </Space>
  );
}

function draftOf(view: YearView): Draft {
  return {
    weekDays: view.weekDays,
    shift: view.shift,
    holidays: view.holidays.filter((h) => !h.fixed).map(({ date, name }) => ({ date, name })),
    workdays: view.workdays.map(({ date, name }) => ({ date, name })),
  };
}

/** The year's days as the admin changes them; nothing is stored until they save. */
function YearEditor({ view }: { view: YearView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { year } = view;
  const [draft, setDraft] = useState(() => draftOf(view));
  const fixed = new Map(view.holidays.filter((h) => h.fixed).map((h) => [h.date, h.name]));
  const holidays = new Map(draft.holidays.map((h) => [h.date, h.name]));
  const workdays = new Map(draft.workdays.map((w) => [w.date, w.name]));

  const weekend = (date: string) => {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day === 0 || (draft.weekDays === 5 && day === 6);
  };
  const kindOf = (date: string): DayKind =>
    fixed.has(date)
      ? 'fixed'
      : holidays.has(date)
        ? 'holiday'
        : workdays.has(date)
          ? 'workday'
          : weekend(date)
            ? 'weekend'
            : 'working';
  const nameOf = (date: string) => fixed.get(date) ?? holidays.get(date) ?? workdays.get(date);

  // A working day becomes a day off, a weekend day a transferred working day; a second
  // press undoes either.
  const toggle = (date: string) =>
    setDraft((d) => {
      const kind = kindOf(date);
      if (kind === 'holiday') return { ...d, holidays: d.holidays.filter((h) => h.date !== date) };
      if (kind === 'workday') return { ...d, workdays: d.workdays.filter((w) => w.date !== date) };
      if (kind === 'weekend') {
        const day = { date, name: t('admin.calendar.defaultWorkday') };
        return { ...d, workdays: [...d.workdays, day].sort(byDate) };
      }
      if (kind === 'working') {
        const day = { date, name: t('admin.calendar.defaultHoliday') };
        return { ...d, holidays: [...d.holidays, day].sort(byDate) };
      }
      return d;
    });
  const rename = (list: 'holidays' | 'workdays', date: string, name: string) =>
    setDraft((d) => ({
      ...d,
      [list]: d[list].map((x) => (x.date === date ? { ...x, name } : x)),
    }));

  const save = useMutation({
    mutationFn: (body: Draft) =>
      must(api.PUT('/calendar/{year}', { params: { path: { year } }, body })),
    onSuccess: () => {
      void message.success(t('admin.saved'));
      void client.invalidateQueries({ queryKey: KEY });
      // Other pages' date pickers grey out non-working days from the calendar too.
      void client.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
  // The API names a problem by its place in what was sent (`holidays.3.date`): told by date.
  const problems = new Map<string, string>();
  if (save.error instanceof ApiError && save.variables)
    for (const f of save.error.fields) {
      const [list, index] = f.path.split('.');
      const sent = list === 'holidays' || list === 'workdays' ? save.variables[list] : undefined;
      const day = sent?.[Number(index)];
      if (day) problems.set(day.date, f.message);
    }

  let working = 0;
  for (let m = 0; m < 12; m++)
    for (let d = 1; d <= new Date(Date.UTC(year, m + 1, 0)).getUTCDate(); d++) {
      const kind = kindOf(isoDate(year, m, d));
      if (kind === 'working' || kind === 'workday') working++;
    }

  const rows: ListedDay[] = [
    ...[...fixed].map(([date, name]) => ({ date, name, kind: 'fixed' as const })),
    ...draft.holidays.map((h) => ({ ...h, kind: 'holiday' as const })),
    ...draft.workdays.map((w) => ({ ...w, kind: 'workday' as const })),
  ].sort(byDate);
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(view));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="vertical">
        <Row gutter={16}>
          <Col xs={24} sm={12} md={8}>
            <Form.Item label={t('admin.calendar.week')}>
              <Radio.Group
                value={draft.weekDays}
                onChange={(e) => setDraft((d) => ({ ...d, weekDays: e.target.value as 5 | 6 }))}
                options={[
                  { value: 5, label: t('admin.calendar.fiveDays') },
                  { value: 6, label: t('admin.calendar.sixDays') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item label={t('admin.calendar.shift')} htmlFor="calendar-shift">
              <Select
                id="calendar-shift"
                value={draft.shift}
                onChange={(shift) => setDraft((d) => ({ ...d, shift }))}
                options={[
                  { value: 'previous', label: t('admin.calendar.previous') },
                  { value: 'next', label: t('admin.calendar.next') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('admin.calendar.howTo')}
      </Typography.Paragraph>
      <Space wrap>
        {(['working', 'weekend', 'fixed', 'holiday', 'workday'] as const).map((kind) => (
          <Tag key={kind} style={{ ...DAY_STYLES[kind], border: '1px solid' }}>
            {t(`admin.calendar.kind.${kind}`)}
          </Tag>
        ))}
      </Space>
      <Row gutter={[16, 16]}>
        {Array.from({ length: 12 }, (_, month) => (
          <Col key={month} xs={24} sm={12} md={8} xl={6}>
            <MonthGrid
              year={year}
              month={month}
              kindOf={kindOf}
              nameOf={nameOf}
              onToggle={toggle}
            />
          </Col>
        ))}
      </Row>
      <Typography.Text strong role="status">
        {t('admin.calendar.workingDays', { count: working, year })}
      </Typography.Text>
      <DayList
        rows={rows}
        problems={problems}
        onRename={(row, name) =>
          rename(row.kind === 'holiday' ? 'holidays' : 'workdays', row.date, name)
        }
        onRemove={toggle}
      />
      {save.error && <Alert type="error" role="alert" title={save.error.message} />}
      <Space wrap>
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate(draft)}>
          {t('admin.calendar.save', { year })}
        </Button>
        {changed && <Tag color="#ad4e00">{t('admin.calendar.unsaved')}</Tag>}
      </Space>
    </Space>
  );
}
