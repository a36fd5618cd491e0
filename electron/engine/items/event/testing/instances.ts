/** EventInstances for tests of the pure calendar reasoning, without ICS. */
import type { Attendee, EventInstance, EventItem, PartStat } from '../event-item.js';

export const ME = 'emma@example.test';

export interface InstanceSpec {
  readonly summary: string;
  /** "2024-05-15T09:00" (UTC) or "2024-05-15" for all-day. */
  readonly start: string;
  readonly end: string;
  readonly uid?: string;
  readonly my?: PartStat;
  readonly others?: readonly string[];
  readonly organizer?: string;
  readonly transparency?: EventItem['transparency'];
  readonly status?: EventItem['status'];
}

export function instance(spec: InstanceSpec): EventInstance {
  const allDay = spec.start.length === 10;
  const startMs = Date.parse(allDay ? `${spec.start}T00:00:00Z` : `${spec.start}:00Z`);
  const endMs = Date.parse(allDay ? `${spec.end}T00:00:00Z` : `${spec.end}:00Z`);
  const attendees: Attendee[] = [
    ...(spec.my ? [{ email: ME, name: 'Emma', partstat: spec.my, role: 'required' as const, rsvp: true, isResource: false }] : []),
    ...(spec.others ?? []).map((email) => ({ email, name: '', partstat: 'accepted' as const, role: 'required' as const, rsvp: false, isResource: false })),
  ];
  const uid = spec.uid ?? spec.summary.toLowerCase().replace(/\W+/g, '-');
  const item: EventItem = {
    uid,
    recurrenceId: null,
    summary: spec.summary,
    description: '',
    descriptionTruncated: false,
    location: '',
    start: allDay ? { kind: 'date', date: spec.start } : { kind: 'utc', iso: `${spec.start}:00Z` },
    end: allDay ? { kind: 'date', date: spec.end } : { kind: 'utc', iso: `${spec.end}:00Z` },
    duration: null,
    allDay,
    organizer: spec.organizer ? { email: spec.organizer, name: '' } : null,
    attendees,
    status: spec.status ?? null,
    transparency: spec.transparency ?? null,
    sequence: 0,
    recurrence: null,
    updatedAt: null,
    createdBySteward: null,
    lastStewardAction: null,
    problems: [],
  };
  return {
    key: `cal|${uid}|${spec.start}`,
    calendarId: 'cal',
    href: `cal/${uid}.ics`,
    uid,
    occurrence: null,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    allDay,
    startDate: allDay ? spec.start : null,
    endDate: allDay ? spec.end : null,
    item,
  };
}
