/**
 * ICS text → CalendarObjects, with ical.js doing the RFC 5545 parsing. Calendar files come from
 * servers, invitations and strangers, and many are broken: nothing here throws, and every event
 * either comes out (with what was wrong with it in `problems`) or is listed in the result's
 * problems with the reason.
 *
 * Defences, in order: a size cap; the line-level scan in ics-scan.ts (bad lines, absurd nesting,
 * a file cut short); each VEVENT and VTIMEZONE is parsed on its own, so one bad event cannot
 * take the others down; a block ical.js still refuses is retried without the lines it cannot
 * read; every time value is range-checked before anything computes with it.
 */
import { createHash } from 'node:crypto';
import type ICAL from 'ical.js';
import { ical, parseComponent } from './ical-module.js';
import {
  ATTENDEE_LIMIT,
  DESCRIPTION_LIMIT,
  LOCATION_LIMIT,
  SUMMARY_LIMIT,
  type Attendee,
  type AttendeeRole,
  type CalendarObject,
  type EventItem,
  type EventPerson,
  type EventProblem,
  type EventStatus,
  type EventTime,
  type PartStat,
} from './event-item.js';
import { scanComponents, type Block } from './ics-scan.js';
import { addDays, formatDate, formatWall, ianaNameFor, parseWall, wallMs } from './zones.js';

/** Far above any real calendar object; a 5 MB description still fits. */
export const MAX_ICS_CHARS = 16_000_000;
const MAX_EVENTS_PER_FILE = 20_000;
const MAX_OVERRIDES = 2_000;
const MAX_TIMEZONE_CHARS = 200_000;
const MAX_RECURRENCE_DATES = 5_000;

export interface ObjectRef {
  readonly calendarId: string;
  readonly href: string;
  readonly etag: string | null;
}

export interface IcsParseResult {
  readonly objects: readonly CalendarObject[];
  /** Events that could not be read at all, and problems with the file as a whole. */
  readonly problems: readonly EventProblem[];
  /** METHOD of the VCALENDAR (REQUEST, CANCEL, REPLY… for invitations), upper-cased, or null. */
  readonly method: string | null;
}

export function parseIcs(text: string, ref: ObjectRef): IcsParseResult {
  if (text.length > MAX_ICS_CHARS) {
    return { objects: [], method: null, problems: [{ uid: null, summary: null, reason: `The calendar file is too large to read (${Math.round(text.length / 1_000_000)} MB; the limit is ${MAX_ICS_CHARS / 1_000_000} MB).` }] };
  }
  const scan = scanComponents(text);
  const problems: EventProblem[] = scan.fileProblems.map((reason) => ({ uid: null, summary: null, reason }));
  if (scan.events.length === 0 && scan.fileProblems.length === 0 && !scan.sawCalendar) {
    problems.push({ uid: null, summary: null, reason: 'This is not a calendar file: it has no BEGIN:VCALENDAR.' });
  }

  const definitions: Record<string, string> = {};
  for (const block of scan.timeZones) {
    const tzid = /^TZID[;:](?:.*:)?(.*)$/m.exec(block.lines.join('\n'))?.[1]?.trim();
    if (!tzid || ianaNameFor(tzid) !== null) continue; // IANA names come from the platform's tz data
    const definition = block.lines.join('\r\n');
    if (definition.length <= MAX_TIMEZONE_CHARS) definitions[tzid] = definition;
  }

  const items: EventItem[] = [];
  for (const block of scan.events.slice(0, MAX_EVENTS_PER_FILE)) {
    const outcome = readEventBlock(block);
    if (outcome.item) items.push(outcome.item);
    else problems.push(outcome.problem);
  }
  if (scan.events.length > MAX_EVENTS_PER_FILE) {
    problems.push({ uid: null, summary: null, reason: `The file holds ${scan.events.length} events; Steward read the first ${MAX_EVENTS_PER_FILE}.` });
  }

  const objects = groupByUid(items, ref, definitions, text, problems);
  return { objects, problems, method: scan.method };
}

// --- One event ---------------------------------------------------------------------------------

type BlockOutcome = { readonly item: EventItem; readonly problem?: undefined } | { readonly item?: undefined; readonly problem: EventProblem };

function readEventBlock(block: Block): BlockOutcome {
  const { component, dropped } = parseBlock(block);
  const guess = guessIdentity(block.lines);
  if (!component) {
    return { problem: { ...guess, reason: `The event could not be read: ${dropped.join('; ') || 'ical.js refused it'}.` } };
  }
  try {
    return buildItem(component, [...block.dropped, ...dropped], guess);
  } catch (error) {
    return { problem: { ...guess, reason: `The event could not be read: ${messageOf(error)}.` } };
  }
}

/** ical.js on the block; on failure, again without each line it cannot parse on its own. */
function parseBlock(block: Block): { component: ICAL.Component | null; dropped: string[] } {
  const text = block.lines.join('\r\n');
  try {
    return { component: parseComponent(text), dropped: [] };
  } catch (firstError) {
    const dropped: string[] = [];
    const kept = block.lines.filter((line) => {
      if (/^(BEGIN|END):/i.test(line)) return true;
      try {
        ical().parse.property(line);
        return true;
      } catch {
        dropped.push(`a ${propertyName(line)} line that could not be read`);
        return false;
      }
    });
    try {
      return { component: parseComponent(kept.join('\r\n')), dropped };
    } catch {
      return { component: null, dropped: [messageOf(firstError)] };
    }
  }
}

function buildItem(event: ICAL.Component, dropped: readonly string[], guess: { uid: string | null; summary: string | null }): BlockOutcome {
  const problems: string[] = [];
  if (dropped.length > 0) problems.push(`Skipped ${describeDropped(dropped)}.`);

  const summary = capped(text(event, 'summary'), SUMMARY_LIMIT);
  const startProperty = event.getFirstProperty('dtstart');
  const start = startProperty ? timeOf(startProperty, problems, 'start') : null;
  if (!start) {
    return { problem: { uid: guess.uid, summary: summary.text || guess.summary, reason: 'The event has no valid start time (DTSTART), so it cannot be placed in the calendar.' } };
  }

  let uid = text(event, 'uid').trim();
  if (!uid) {
    uid = `steward-no-uid-${createHash('sha256').update(`${JSON.stringify(start)}|${summary.text}`).digest('hex').slice(0, 16)}`;
    problems.push('The event has no UID; Steward gave it one of its own, so changes from other apps may show as a new event.');
  }

  const description = capped(text(event, 'description'), DESCRIPTION_LIMIT);
  if (description.truncated) problems.push(`The description is very long; only the first ${DESCRIPTION_LIMIT.toLocaleString('en')} characters are kept.`);
  const recurrenceProperty = event.getFirstProperty('recurrence-id');
  const attendees = event.getAllProperties('attendee');
  if (attendees.length > ATTENDEE_LIMIT) problems.push(`The event lists ${attendees.length} attendees; Steward keeps the first ${ATTENDEE_LIMIT}.`);

  const item: EventItem = {
    uid,
    recurrenceId: recurrenceProperty ? timeOf(recurrenceProperty, problems, 'recurrence id') : null,
    summary: summary.text,
    description: description.text,
    descriptionTruncated: description.truncated,
    location: capped(text(event, 'location'), LOCATION_LIMIT).text,
    start,
    end: endOf(event, start, problems),
    duration: durationOf(event, start),
    allDay: start.kind === 'date',
    organizer: personOf(event.getFirstProperty('organizer')),
    attendees: attendees.slice(0, ATTENDEE_LIMIT).map(attendeeOf).filter((a): a is Attendee => a !== null),
    status: statusOf(text(event, 'status')),
    transparency: transparencyOf(text(event, 'transp')),
    sequence: sequenceOf(event, problems),
    recurrence: recurrenceOf(event, problems),
    updatedAt: isoOf(event.getFirstProperty('last-modified')) ?? isoOf(event.getFirstProperty('dtstamp')),
    createdBySteward: text(event, 'x-steward-created').trim() || null,
    lastStewardAction: text(event, 'x-steward-action').trim() || null,
    problems,
  };
  return { item };
}

function groupByUid(items: readonly EventItem[], ref: ObjectRef, definitions: Readonly<Record<string, string>>, raw: string, problems: EventProblem[]): CalendarObject[] {
  const byUid = new Map<string, EventItem[]>();
  for (const item of items) {
    const list = byUid.get(item.uid) ?? [];
    list.push(item);
    byUid.set(item.uid, list);
  }
  const objects: CalendarObject[] = [];
  for (const [uid, group] of byUid) {
    const objectProblems: string[] = [];
    const masters = group.filter((item) => item.recurrenceId === null);
    if (masters.length > 1) objectProblems.push(`${masters.length} copies of the event share the UID ${uid}; Steward shows the first.`);
    let overrides = group.filter((item) => item.recurrenceId !== null);
    if (overrides.length > MAX_OVERRIDES) {
      objectProblems.push(`The event has ${overrides.length} changed occurrences; Steward keeps the first ${MAX_OVERRIDES}.`);
      overrides = overrides.slice(0, MAX_OVERRIDES);
    }
    const usedZones = new Set(group.flatMap((item) => [item.start, item.end, item.recurrenceId]).flatMap((time) => (time?.kind === 'zoned' ? [time.tzid] : [])));
    const timeZones = Object.fromEntries(Object.entries(definitions).filter(([tzid]) => usedZones.has(tzid)));
    objects.push({ calendarId: ref.calendarId, href: ref.href, etag: ref.etag, uid, master: masters[0] ?? null, overrides, timeZones, problems: objectProblems, raw });
    for (const reason of objectProblems) problems.push({ uid, summary: masters[0]?.summary ?? null, reason });
  }
  return objects;
}

// --- Property readers ----------------------------------------------------------------------------

function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  if (value === null || value === undefined) return '';
  // Control characters other than tab and newline have no place in what a user reads.
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

function capped(value: string, limit: number): { text: string; truncated: boolean } {
  return value.length > limit ? { text: value.slice(0, limit), truncated: true } : { text: value.trim(), truncated: false };
}

/**
 * ical.js rolls impossible dates over (2024-13-45 becomes a day in 2025) rather than refusing
 * them, so the text as written (the jCal value) is checked before the parsed time is trusted.
 */
function isRealDateText(value: unknown): boolean {
  if (Array.isArray(value)) return isRealDateText(value[0]); // a PERIOD: its start
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z?)?$/.exec(value);
  if (!match) return false;
  const [y, mo, d, h, mi, sec] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && sec <= 60;
}

/** The values of a property as written, before ical.js interprets them. */
function rawValues(property: ICAL.Property): unknown[] {
  return (property.toJSON() as unknown[]).slice(3);
}

function isValidTime(time: ICAL.Time): boolean {
  const fields = [time.year, time.month, time.day, time.hour, time.minute, time.second];
  if (!fields.every((n) => Number.isInteger(n))) return false;
  return time.year >= 1000 && time.year <= 9999 && time.month >= 1 && time.month <= 12 && time.day >= 1 && time.day <= 31 && time.hour <= 23 && time.minute <= 59 && time.second <= 60;
}

/** An EventTime from a DTSTART-like property, or null (with a problem) when it is unusable. */
export function timeOf(property: ICAL.Property, problems: string[], what: string): EventTime | null {
  let value: unknown;
  try {
    value = property.getFirstValue();
  } catch (error) {
    problems.push(`The ${what} time could not be read (${messageOf(error)}).`);
    return null;
  }
  if (value instanceof ical().Period) value = value.start;
  if (!(value instanceof ical().Time) || !isValidTime(value) || !isRealDateText(rawValues(property)[0])) {
    problems.push(`The ${what} time ${JSON.stringify(String(rawValues(property)[0])).slice(0, 60)} is not a valid date.`);
    return null;
  }
  return eventTimeFromIcal(value, firstParameter(property, 'tzid'));
}

function eventTimeFromIcal(value: ICAL.Time, tzid: string | null): EventTime {
  if (value.isDate) return { kind: 'date', date: formatDate(value.year, value.month, value.day) };
  const local = formatWall(value);
  if (value.zone === ical().Timezone.utcTimezone || (tzid !== null && /^(UTC|Z|GMT|Etc\/UTC|Etc\/GMT)$/i.test(tzid))) {
    return { kind: 'utc', iso: `${local}Z` };
  }
  if (tzid) return { kind: 'zoned', local, tzid };
  return { kind: 'floating', local };
}

/** DURATION split into calendar days and exact seconds, when the event uses it instead of DTEND. */
function durationOf(event: ICAL.Component, start: EventTime): EventItem['duration'] {
  if (event.getFirstProperty('dtend')) return null;
  const value = event.getFirstPropertyValue('duration');
  if (!(value instanceof ical().Duration) || value.isNegative) return null;
  const days = value.weeks * 7 + value.days;
  const seconds = value.hours * 3600 + value.minutes * 60 + value.seconds;
  if (!Number.isFinite(days + seconds)) return null;
  return start.kind === 'date' ? { days: Math.max(1, days + Math.round(seconds / 86_400)), seconds: 0 } : { days, seconds };
}

function endOf(event: ICAL.Component, start: EventTime, problems: string[]): EventTime {
  const endProperty = event.getFirstProperty('dtend');
  if (endProperty) {
    const end = timeOf(endProperty, problems, 'end');
    if (end && (end.kind === 'date') === (start.kind === 'date')) return end;
    if (end) problems.push('The end time is of another kind than the start (a date against a time); the default length is used.');
  }
  const durationValue = event.getFirstPropertyValue('duration');
  if (durationValue instanceof ical().Duration) {
    const seconds = durationValue.toSeconds();
    if (Number.isFinite(seconds) && seconds >= 0) return shift(start, seconds);
    problems.push('The duration is negative; the default length is used.');
  }
  // RFC 5545: a date lasts the day; a date-time without an end lasts no time.
  return start.kind === 'date' ? { kind: 'date', date: addDays(start.date, 1) } : start;
}

/** An EventTime moved by a duration (nominal days for dates, wall-clock seconds otherwise). */
function shift(time: EventTime, seconds: number): EventTime {
  if (time.kind === 'date') return { kind: 'date', date: addDays(time.date, Math.max(1, Math.round(seconds / 86_400))) };
  const wall = parseWall(time.kind === 'utc' ? time.iso : time.local);
  const moved = new Date(wallMs(wall) + seconds * 1000);
  const local = formatWall({
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
    hour: moved.getUTCHours(),
    minute: moved.getUTCMinutes(),
    second: moved.getUTCSeconds(),
  });
  return time.kind === 'utc' ? { kind: 'utc', iso: `${local}Z` } : time.kind === 'zoned' ? { ...time, local } : { kind: 'floating', local };
}

function recurrenceOf(event: ICAL.Component, problems: string[]): EventItem['recurrence'] {
  const rules: string[] = [];
  for (const property of event.getAllProperties('rrule')) {
    try {
      const value = property.getFirstValue();
      if (value instanceof ical().Recur) rules.push(value.toString());
    } catch (error) {
      problems.push(`A repeat rule could not be read (${messageOf(error)}); only the first occurrence is shown.`);
    }
  }
  const rdates = datesOf(event, 'rdate', problems);
  const exdates = datesOf(event, 'exdate', problems);
  if (rules.length === 0 && rdates.length === 0) {
    if (exdates.length > 0) problems.push('The event lists excluded dates but does not repeat; they are ignored.');
    return null;
  }
  return { rules, rdates, exdates };
}

function datesOf(event: ICAL.Component, name: 'rdate' | 'exdate', problems: string[]): EventTime[] {
  const out: EventTime[] = [];
  let bad = 0;
  for (const property of event.getAllProperties(name)) {
    const tzid = firstParameter(property, 'tzid');
    let values: unknown[];
    try {
      values = property.getValues();
    } catch {
      bad++;
      continue;
    }
    const written = rawValues(property);
    for (const [index, each] of values.entries()) {
      const value: unknown = each instanceof ical().Period ? each.start : each;
      if (value instanceof ical().Time && isValidTime(value) && isRealDateText(written[index])) out.push(eventTimeFromIcal(value, tzid));
      else bad++;
      if (out.length >= MAX_RECURRENCE_DATES) break;
    }
  }
  if (bad > 0) problems.push(`${bad} ${name === 'rdate' ? 'extra' : 'excluded'} date(s) could not be read and were ignored.`);
  if (out.length >= MAX_RECURRENCE_DATES) problems.push(`Only the first ${MAX_RECURRENCE_DATES} ${name === 'rdate' ? 'extra' : 'excluded'} dates are used.`);
  return out;
}

function sequenceOf(event: ICAL.Component, problems: string[]): number {
  const value = event.getFirstPropertyValue('sequence');
  if (value === null || value === undefined) return 0;
  const sequence = Number(value);
  if (Number.isInteger(sequence) && sequence >= 0) return sequence;
  problems.push(`The SEQUENCE ${JSON.stringify(String(value)).slice(0, 20)} is not a number; 0 is assumed.`);
  return 0;
}

function isoOf(property: ICAL.Property | null): string | null {
  if (!property) return null;
  try {
    const value = property.getFirstValue();
    if (!(value instanceof ical().Time) || !isValidTime(value) || value.isDate || !isRealDateText(rawValues(property)[0])) return null;
    return `${formatWall(value)}Z`;
  } catch {
    return null;
  }
}

export function firstParameter(property: ICAL.Property, name: string): string | null {
  const value: unknown = property.getParameter(name);
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
}

/** "mailto:Ana@Example.org" → "ana@example.org"; other URIs as they are, lower-cased. */
export function addressOf(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.trim().replace(/^mailto:/i, '').toLowerCase();
}

export function personOf(property: ICAL.Property | null): EventPerson | null {
  if (!property) return null;
  const email = addressOf(property.getFirstValue());
  const name = firstParameter(property, 'cn') ?? '';
  return email || name ? { email, name: name.slice(0, SUMMARY_LIMIT) } : null;
}

const PARTSTATS: Readonly<Record<string, PartStat>> = {
  'NEEDS-ACTION': 'needs-action',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  DELEGATED: 'delegated',
};

const ROLES: Readonly<Record<string, AttendeeRole>> = {
  CHAIR: 'chair',
  'REQ-PARTICIPANT': 'required',
  'OPT-PARTICIPANT': 'optional',
  'NON-PARTICIPANT': 'non-participant',
};

export function attendeeOf(property: ICAL.Property): Attendee | null {
  const person = personOf(property);
  if (!person) return null;
  const partstat = (firstParameter(property, 'partstat') ?? 'NEEDS-ACTION').toUpperCase();
  const cutype = (firstParameter(property, 'cutype') ?? 'INDIVIDUAL').toUpperCase();
  return {
    ...person,
    partstat: PARTSTATS[partstat] ?? 'other',
    role: ROLES[(firstParameter(property, 'role') ?? 'REQ-PARTICIPANT').toUpperCase()] ?? 'required',
    rsvp: (firstParameter(property, 'rsvp') ?? '').toUpperCase() === 'TRUE',
    isResource: cutype === 'ROOM' || cutype === 'RESOURCE',
  };
}

function statusOf(value: string): EventStatus | null {
  switch (value.trim().toUpperCase()) {
    case 'CONFIRMED':
      return 'confirmed';
    case 'TENTATIVE':
      return 'tentative';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return null;
  }
}

function transparencyOf(value: string): EventItem['transparency'] {
  const upper = value.trim().toUpperCase();
  return upper === 'TRANSPARENT' ? 'transparent' : upper === 'OPAQUE' ? 'opaque' : null;
}

// --- Words ---------------------------------------------------------------------------------------

function guessIdentity(lines: readonly string[]): { uid: string | null; summary: string | null } {
  const find = (name: string) => {
    const line = lines.find((l) => l.toUpperCase().startsWith(`${name}:`) || l.toUpperCase().startsWith(`${name};`));
    return line ? line.slice(line.indexOf(':') + 1).trim().slice(0, SUMMARY_LIMIT) || null : null;
  };
  return { uid: find('UID'), summary: find('SUMMARY') };
}

function propertyName(line: string): string {
  return /^[A-Za-z0-9-]+/.exec(line)?.[0]?.toUpperCase() ?? 'malformed';
}

function describeDropped(dropped: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const what of dropped) counts.set(what, (counts.get(what) ?? 0) + 1);
  return [...counts].map(([what, count]) => (count > 1 ? `${what} (${count} times)` : what)).join(', ');
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
