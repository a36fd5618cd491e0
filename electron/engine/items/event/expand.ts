/**
 * The occurrences of calendar objects in a window: RRULE (through ical.js's iterator), RDATE,
 * EXDATE, overridden occurrences (RECURRENCE-ID), all-day dates, named zones across DST changes
 * and floating times in the user's zone.
 *
 * Repetition walks in wall-clock time and each occurrence is then placed in its zone, so a weekly
 * 10:00 in Berlin stays at 10:00 local when the clocks change. The work is bounded twice per
 * event: a cap on occurrences walked from the first one (RRULE with COUNT=1000000, or a series
 * that began decades ago, stops there) and a cap on the candidate dates ical.js may test
 * (impossible rules such as FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 otherwise make its iterator loop
 * forever). Hitting a cap is reported in words; what was found so far is kept.
 */
import type ICAL from 'ical.js';
import { ical } from './ical-module.js';
import type { CalendarObject, EventInstance, EventItem, EventProblem, EventTime } from './event-item.js';
import { addDays, dateInZone, formatDate, parseWall, ZoneBook, type WallTime } from './zones.js';

export interface ExpansionWindow {
  readonly startMs: number;
  readonly endMs: number;
}

export interface ExpansionLimits {
  /** Occurrences kept per event in the window. */
  readonly maxInstances: number;
  /** Occurrences walked per event, from its first one. */
  readonly maxSteps: number;
  /** Candidate dates ical.js may test per event. */
  readonly maxChecks: number;
}

export const DEFAULT_LIMITS: ExpansionLimits = { maxInstances: 1_000, maxSteps: 20_000, maxChecks: 50_000 };

export interface ExpansionOptions {
  /** IANA zone of the user: floating times and all-day dates happen there. */
  readonly userZone: string;
  readonly limits?: Partial<ExpansionLimits>;
}

export interface ExpansionResult {
  /** Sorted by start, then calendar and UID. */
  readonly instances: readonly EventInstance[];
  readonly problems: readonly EventProblem[];
}

/** All occurrences of many objects in a window, sorted, with every problem met on the way. */
export function expandObjects(objects: readonly CalendarObject[], window: ExpansionWindow, options: ExpansionOptions): ExpansionResult {
  const instances: EventInstance[] = [];
  const problems: EventProblem[] = [];
  for (const object of objects) {
    const result = expandObject(object, window, options);
    instances.push(...result.instances);
    problems.push(...result.problems);
  }
  instances.sort(byStart);
  return { instances, problems };
}

export function byStart(a: EventInstance, b: EventInstance): number {
  return a.startMs - b.startMs || a.endMs - b.endMs || a.key.localeCompare(b.key);
}

class BudgetExceeded extends Error {}

/**
 * The occurrences of one object in a window; problems say what was left out and why. Throws
 * only when `userZone` is not a zone name (a settings mistake, not bad calendar data).
 */
export function expandObject(object: CalendarObject, window: ExpansionWindow, options: ExpansionOptions): ExpansionResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const zones = new ZoneBook(options.userZone, object.timeZones);
  const problems: string[] = [];
  const instances: EventInstance[] = [];
  const overridden = new Set<string>();

  for (const override of object.overrides) {
    try {
      const recurrenceId = override.recurrenceId as EventTime;
      const key = occurrenceKey(recurrenceId, zones);
      overridden.add(key);
      if (override.status === 'cancelled') continue;
      const placed = place(override, zones);
      if (overlaps(placed, window)) instances.push(instanceOf(object, override, key, placed));
    } catch (error) {
      problems.push(`A changed occurrence could not be placed: ${messageOf(error)}.`);
    }
  }

  const master = object.master;
  if (master && master.status !== 'cancelled') {
    try {
      if (master.recurrence) {
        expandSeries(object, master, window, zones, limits, overridden, instances, problems);
      } else {
        const placed = place(master, zones);
        if (overlaps(placed, window)) instances.push(instanceOf(object, master, null, placed));
      }
    } catch (error) {
      problems.push(`The event could not be placed in the calendar: ${messageOf(error)}.`);
    }
  }

  for (const tzid of zones.unknownZones()) {
    problems.push(`The time zone "${tzid}" is not known and the file does not define it; its times are shown in your zone (${options.userZone}).`);
  }
  instances.sort(byStart);
  const summary = master?.summary ?? object.overrides[0]?.summary ?? null;
  return { instances, problems: problems.map((reason) => ({ uid: object.uid, summary, reason })) };
}

interface Placed {
  readonly startMs: number;
  readonly endMs: number;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

function overlaps(placed: Placed, window: ExpansionWindow): boolean {
  // A zero-length event counts when it starts inside the window.
  return placed.endMs > placed.startMs ? placed.startMs < window.endMs && placed.endMs > window.startMs : placed.startMs >= window.startMs && placed.startMs < window.endMs;
}

/** Instants for an event's start and end; all-day dates span the user's local days. */
function place(item: EventItem, zones: ZoneBook): Placed {
  const { start, end, duration } = item;
  if (start.kind === 'date') {
    const endDate = end.kind === 'date' && end.date > start.date ? end.date : addDays(start.date, 1);
    return { startMs: instantOf(start, zones), endMs: instantOf({ kind: 'date', date: endDate }, zones), startDate: start.date, endDate };
  }
  const startMs = instantOf(start, zones);
  if (duration) {
    // Calendar days on the wall clock, then the exact part: PT1H is an hour even across a DST change.
    const dayShifted = duration.days === 0 ? startMs : instantOf(shiftDays(start, duration.days), zones);
    return { startMs, endMs: dayShifted + duration.seconds * 1000, startDate: null, endDate: null };
  }
  const endMs = Math.max(startMs, instantOf(end, zones));
  return { startMs, endMs, startDate: null, endDate: null };
}

function shiftDays(time: Exclude<EventTime, { kind: 'date' }>, days: number): EventTime {
  const wall = time.kind === 'utc' ? time.iso.slice(0, 19) : time.local;
  const moved = `${addDays(wall.slice(0, 10), days)}${wall.slice(10)}`;
  return time.kind === 'utc' ? { kind: 'utc', iso: `${moved}Z` } : { ...time, local: moved };
}

/** The instant an EventTime names (dates: local midnight in the user's zone). */
export function instantOf(time: EventTime, zones: ZoneBook): number {
  switch (time.kind) {
    case 'date':
      return zones.toUtcMs(parseWall(time.date), null);
    case 'utc':
      return Date.parse(time.iso);
    case 'zoned':
      return zones.toUtcMs(parseWall(time.local), time.tzid);
    case 'floating':
      return zones.toUtcMs(parseWall(time.local), null);
  }
}

/** How an occurrence is named for matching overrides and exclusions: a date, or an ISO instant. */
function occurrenceKey(time: EventTime, zones: ZoneBook): string {
  return time.kind === 'date' ? time.date : new Date(instantOf(time, zones)).toISOString();
}

function instanceOf(object: CalendarObject, item: EventItem, occurrence: string | null, placed: Placed): EventInstance {
  return {
    key: `${object.calendarId}|${object.uid}|${occurrence ?? ''}`,
    calendarId: object.calendarId,
    href: object.href,
    uid: object.uid,
    occurrence,
    startMs: placed.startMs,
    endMs: placed.endMs,
    start: new Date(placed.startMs).toISOString(),
    end: new Date(placed.endMs).toISOString(),
    allDay: placed.startDate !== null,
    startDate: placed.startDate,
    endDate: placed.endDate,
    item,
  };
}

// --- Series ------------------------------------------------------------------------------------

interface Candidate {
  readonly wall: WallTime;
  readonly ms: number;
}

/** The zone a series repeats in: its start's TZID, UTC, or null for floating and all-day. */
function seriesZone(start: EventTime): { tzid: string | null; utc: boolean } {
  return start.kind === 'zoned' ? { tzid: start.tzid, utc: false } : { tzid: null, utc: start.kind === 'utc' };
}

function expandSeries(
  object: CalendarObject,
  master: EventItem,
  window: ExpansionWindow,
  zones: ZoneBook,
  limits: ExpansionLimits,
  overridden: ReadonlySet<string>,
  out: EventInstance[],
  problems: string[],
): void {
  const recurrence = master.recurrence;
  if (!recurrence) return;
  const allDay = master.start.kind === 'date';
  const zone = seriesZone(master.start);
  const toMs = (wall: WallTime): number =>
    allDay ? zones.toUtcMs({ ...wall, hour: 0, minute: 0, second: 0 }, null) : zone.utc ? Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) : zones.toUtcMs(wall, zone.tzid);

  const first = place(master, zones);
  const lengthMs = first.endMs - first.startMs;
  const lengthDays = allDay && first.startDate && first.endDate ? daysBetween(first.startDate, first.endDate) : 0;
  const startWall = parseWall(master.start.kind === 'utc' ? master.start.iso : master.start.kind === 'date' ? master.start.date : master.start.local);

  const excluded = exclusions(recurrence.exdates, zones, allDay);
  const streams: (() => Candidate | null)[] = [];
  const budget = { checks: 0 };
  for (const rule of recurrence.rules) {
    const stream = ruleStream(rule, startWall, allDay, zone, zones, toMs, limits, budget, problems);
    if (stream) streams.push(stream);
  }
  if (streams.length === 0) {
    // Every rule was unreadable: the first occurrence still shows (RFC 5545: DTSTART is always one).
    streams.push(onceStream({ wall: startWall, ms: first.startMs }));
  }
  streams.push(dateListStream(recurrence.rdates, zones, allDay, zone));

  const heads = streams.map((next) => safeNext(next, problems));
  let steps = 0;
  let lastKey: string | null = null;
  for (;;) {
    let best = -1;
    heads.forEach((head, index) => {
      if (head && (best < 0 || head.ms < (heads[best] as Candidate).ms)) best = index;
    });
    if (best < 0) return;
    const candidate = heads[best] as Candidate;
    heads[best] = safeNext(streams[best] as () => Candidate | null, problems);
    if (candidate.ms >= window.endMs) return;
    if (++steps > limits.maxSteps) {
      problems.push(`The event repeats too often to show every occurrence: Steward stopped after ${limits.maxSteps.toLocaleString('en')} occurrences.`);
      return;
    }
    const key = allDay ? formatDate(candidate.wall.year, candidate.wall.month, candidate.wall.day) : new Date(candidate.ms).toISOString();
    if (key === lastKey) continue; // the same occurrence from two rules (or a rule and an RDATE)
    lastKey = key;
    if (overridden.has(key) || excluded.instants.has(key) || excluded.dates.has(localDateKey(candidate, allDay, zone, zones))) continue;
    const placed: Placed = allDay
      ? { startMs: candidate.ms, endMs: toMs(parseWall(addDays(key, lengthDays))), startDate: key, endDate: addDays(key, lengthDays) }
      : { startMs: candidate.ms, endMs: candidate.ms + lengthMs, startDate: null, endDate: null };
    if (!overlaps(placed, window)) continue;
    out.push(instanceOf(object, master, key, placed));
    if (out.length >= limits.maxInstances) {
      problems.push(`The event has more than ${limits.maxInstances.toLocaleString('en')} occurrences in this period; Steward shows the first ${limits.maxInstances.toLocaleString('en')}.`);
      return;
    }
  }
}

function safeNext(next: () => Candidate | null, problems: string[]): Candidate | null {
  try {
    return next();
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      problems.push('The repeat rule never or almost never matches a date (it may be impossible, such as 30 February); Steward stopped looking for occurrences.');
    } else {
      problems.push(`The repeat rule could not be followed (${messageOf(error)}); later occurrences are not shown.`);
    }
    return null;
  }
}

/** The occurrences of one RRULE as a pull stream, or null (with a problem) when the rule is unusable. */
function ruleStream(
  ruleText: string,
  startWall: WallTime,
  allDay: boolean,
  zone: { tzid: string | null; utc: boolean },
  zones: ZoneBook,
  toMs: (wall: WallTime) => number,
  limits: ExpansionLimits,
  budget: { checks: number },
  problems: string[],
): (() => Candidate | null) | null {
  let iterator: ICAL.RecurIterator;
  try {
    const rule = ical().Recur.fromString(ruleText);
    // ical.js compares UNTIL with occurrences field by field; give it UNTIL as a wall time in the
    // series' own zone so the last occurrence is neither lost nor gained across an offset.
    if (rule.until) rule.until = untilAsWall(rule.until, allDay, zone, zones);
    const dtstart = ical().Time.fromData({ ...startWall, isDate: allDay });
    iterator = rule.iterator(dtstart);
  } catch (error) {
    problems.push(`The repeat rule "${ruleText.slice(0, 80)}" cannot be used (${messageOf(error)}); only the first occurrence is shown.`);
    return null;
  }
  // Every candidate date ical.js tests passes through check_contracting_rules; counting them is
  // the only way to stop its inner loop on a rule that never matches.
  const check = iterator.check_contracting_rules.bind(iterator);
  iterator.check_contracting_rules = () => {
    if (++budget.checks > limits.maxChecks) throw new BudgetExceeded();
    return check();
  };
  return () => {
    const next = iterator.next();
    if (!next) return null;
    const wall: WallTime = { year: next.year, month: next.month, day: next.day, hour: allDay ? 0 : next.hour, minute: allDay ? 0 : next.minute, second: allDay ? 0 : next.second };
    return { wall, ms: toMs(wall) };
  };
}

function untilAsWall(until: ICAL.Time, allDay: boolean, zone: { tzid: string | null; utc: boolean }, zones: ZoneBook): ICAL.Time {
  if (until.isDate) {
    return allDay ? until : ical().Time.fromData({ year: until.year, month: until.month, day: until.day, hour: 23, minute: 59, second: 59, isDate: false });
  }
  const isUtc = until.zone === ical().Timezone.utcTimezone;
  const ms = Date.UTC(until.year, until.month - 1, until.day, until.hour, until.minute, until.second);
  // A floating UNTIL is already a wall time; a UTC one is moved into the series' zone.
  const wall = !isUtc || zone.utc ? parseWall(new Date(ms).toISOString().slice(0, 19)) : zones.toWall(ms, zone.tzid);
  return ical().Time.fromData({ ...wall, isDate: allDay });
}

function onceStream(candidate: Candidate): () => Candidate | null {
  let done = false;
  return () => {
    if (done) return null;
    done = true;
    return candidate;
  };
}

function dateListStream(dates: readonly EventTime[], zones: ZoneBook, allDay: boolean, zone: { tzid: string | null; utc: boolean }): () => Candidate | null {
  const candidates = dates
    .map((time): Candidate => {
      const ms = instantOf(time, zones);
      const wall = time.kind === 'date' ? parseWall(time.date) : allDay ? parseWall(dateInZone(ms, zones.userZone)) : zone.utc ? parseWall(new Date(ms).toISOString().slice(0, 19)) : zones.toWall(ms, zone.tzid);
      return { wall, ms: allDay ? zones.toUtcMs({ ...wall, hour: 0, minute: 0, second: 0 }, null) : ms };
    })
    .sort((a, b) => a.ms - b.ms);
  let index = 0;
  return () => candidates[index++] ?? null;
}

/** EXDATEs as instants (matched exactly) and as dates (an EXDATE;VALUE=DATE removes that day's occurrence). */
function exclusions(exdates: readonly EventTime[], zones: ZoneBook, allDay: boolean): { instants: Set<string>; dates: Set<string> } {
  const instants = new Set<string>();
  const dates = new Set<string>();
  for (const time of exdates) {
    if (time.kind === 'date') dates.add(time.date);
    else if (allDay) dates.add(dateOfWall(zones.toWall(instantOf(time, zones), null)));
    else instants.add(new Date(instantOf(time, zones)).toISOString());
  }
  return { instants, dates };
}

function localDateKey(candidate: Candidate, allDay: boolean, zone: { tzid: string | null; utc: boolean }, zones: ZoneBook): string {
  if (allDay || zone.tzid === null) return dateOfWall(candidate.wall);
  return dateOfWall(zones.toWall(candidate.ms, zone.tzid));
}

function dateOfWall(wall: WallTime): string {
  return formatDate(wall.year, wall.month, wall.day);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
