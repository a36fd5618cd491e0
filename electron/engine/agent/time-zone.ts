/**
 * Local time in an IANA time zone, with Intl only: where a day starts (the budget refills at the
 * user's midnight) and the instant of a wall-clock time (a routine at 08:00), across DST.
 */

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(at: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const wall = wallClock(new Date(at), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The first instant of a calendar date in the zone (midnight, or the first hour a DST jump left). */
function firstInstantOf(year: number, month: number, day: number, timeZone: string): Date {
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the guess may differ from the offset at the answer across a DST change.
  let instant = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  instant = midnightAsUtc - offsetAt(instant, timeZone);
  // Where midnight does not exist (clocks jump from 23:59 to 01:00), the guess lands on the day
  // before: step forward to the date's first hour. (Bounded: a zone once skipped a whole date.)
  for (let hours = 0; hours < 24 && wallClock(new Date(instant), timeZone).day !== day; hours++) instant += 60 * 60_000;
  return new Date(instant);
}

export function startOfDayIn(timeZone: string, at: Date): Date {
  const wall = wallClock(at, timeZone);
  return firstInstantOf(wall.year, wall.month, wall.day, timeZone);
}

export function startOfNextDayIn(timeZone: string, at: Date): Date {
  const wall = wallClock(at, timeZone);
  const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
  return firstInstantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
}

/** The time zone setting, checked: Intl throws a RangeError for a zone it does not know. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Day of the week of a wall-clock date: 0 Sunday … 6 Saturday. */
export function weekdayOf(wall: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
}

/**
 * The instant a wall-clock time happens in the zone. A time a DST jump skips lands after the
 * jump (02:30 on a spring-forward night is 03:30); a time that happens twice, on its first.
 */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let instant = asUtc - offsetAt(asUtc, timeZone);
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** The calendar date `days` after a wall-clock date. */
export function addDays(wall: Pick<WallClock, 'year' | 'month' | 'day'>, days: number): { year: number; month: number; day: number } {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The zone the user set, or the system's when they left it empty. */
export function effectiveTimeZone(setting: string): string {
  return setting || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
