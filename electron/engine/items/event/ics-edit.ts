/**
 * The changes Steward makes to calendar objects, as pure functions from ICS text to ICS text
 * (ical.js keeps every property it does not touch, so nothing another app stored is lost).
 * Every change stamps the VEVENT with X-STEWARD-ACTION: the action that wrote it, which is how a
 * retried write recognises that it already happened. Events Steward creates also carry
 * X-STEWARD-CREATED, and only those may ever be deleted (by undoing their creation).
 *
 * Each function refuses in words (an ApiError) what it must not do: change an event it cannot
 * read, answer for someone who is not invited, cancel an event someone else organises.
 */
import type ICAL from 'ical.js';
import { ical, parseComponent } from './ical-module.js';
import { ApiError } from '@shared/api/errors.js';
import { type EventPerson, type EventStatus, type EventTime, type PartStat } from './event-item.js';
import { addressOf, firstParameter, personOf } from './ics-parse.js';

export const STEWARD_ACTION_PROPERTY = 'x-steward-action';
export const STEWARD_CREATED_PROPERTY = 'x-steward-created';

export interface NewEventSpec {
  readonly summary: string;
  readonly start: EventTime;
  readonly end: EventTime;
  readonly description?: string;
  readonly location?: string;
  /** Tentative unless the user chose otherwise: Steward proposes, the user confirms. */
  readonly status?: EventStatus;
  /** Focus blocks are busy; a reminder might be free. */
  readonly transparency?: 'opaque' | 'transparent';
}

/** A new event, with no attendees: creating one never invites anybody. */
export function newEventIcs(uid: string, spec: NewEventSpec, actionId: string, now: Date): string {
  if (spec.start.kind === 'date' ? spec.end.kind !== 'date' : spec.end.kind === 'date') {
    throw new ApiError('invalid_input', 'The event must start and end with the same kind of time (both dates, or both times of day).');
  }
  const calendar = new (ical().Component)('vcalendar');
  calendar.addPropertyWithValue('prodid', '-//Steward//Steward calendar//EN');
  calendar.addPropertyWithValue('version', '2.0');
  const vevent = new (ical().Component)('vevent');
  vevent.addPropertyWithValue('uid', uid);
  vevent.addPropertyWithValue('dtstamp', utc(now));
  vevent.addPropertyWithValue('created', utc(now));
  vevent.addPropertyWithValue('last-modified', utc(now));
  setTime(vevent, 'dtstart', spec.start);
  setTime(vevent, 'dtend', spec.end);
  vevent.addPropertyWithValue('summary', spec.summary);
  if (spec.description) vevent.addPropertyWithValue('description', spec.description);
  if (spec.location) vevent.addPropertyWithValue('location', spec.location);
  vevent.addPropertyWithValue('status', (spec.status ?? 'tentative').toUpperCase());
  vevent.addPropertyWithValue('transp', (spec.transparency ?? 'opaque').toUpperCase());
  vevent.addPropertyWithValue('sequence', 0);
  vevent.addPropertyWithValue(STEWARD_CREATED_PROPERTY, actionId);
  vevent.addPropertyWithValue(STEWARD_ACTION_PROPERTY, actionId);
  calendar.addSubcomponent(vevent);
  return calendar.toString() + '\r\n';
}

export interface EventChanges {
  readonly summary?: string;
  readonly start?: EventTime;
  readonly end?: EventTime;
  readonly location?: string;
  readonly description?: string;
  readonly status?: EventStatus;
}

/**
 * Changes a single event or a whole series (its master). Events with other attendees are
 * refused: changing them means telling the attendees, which is not a reversible act.
 */
export function applyChanges(raw: string, changes: EventChanges, self: ReadonlySet<string>, actionId: string, now: Date): string {
  const { calendar, master } = readForWrite(raw);
  const others = master.getAllProperties('attendee').filter((attendee) => !self.has(addressOf(attendee.getFirstValue())));
  if (others.length > 0) {
    throw new ApiError('invalid_input', `"${summaryOf(master)}" has other attendees; changing it would mean telling them, which this change does not do. Nothing was changed.`);
  }
  if (changes.summary !== undefined) master.updatePropertyWithValue('summary', changes.summary);
  if (changes.location !== undefined) master.updatePropertyWithValue('location', changes.location);
  if (changes.description !== undefined) master.updatePropertyWithValue('description', changes.description);
  if (changes.status !== undefined) master.updatePropertyWithValue('status', changes.status.toUpperCase());
  if (changes.start !== undefined) setTime(master, 'dtstart', changes.start);
  if (changes.end !== undefined) {
    master.removeAllProperties('duration');
    setTime(master, 'dtend', changes.end);
  }
  if (changes.start !== undefined || changes.end !== undefined) bumpSequence(master);
  stamp(master, actionId, now);
  return calendar.toString() + '\r\n';
}

/**
 * Sets the user's own PARTSTAT on the event (or on the changed occurrence it names). Returns the
 * new text and the answer it replaces, for undo.
 */
export function setOwnAnswer(
  raw: string,
  self: ReadonlySet<string>,
  answer: PartStat,
  recurrenceId: EventTime | null,
  actionId: string,
  now: Date,
): { ics: string; previous: PartStat; attendee: EventPerson; organizer: EventPerson | null } {
  const { calendar, master, overrides } = readForWrite(raw, recurrenceId !== null);
  const target = recurrenceId === null ? master : overrides.find((override) => sameTime(override, recurrenceId));
  if (!target) {
    throw new ApiError('invalid_input', 'Steward can answer for a whole series or for an occurrence the organiser changed, not yet for one ordinary occurrence. Nothing was changed.');
  }
  const organizer = personOf(target.getFirstProperty('organizer'));
  if (organizer && self.has(organizer.email)) {
    throw new ApiError('invalid_input', `You organise "${summaryOf(target)}"; there is no invitation to answer.`);
  }
  const mine = target.getAllProperties('attendee').find((attendee) => self.has(addressOf(attendee.getFirstValue())));
  if (!mine) {
    throw new ApiError('invalid_input', `You are not among the attendees of "${summaryOf(target)}", so there is nothing to answer.`);
  }
  const previous = toPartStat(firstParameter(mine, 'partstat'));
  mine.setParameter('partstat', answer.toUpperCase());
  mine.removeParameter('rsvp');
  stamp(target, actionId, now);
  const attendee = { email: addressOf(mine.getFirstValue()), name: firstParameter(mine, 'cn') ?? '' };
  return { ics: calendar.toString() + '\r\n', previous, attendee, organizer };
}

/**
 * An invitation from the mail made into a calendar object, with the user's answer on it: what
 * answering does when the calendar server did not put the invitation in the calendar itself
 * (servers without scheduling). METHOD goes (RFC 4791: stored objects have none).
 */
export function storedInvitation(
  invitationIcs: string,
  self: ReadonlySet<string>,
  answer: PartStat,
  recurrenceId: EventTime | null,
  actionId: string,
  now: Date,
): ReturnType<typeof setOwnAnswer> {
  let calendar: ICAL.Component;
  try {
    calendar = parseComponent(invitationIcs);
  } catch (error) {
    throw new ApiError('invalid_input', `The invitation could not be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  calendar.removeAllProperties('method');
  return setOwnAnswer(calendar.toString(), self, answer, recurrenceId, actionId, now);
}

/**
 * Marks an event the user organises as cancelled (RFC 5546: STATUS:CANCELLED and a higher
 * SEQUENCE, so attendees' calendars take it as the newer version). Nothing is deleted.
 */
export function markCancelled(raw: string, self: ReadonlySet<string>, actionId: string, now: Date): string {
  const { calendar, master, overrides } = readForWrite(raw);
  const organizer = personOf(master.getFirstProperty('organizer'));
  const attendees = master.getAllProperties('attendee').map((a) => personOf(a)).filter((p): p is EventPerson => p !== null);
  const othersInvited = attendees.some((a) => !self.has(a.email));
  if (othersInvited ? !organizer || !self.has(organizer.email) : organizer !== null && !self.has(organizer.email)) {
    throw new ApiError('invalid_input', `Only the organiser can cancel "${summaryOf(master)}"${organizer ? ` (${organizer.name || organizer.email})` : ''}; you can decline it instead.`);
  }
  for (const vevent of [master, ...overrides]) {
    vevent.updatePropertyWithValue('status', 'CANCELLED');
    bumpSequence(vevent);
    stamp(vevent, actionId, now);
  }
  return calendar.toString() + '\r\n';
}

/**
 * The version from before a Steward change, put back by undo: marked `undo:<action>` so that a
 * retried undo recognises itself, and with a SEQUENCE above the one it replaces so that
 * attendees' calendars take it as newer.
 */
export function restoredVersion(previous: string, current: string, actionId: string, now: Date): string {
  const { calendar, master, overrides } = readForWrite(previous);
  const currentSequence = sequenceOf(readForWrite(current).master);
  for (const vevent of [master, ...overrides]) {
    if (sequenceOf(vevent) <= currentSequence && current !== previous) vevent.updatePropertyWithValue('sequence', currentSequence + 1);
    stamp(vevent, `undo:${actionId}`, now);
  }
  return calendar.toString() + '\r\n';
}

/** Which Steward action last wrote the object, and which created it (null when none). */
export function stewardMarks(raw: string): { lastAction: string | null; createdBy: string | null } {
  try {
    const { master } = readForWrite(raw);
    const text = (name: string) => {
      const value: unknown = master.getFirstPropertyValue(name);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    };
    return { lastAction: text(STEWARD_ACTION_PROPERTY), createdBy: text(STEWARD_CREATED_PROPERTY) };
  } catch {
    return { lastAction: null, createdBy: null };
  }
}

/** Is the user the organiser (or the only person) of this event? */
export function organisedBy(raw: string, self: ReadonlySet<string>): boolean {
  const { master } = readForWrite(raw);
  const organizer = personOf(master.getFirstProperty('organizer'));
  return organizer === null ? true : self.has(organizer.email);
}

/** The people to tell about a change of an event the user organises: every attendee but the user. */
export function attendeesToNotify(raw: string, self: ReadonlySet<string>): EventPerson[] {
  const { master } = readForWrite(raw);
  return master
    .getAllProperties('attendee')
    .map((a) => personOf(a))
    .filter((p): p is EventPerson => p !== null && p.email !== '' && !self.has(p.email));
}

// --- Helpers -------------------------------------------------------------------------------------

interface Editable {
  readonly calendar: ICAL.Component;
  readonly master: ICAL.Component;
  readonly overrides: ICAL.Component[];
}

/** The object as a tree ical.js can write back, or a refusal: Steward never rewrites what it cannot read. */
function readForWrite(raw: string, allowNoMaster = false): Editable {
  let calendar: ICAL.Component;
  try {
    calendar = parseComponent(raw);
  } catch (error) {
    throw new ApiError('invalid_input', `The event on the server could not be read (${error instanceof Error ? error.message : String(error)}), so Steward will not change it.`);
  }
  const events = calendar.getAllSubcomponents('vevent');
  const uids = new Set(events.map((vevent) => String(vevent.getFirstPropertyValue('uid') ?? '')));
  if (events.length === 0 || uids.size !== 1) {
    throw new ApiError('invalid_input', 'The calendar object does not hold exactly one event, so Steward will not change it.');
  }
  const master = events.find((vevent) => !vevent.hasProperty('recurrence-id'));
  const overrides = events.filter((vevent) => vevent.hasProperty('recurrence-id'));
  if (!master && !allowNoMaster) throw new ApiError('invalid_input', 'The calendar object holds only changed occurrences of an event, so Steward will not change it.');
  return { calendar, master: master ?? (overrides[0] as ICAL.Component), overrides };
}

function stamp(vevent: ICAL.Component, actionId: string, now: Date): void {
  vevent.updatePropertyWithValue('dtstamp', utc(now));
  vevent.updatePropertyWithValue('last-modified', utc(now));
  vevent.updatePropertyWithValue(STEWARD_ACTION_PROPERTY, actionId);
}

function bumpSequence(vevent: ICAL.Component): void {
  vevent.updatePropertyWithValue('sequence', sequenceOf(vevent) + 1);
}

function sequenceOf(vevent: ICAL.Component): number {
  const value = Number(vevent.getFirstPropertyValue('sequence') ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

function summaryOf(vevent: ICAL.Component): string {
  const value: unknown = vevent.getFirstPropertyValue('summary');
  return typeof value === 'string' && value ? value : 'this event';
}

function sameTime(vevent: ICAL.Component, time: EventTime): boolean {
  const property = vevent.getFirstProperty('recurrence-id');
  if (!property) return false;
  const value = property.getFirstValue();
  if (!(value instanceof ical().Time)) return false;
  const local = value.toString().replace(/Z$/, '').slice(0, time.kind === 'date' ? 10 : 19);
  switch (time.kind) {
    case 'date':
      return value.isDate && local === time.date;
    case 'utc':
      return value.zone === ical().Timezone.utcTimezone && `${local}Z` === time.iso;
    case 'zoned':
      return firstParameter(property, 'tzid') === time.tzid && local === time.local;
    case 'floating':
      return local === time.local;
  }
}

const PARTSTATS: Readonly<Record<string, PartStat>> = { 'NEEDS-ACTION': 'needs-action', ACCEPTED: 'accepted', DECLINED: 'declined', TENTATIVE: 'tentative', DELEGATED: 'delegated' };

function toPartStat(value: string | null): PartStat {
  return PARTSTATS[(value ?? 'NEEDS-ACTION').toUpperCase()] ?? 'other';
}

function utc(date: Date): ICAL.Time {
  return ical().Time.fromJSDate(new Date(Math.floor(date.getTime() / 1000) * 1000), true);
}

/** Writes an EventTime back as a property, in the form it was read in. */
export function setTime(component: ICAL.Component, name: string, time: EventTime): ICAL.Property {
  component.removeAllProperties(name);
  const property = new (ical().Property)(name);
  switch (time.kind) {
    case 'date':
      property.resetType('date');
      property.setValue(ical().Time.fromDateString(time.date));
      break;
    case 'utc':
      property.setValue(ical().Time.fromDateTimeString(time.iso));
      break;
    case 'zoned':
      property.setValue(ical().Time.fromDateTimeString(time.local));
      property.setParameter('tzid', time.tzid);
      break;
    case 'floating':
      property.setValue(ical().Time.fromDateTimeString(time.local));
      break;
  }
  component.addProperty(property);
  return property;
}
