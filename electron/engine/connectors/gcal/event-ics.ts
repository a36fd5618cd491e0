/**
 * Google Calendar events to iCalendar text, so that they are stored, expanded and reasoned about
 * by the same event kind as CalDAV objects (items/event parses the text: caps, zones, problems).
 * One resource is a series: its master and its changed or cancelled instances, which Google sends
 * as separate events linked by recurringEventId and originalStartTime. A changed instance becomes
 * an override (RECURRENCE-ID); a cancelled one an EXDATE on the master; a cancelled master, or a
 * series of which nothing but cancellations is left, no text at all (the resource is gone).
 *
 * Pure: no I/O, no clock.
 */
import type ICAL from 'ical.js';
import { ical } from '../../items/event/ical-module.js';
import { formatWall, isKnownZone, utcToWall } from '../../items/event/zones.js';
import { STEWARD_CREATED_KEY, type GoogleAttendee, type GoogleEvent, type GoogleEventTime } from './google-event.js';

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const PARTSTATS: Readonly<Record<string, string>> = { needsAction: 'NEEDS-ACTION', accepted: 'ACCEPTED', declined: 'DECLINED', tentative: 'TENTATIVE' };

/** The series' events as one VCALENDAR, or null when nothing of it is left to show. */
export function googleSeriesToIcs(seriesId: string, events: readonly GoogleEvent[]): string | null {
  const master = events.find((event) => event.id === seriesId && !event.recurringEventId) ?? null;
  if (master?.status === 'cancelled') return null;
  const instances = events.filter((event) => event !== master && event.recurringEventId === seriesId);
  const changed = instances.filter((event) => event.status !== 'cancelled' && event.originalStartTime);
  if (!master && changed.length === 0) return null;

  const calendar = new (ical().Component)('vcalendar');
  calendar.addPropertyWithValue('prodid', '-//Steward//Google Calendar//EN');
  calendar.addPropertyWithValue('version', '2.0');
  const uid = master?.iCalUID ?? changed[0]?.iCalUID ?? seriesId;
  if (master) {
    const vevent = veventOf(master, uid);
    for (const line of master.recurrence ?? []) addLine(vevent, line);
    for (const cancelled of instances.filter((event) => event.status === 'cancelled' && event.originalStartTime)) {
      addTime(vevent, 'exdate', cancelled.originalStartTime as GoogleEventTime, master.start?.timeZone ?? null);
    }
    calendar.addSubcomponent(vevent);
  }
  for (const instance of changed) {
    const vevent = veventOf(instance, uid);
    addTime(vevent, 'recurrence-id', instance.originalStartTime as GoogleEventTime, master?.start?.timeZone ?? instance.start?.timeZone ?? null);
    calendar.addSubcomponent(vevent);
  }
  return calendar.toString() + '\r\n';
}

function veventOf(event: GoogleEvent, uid: string): ICAL.Component {
  const vevent = new (ical().Component)('vevent');
  vevent.addPropertyWithValue('uid', uid);
  if (event.updated) vevent.addPropertyWithValue('last-modified', ical().Time.fromJSDate(new Date(event.updated), true));
  if (event.start) addTime(vevent, 'dtstart', event.start, null);
  if (event.end && !event.endTimeUnspecified) addTime(vevent, 'dtend', event.end, event.start?.timeZone ?? null);
  if (event.summary) vevent.addPropertyWithValue('summary', event.summary);
  if (event.description) vevent.addPropertyWithValue('description', event.description);
  if (event.location) vevent.addPropertyWithValue('location', event.location);
  if (event.status === 'confirmed' || event.status === 'tentative') vevent.addPropertyWithValue('status', event.status.toUpperCase());
  vevent.addPropertyWithValue('transp', event.transparency === 'transparent' ? 'TRANSPARENT' : 'OPAQUE');
  vevent.addPropertyWithValue('sequence', event.sequence ?? 0);
  // Google names the organiser on the event; an attendee marked organiser says the same.
  const organizerOf = event.organizer?.email ? event.organizer : (event.attendees ?? []).find((attendee) => attendee.organizer && attendee.email);
  if (organizerOf?.email) {
    const organizer = vevent.addPropertyWithValue('organizer', `mailto:${organizerOf.email}`);
    if (organizerOf.displayName) organizer.setParameter('cn', organizerOf.displayName);
  }
  for (const attendee of event.attendees ?? []) addAttendee(vevent, attendee);
  const created = event.extendedProperties?.private?.[STEWARD_CREATED_KEY];
  if (created) vevent.addPropertyWithValue('x-steward-created', created);
  return vevent;
}

function addAttendee(vevent: ICAL.Component, attendee: GoogleAttendee): void {
  if (!attendee.email) return;
  const property = vevent.addPropertyWithValue('attendee', `mailto:${attendee.email}`);
  if (attendee.displayName) property.setParameter('cn', attendee.displayName);
  property.setParameter('partstat', PARTSTATS[attendee.responseStatus ?? 'needsAction'] ?? 'NEEDS-ACTION');
  property.setParameter('role', attendee.organizer ? 'CHAIR' : attendee.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT');
  if (attendee.resource) property.setParameter('cutype', 'RESOURCE');
  // Google asks every guest who has not answered; the organiser answers nothing.
  if (!attendee.organizer && (attendee.responseStatus ?? 'needsAction') === 'needsAction') property.setParameter('rsvp', 'TRUE');
}

/**
 * A Google time as an iCalendar one. A dateTime is an instant with an offset; with a zone (its
 * own, else the series') it is written as the wall time there, so a weekly 10:00 stays at 10:00
 * across a DST change, as on Google.
 */
function addTime(vevent: ICAL.Component, name: string, time: GoogleEventTime, fallbackZone: string | null): void {
  if (time.date) {
    const property = vevent.addPropertyWithValue(name, ical().Time.fromDateString(time.date));
    property.setParameter('value', 'DATE');
    return;
  }
  if (!time.dateTime) return;
  const zone = time.timeZone ?? fallbackZone;
  const known = zone !== null && isKnownZone(zone);
  if (!HAS_OFFSET.test(time.dateTime)) {
    // A wall time without an offset: in its zone if it names one Steward knows, else floating.
    const property = vevent.addPropertyWithValue(name, ical().Time.fromDateTimeString(time.dateTime.slice(0, 19)));
    if (known) property.setParameter('tzid', zone);
    return;
  }
  const ms = Date.parse(time.dateTime);
  if (Number.isNaN(ms)) return;
  if (zone && known) {
    const property = vevent.addPropertyWithValue(name, ical().Time.fromDateTimeString(formatWall(utcToWall(ms, zone))));
    property.setParameter('tzid', zone);
    return;
  }
  vevent.addPropertyWithValue(name, ical().Time.fromJSDate(new Date(ms), true));
}

/** A recurrence line as Google sends it ("RRULE:FREQ=WEEKLY;BYDAY=TU", "EXDATE;TZID=…:…"). */
function addLine(vevent: ICAL.Component, line: string): void {
  try {
    vevent.addProperty(ical().Property.fromString(line.trim()));
  } catch {
    // A line ical.js cannot read: the event shows without it rather than not at all.
  }
}
