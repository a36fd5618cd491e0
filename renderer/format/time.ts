/**
 * Times as people read them in a glance: the clock for today, the weekday this week, the date
 * beyond. Everything follows the user's locale.
 */
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clockWithSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

const DAY_MS = 24 * 60 * 60 * 1000;

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "09:14" */
export function clockTime(iso: string): string {
  const date = parse(iso);
  return date ? clock.format(date) : '';
}

/** "09:14" today, "Yesterday", "Tue" this week, "12 Nov" this year, "12 Nov 2024" before. */
export function shortWhen(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return '';
  const days = Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
  if (days <= 0) return clock.format(date);
  if (days === 1) return 'Yesterday';
  if (days < 7) return weekday.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayMonth.format(date);
  return dayMonthYear.format(date);
}

/** Like shortWhen, but with the clock time after a day name: "Yesterday 17:02". */
export function whenWithTime(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return '';
  const day = shortWhen(iso, now);
  const time = clock.format(date);
  return day === time ? time : `${day} ${time}`;
}

/** For the ledger: "09:14:03" today, "12 Nov 09:14" this year, "12 Nov 2024" before. */
export function ledgerTime(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  if (startOfDay(date) === startOfDay(now)) return clockWithSeconds.format(date);
  if (date.getFullYear() === now.getFullYear()) return `${dayMonth.format(date)} ${clock.format(date)}`;
  return dayMonthYear.format(date);
}

/** For tooltips and screen readers: "Tuesday, 25 November 2026 at 09:14". */
export function fullTime(iso: string): string {
  const date = parse(iso);
  return date ? full.format(date) : iso;
}

const weekdayTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** For what is to come (an event): "14:00" today, "Fri 12:13" within a week, "24 Dec 12:13" later. */
export function eventWhen(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return '';
  const days = Math.round((startOfDay(date) - startOfDay(now)) / DAY_MS);
  if (days === 0) return clock.format(date);
  if (days > 0 && days < 7) return weekdayTime.format(date);
  return `${dayMonth.format(date)} ${clock.format(date)}`;
}
