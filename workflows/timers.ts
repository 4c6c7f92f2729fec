import { addWorkingDays, type CalendarData } from './calendar';
import type { AssignmentView } from './types';

// Uzbekistan keeps UTC+5 all year (no daylight saving), so local days are a fixed offset.
const OFFSET_MS = 5 * 3600_000;
const HOUR_MS = 3600_000;
/** Reminders go out at the start of the working day. */
const REMINDER_HOUR = 9;

/** The local calendar date (YYYY-MM-DD) at an instant. */
export const localDate = (ms: number): string =>
  new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/** The instant of `hour` o'clock local time on a date. */
export const localTime = (date: string, hour: number): number =>
  Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + hour * HOUR_MS;

/** A deadline day ends at local midnight: only then is the work late. */
export const endOfDay = (date: string): number => localTime(date, 24);

export interface Timer {
  at: number;
  /** Fired timers are remembered by key, so each fires once per deadline. */
  key: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  organizationId?: string;
  /** For reminders: working days left before the deadline (0 = the day itself). */
  daysLeft?: number;
}

/** Every timer the assignment is waiting for now, in no particular order. */
function pendingTimers(view: AssignmentView, cal: CalendarData, scheduledFrom: number): Timer[] {
  const running = view.status === 'in_execution' || view.status === 'under_review';
  // A pending extension request pauses reminders and the overdue clock (SPEC §3).
  // A periodic assignment's deadlines are its periods', each watched by its own workflow.
  if (!running || view.extensionPending || view.periodicity) return [];
  const timers: Timer[] = [];
  if (view.status === 'in_execution') {
    for (const e of view.executions) {
      if (e.role === 'co' && e.reportedAt) continue;
      for (const daysLeft of view.rules.reminderDays) {
        const at = localTime(addWorkingDays(e.deadline, -daysLeft, cal), REMINDER_HOUR);
        // Reminders whose time had passed when the deadline was set are not sent late.
        if (at < scheduledFrom) continue;
        const key = `reminder:${e.organizationId}:${e.deadline}:${daysLeft}`;
        timers.push({ at, key, kind: 'reminder', organizationId: e.organizationId, daysLeft });
      }
    }
  }
  const deadline = view.executions.find((e) => e.role === 'lead')?.deadline ?? view.deadline;
  if (!view.overdue) {
    timers.push({ at: endOfDay(deadline), key: `overdue:${deadline}`, kind: 'overdue' });
  } else if (!view.escalated) {
    const last = addWorkingDays(deadline, view.rules.escalationDays, cal);
    timers.push({ at: endOfDay(last), key: `escalation:${deadline}`, kind: 'escalation' });
  }
  return timers;
}

/** The next timer to fire, or none while nothing is scheduled. */
export function nextTimer(
  view: AssignmentView,
  cal: CalendarData,
  scheduledFrom: number,
  fired: ReadonlySet<string>,
): Timer | undefined {
  let next: Timer | undefined;
  for (const t of pendingTimers(view, cal, scheduledFrom)) {
    if (fired.has(t.key)) continue;
    if (!next || t.at < next.at) next = t;
  }
  return next;
}

/** The keys of the timers the assignment is waiting for now, fired or not. */
export const pendingTimerKeys = (
  view: AssignmentView,
  cal: CalendarData,
  scheduledFrom: number,
): Set<string> => new Set(pendingTimers(view, cal, scheduledFrom).map((t) => t.key));
