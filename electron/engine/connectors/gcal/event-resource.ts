/**
 * One Google series as the event kind stores it: its iCalendar text (event-ics.ts) read by the
 * event kind's own parser, so that caps, zones and problems are the same as for CalDAV. The
 * resource's address (href) is the series id.
 */
import type { EventProblem } from '../../items/event/event-item.js';
import type { NewEventResource } from '../../items/event/event-kind.js';
import { parseIcs } from '../../items/event/ics-parse.js';
import { googleSeriesToIcs } from './event-ics.js';
import type { GoogleEvent } from './google-event.js';

export function seriesResource(calendarId: string, seriesId: string, events: readonly GoogleEvent[]): { resource: NewEventResource; problems: readonly EventProblem[] } {
  const ics = googleSeriesToIcs(seriesId, events);
  if (ics === null) return { resource: { calendarId, href: seriesId, objects: [] }, problems: [] };
  const etag = events.find((event) => event.id === seriesId)?.etag ?? null;
  const parsed = parseIcs(ics, { calendarId, href: seriesId, etag });
  return { resource: { calendarId, href: seriesId, objects: parsed.objects }, problems: parsed.problems };
}
