/**
 * A calendar event as the engine keeps it, whatever the source (CalDAV, Google Calendar): the
 * fields detectors, previews and writes need, in plain serialisable data. Times stay as they
 * were written (a wall time and its zone, a date, UTC) so that a weekly 10:00 in Berlin stays at
 * 10:00 across a DST change; expansion (expand.ts) turns them into instants for a window.
 *
 * Everything in here came from someone else's calendar or an invitation in the mail: the text
 * fields are untrusted and capped, never instructions.
 */
import { plural } from '@shared/text/plural.js';

/** How a time was written. Wall times are "YYYY-MM-DDTHH:mm:ss"; dates "YYYY-MM-DD". */
export type EventTime =
  /** An all-day date: the same calendar day wherever the user is. */
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'utc'; readonly iso: string }
  /** A wall time in a named zone (the TZID as written: IANA, a Windows name, or one the file defines). */
  | { readonly kind: 'zoned'; readonly local: string; readonly tzid: string }
  /** A wall time with no zone: it happens at that clock time wherever the user is (RFC 5545 "floating"). */
  | { readonly kind: 'floating'; readonly local: string };

export type PartStat = 'needs-action' | 'accepted' | 'declined' | 'tentative' | 'delegated' | 'other';

export type AttendeeRole = 'chair' | 'required' | 'optional' | 'non-participant';

export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

export interface EventPerson {
  /** Lower-cased address without "mailto:"; '' when the calendar gave none. */
  readonly email: string;
  readonly name: string;
}

export interface Attendee extends EventPerson {
  readonly partstat: PartStat;
  readonly role: AttendeeRole;
  /** The organiser asked for an answer. */
  readonly rsvp: boolean;
  /** A room or a resource rather than a person. */
  readonly isResource: boolean;
}

export interface Recurrence {
  /** RRULE values as written, e.g. "FREQ=WEEKLY;BYDAY=TU;UNTIL=20241231T235959Z". */
  readonly rules: readonly string[];
  readonly rdates: readonly EventTime[];
  readonly exdates: readonly EventTime[];
}

/** One VEVENT: the master of a series (or a single event), or an override of one occurrence. */
export interface EventItem {
  readonly uid: string;
  /** Set on an override: the original start of the occurrence it replaces. */
  readonly recurrenceId: EventTime | null;
  readonly summary: string;
  /** Untrusted text, capped at DESCRIPTION_LIMIT characters. */
  readonly description: string;
  readonly descriptionTruncated: boolean;
  readonly location: string;
  readonly start: EventTime;
  /** As written (DTEND), or the start moved by DURATION on the wall clock. */
  readonly end: EventTime;
  /**
   * Set when the event gave a DURATION instead of DTEND. Its days are calendar days and its
   * hours, minutes and seconds exact time (RFC 5545), which differ across a DST change.
   */
  readonly duration: { readonly days: number; readonly seconds: number } | null;
  readonly allDay: boolean;
  readonly organizer: EventPerson | null;
  readonly attendees: readonly Attendee[];
  /** null when the event does not say (most single-person events). */
  readonly status: EventStatus | null;
  /** null when the event does not say: RFC 5545 then means opaque (busy). */
  readonly transparency: 'opaque' | 'transparent' | null;
  readonly sequence: number;
  readonly recurrence: Recurrence | null;
  /** ISO time of LAST-MODIFIED (else DTSTAMP), or null. */
  readonly updatedAt: string | null;
  /** The Steward action that created this event (X-STEWARD-CREATED), or null: undo deletes only these. */
  readonly createdBySteward: string | null;
  /** The Steward action that last wrote it (X-STEWARD-ACTION): how a retried write knows it already happened. */
  readonly lastStewardAction: string | null;
  /** What was wrong with it and what Steward did about it, in words. */
  readonly problems: readonly string[];
}

/**
 * One resource on the server (a CalDAV object, a Google event with its instances): all the
 * VEVENTs that share a UID, the master and its overrides.
 */
export interface CalendarObject {
  /** The calendar it is in, as the connector names it (the CalDAV collection URL, a Google calendar id). */
  readonly calendarId: string;
  /** Where it lives (the object URL, or the Google event id). */
  readonly href: string;
  readonly etag: string | null;
  readonly uid: string;
  /** null when the resource holds only overrides (an invitation to a single occurrence). */
  readonly master: EventItem | null;
  readonly overrides: readonly EventItem[];
  /**
   * VTIMEZONE definitions (as ICS text) for TZIDs no IANA name matches, so that expansion works
   * from stored data without the original file.
   */
  readonly timeZones: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
  /** The resource as the server sent it: updates change it and keep whatever Steward does not understand. */
  readonly raw: string;
}

/** One occurrence in a window: what lists, free/busy and detectors look at. */
export interface EventInstance {
  /** Unique per occurrence: calendar, UID and occurrence. */
  readonly key: string;
  readonly calendarId: string;
  readonly href: string;
  readonly uid: string;
  /** For a recurring event, the original start of this occurrence (ISO UTC, or a date when all-day); null otherwise. */
  readonly occurrence: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** ISO UTC forms of startMs and endMs. */
  readonly start: string;
  readonly end: string;
  readonly allDay: boolean;
  /** For all-day occurrences: the first day and the day after the last (exclusive), "YYYY-MM-DD". */
  readonly startDate: string | null;
  readonly endDate: string | null;
  /** The VEVENT that supplies this occurrence's details: the master, or the override for it. */
  readonly item: EventItem;
}

/** A problem with an event or a file, for the list of what could not be shown and why. */
export interface EventProblem {
  readonly uid: string | null;
  readonly summary: string | null;
  readonly reason: string;
}

/** For an account's status: "2 problems reading events, e.g. "Team Sync": …", or null when none. */
export function describeEventProblems(problems: readonly EventProblem[]): string | null {
  const first = problems[0];
  if (!first) return null;
  const name = first.summary ? `"${first.summary}"` : first.uid ? `the event ${first.uid}` : 'an event';
  return `${plural(problems.length, 'problem')} reading events, e.g. ${name}: ${first.reason}`;
}

export const DESCRIPTION_LIMIT = 10_000;
export const SUMMARY_LIMIT = 500;
export const LOCATION_LIMIT = 1_000;
export const ATTENDEE_LIMIT = 500;

/** The address of the user among these people, matched case-insensitively. */
export function findSelf<T extends EventPerson>(people: readonly T[], self: ReadonlySet<string>): T | undefined {
  return people.find((person) => person.email !== '' && self.has(person.email));
}

/** Normalises a set of the user's addresses for findSelf and the reasoning functions. */
export function selfAddresses(addresses: Iterable<string>): ReadonlySet<string> {
  return new Set([...addresses].map((address) => address.trim().toLowerCase().replace(/^mailto:/, '')).filter(Boolean));
}
