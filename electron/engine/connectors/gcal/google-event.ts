/**
 * The parts of a Google Calendar event (Events resource, v3) that Steward reads, as the API sends
 * them in JSON. Every field is optional: Google leaves out what is not set, and a cancelled
 * instance in an incremental sync carries little more than its id.
 */
export interface GoogleEventTime {
  /** An all-day date, "YYYY-MM-DD". */
  readonly date?: string | null;
  /** RFC 3339 with an offset, "2024-05-16T10:00:00+02:00". */
  readonly dateTime?: string | null;
  /** The IANA zone the time was written in; for recurring events, the zone the rule repeats in. */
  readonly timeZone?: string | null;
}

export interface GoogleAttendee {
  readonly email?: string | null;
  readonly displayName?: string | null;
  readonly responseStatus?: string | null;
  readonly optional?: boolean | null;
  readonly resource?: boolean | null;
  readonly organizer?: boolean | null;
  /** This entry is the signed-in user. */
  readonly self?: boolean | null;
}

export interface GoogleEvent {
  readonly id?: string | null;
  readonly iCalUID?: string | null;
  readonly etag?: string | null;
  readonly status?: string | null;
  readonly summary?: string | null;
  readonly description?: string | null;
  readonly location?: string | null;
  readonly start?: GoogleEventTime | null;
  readonly end?: GoogleEventTime | null;
  readonly endTimeUnspecified?: boolean | null;
  /** RRULE, EXRULE, RDATE and EXDATE lines as in RFC 5545. */
  readonly recurrence?: readonly string[] | null;
  /** Set on an instance of a recurring event: the id of its series. */
  readonly recurringEventId?: string | null;
  /** With recurringEventId: when the instance would have started by the rule. */
  readonly originalStartTime?: GoogleEventTime | null;
  readonly transparency?: string | null;
  readonly sequence?: number | null;
  readonly updated?: string | null;
  readonly organizer?: { readonly email?: string | null; readonly displayName?: string | null; readonly self?: boolean | null } | null;
  readonly attendees?: readonly GoogleAttendee[] | null;
  readonly extendedProperties?: { readonly private?: Readonly<Record<string, string>> | null; readonly shared?: Readonly<Record<string, string>> | null } | null;
}

/** The private extended property Steward sets on events it creates: undo deletes only these. */
export const STEWARD_CREATED_KEY = 'stewardCreated';

/** The private extended property naming the action that last changed an event: a retry finds its own write. */
export const STEWARD_ACTION_KEY = 'stewardAction';

/** The series (or single event) an event belongs to: what Steward stores it under. */
export function seriesIdOf(event: GoogleEvent): string {
  return event.recurringEventId ?? event.id ?? '';
}
