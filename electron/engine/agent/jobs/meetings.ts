/**
 * The hook for calendars: a MeetingSource tells the agent which meetings with other people are
 * coming and what an event says. The calendar connector provides one over its event items; until
 * then there is none, and no meeting brief is ever made (nothing is polled either). A meeting
 * can also be handed over directly (AgentService.prepareMeeting), e.g. from an event trigger.
 */
import type { UntrustedItem } from '../prompt/untrusted-data.js';

export interface UpcomingMeeting {
  /** The event item (items.id). */
  readonly eventItemId: string;
  readonly accountId: string;
  readonly title: string;
  /** ISO. */
  readonly startsAt: string;
  /** The other people's addresses (the user's own left out). */
  readonly attendees: readonly string[];
}

export interface MeetingSource {
  /** Meetings with other people that start in [from, to). */
  startingBetween(from: Date, to: Date): readonly UpcomingMeeting[];
  /** The event as data for the model: title, time, place, description, attendees. Null when it is gone. */
  eventData(eventItemId: string): UntrustedItem | null;
}
