/**
 * The user's day as clients see it: coming events across calendars (`steward events`), and the
 * popover's "Next: Design review in 25 min". Event text came from other people's calendars and
 * invitations: untrusted, shown as text only.
 */

export type MyAnswer = 'needs-action' | 'accepted' | 'declined' | 'tentative' | 'delegated' | 'other';

export interface CalendarEventView {
  /** Unique per occurrence. */
  readonly key: string;
  /** Steward's id of the event item (the calendar resource). */
  readonly itemId: string | null;
  readonly accountId: string;
  /** The calendar's name as its address ends ("work"). */
  readonly calendar: string;
  readonly title: string;
  /** ISO UTC instants; all-day events also give their dates. */
  readonly start: string;
  readonly end: string;
  readonly allDay: boolean;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly location: string;
  readonly organizer: string | null;
  /** Other people invited (rooms left out). */
  readonly attendees: number;
  /** The user's answer, when they are an attendee. */
  readonly myAnswer: MyAnswer | null;
  readonly status: 'confirmed' | 'tentative' | 'cancelled' | null;
}

/** Where the user is in their day; null in EngineStatus when no calendar is connected. */
export interface DayStatus {
  /** The next timed event they have not declined. */
  readonly next: { readonly title: string; readonly start: string } | null;
  /** In a meeting now: when it (and what follows back to back) ends. */
  readonly inMeetingUntil: string | null;
}
