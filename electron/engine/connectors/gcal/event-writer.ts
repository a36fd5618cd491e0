/**
 * Steward's writes to Google Calendar, each checking its ticket (capability and account)
 * immediately before the request: adding an event Steward proposed (tentative, nobody invited,
 * marked with the action in a private extended property) and deleting it again on undo, and
 * setting the user's own answer on an invitation. Errors come back in words (google-errors.ts).
 */
import { ApiError } from '@shared/api/errors.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import type { EventTime } from '../../items/event/event-item.js';
import type { NewEventSpec } from '../../items/event/ics-edit.js';
import { isKnownZone, parseWall, wallToUtcMs } from '../../items/event/zones.js';
import { explainGoogleError, isNotFound } from '../google/google-errors.js';
import type { CalendarApi } from './calendar-api.js';
import { GCAL_SIGN_IN_COMMAND } from './sign-in.js';
import { STEWARD_CREATED_KEY, type GoogleEvent, type GoogleEventTime } from './google-event.js';

export interface GcalTarget {
  readonly api: CalendarApi;
  readonly accountId: string;
  /** The signed-in address: the attendee entry that is the user's. */
  readonly email: string;
}

export type GoogleAnswer = 'needsAction' | 'accepted' | 'declined' | 'tentative';

/** An EventTime as Google takes it: a zoned wall time as the instant it is, with its zone. */
export function googleTime(time: EventTime): GoogleEventTime {
  switch (time.kind) {
    case 'date':
      return { date: time.date };
    case 'utc':
      return { dateTime: time.iso };
    case 'zoned': {
      if (!isKnownZone(time.tzid)) throw new ApiError('invalid_input', `Google Calendar does not know the time zone "${time.tzid}". Nothing was added.`);
      const ms = wallToUtcMs(parseWall(time.local), time.tzid);
      return { dateTime: new Date(ms).toISOString().replace('.000Z', 'Z'), timeZone: time.tzid };
    }
    case 'floating':
      // No zone: Google places it in the calendar's own zone.
      return { dateTime: time.local };
  }
}

export async function insertEvent(ticket: BoundTicket, target: GcalTarget, calendarId: string, spec: NewEventSpec): Promise<{ eventId: string; summary: string }> {
  if ((spec.start.kind === 'date') !== (spec.end.kind === 'date')) {
    throw new ApiError('invalid_input', 'The event must start and end with the same kind of time (both dates, or both times of day).');
  }
  const requestBody: GoogleEvent = {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.location ? { location: spec.location } : {}),
    start: googleTime(spec.start),
    end: googleTime(spec.end),
    status: spec.status ?? 'tentative',
    transparency: spec.transparency ?? 'opaque',
    extendedProperties: { private: { [STEWARD_CREATED_KEY]: ticket.actionId } },
  };
  assertTicket(ticket, 'calendar.create', target.accountId);
  try {
    const response = await target.api.events.insert({ calendarId, sendUpdates: 'none', requestBody: requestBody as never });
    const eventId = response.data.id;
    if (!eventId) throw new ApiError('internal', 'Google added the event but did not say its id.');
    return { eventId, summary: `Added "${spec.summary}" as ${spec.status ?? 'tentative'}` };
  } catch (error) {
    throw explainGoogleError(error, { doing: `add "${spec.summary}" to your calendar`, account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
}

/** Undo of an add: deletes the event the add created (its id came back from the insert), and nothing else. */
export async function deleteInsertedEvent(ticket: BoundTicket, target: GcalTarget, calendarId: string, eventId: string, summary: string): Promise<{ summary: string }> {
  assertTicket(ticket, 'calendar.create', target.accountId);
  try {
    await target.api.events.delete({ calendarId, eventId, sendUpdates: 'none' });
    return { summary: `Removed "${summary}" again` };
  } catch (error) {
    if (isNotFound(error) || isGoneStatus(error)) return { summary: `"${summary}" was already removed` };
    throw explainGoogleError(error, { doing: `remove "${summary}" again`, account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
}

/**
 * Sets the user's answer on their attendee entry (events.patch with the whole attendee list, as
 * the API wants), telling the organiser. Returns the answer it replaced, for undo.
 */
export async function setAnswer(ticket: BoundTicket, target: GcalTarget, calendarId: string, event: GoogleEvent, answer: GoogleAnswer): Promise<{ previous: GoogleAnswer; summary: string }> {
  const self = target.email.toLowerCase();
  const attendees = event.attendees ?? [];
  const mine = attendees.find((attendee) => attendee.self === true || attendee.email?.toLowerCase() === self);
  const title = event.summary ?? 'the event';
  if (!mine || !event.id) throw new ApiError('invalid_input', `You are not a guest of "${title}" on Google Calendar, so there is no invitation to answer. Nothing was changed.`);
  if (mine.organizer) throw new ApiError('invalid_input', `You organise "${title}"; there is no invitation to answer.`);
  const previous = (mine.responseStatus ?? 'needsAction') as GoogleAnswer;
  const updated = attendees.map((attendee) => (attendee === mine ? { ...attendee, responseStatus: answer } : attendee));
  assertTicket(ticket, 'calendar.respond', target.accountId);
  try {
    await target.api.events.patch({ calendarId, eventId: event.id, sendUpdates: 'all', requestBody: { attendees: updated } });
  } catch (error) {
    throw explainGoogleError(error, { doing: `answer "${title}"`, account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
  return { previous, summary: `Answered "${title}": ${answer}` };
}

/**
 * One occurrence of a recurring event, as Google holds it: events.instances with the occurrence's
 * original start. Google makes an instance of an ordinary occurrence on demand, so answering it
 * (events.patch on the instance id) answers that occurrence alone.
 */
export async function findOccurrence(target: GcalTarget, calendarId: string, seriesId: string, occurrence: EventTime): Promise<GoogleEvent> {
  const time = googleTime(occurrence);
  const originalStart = time.dateTime ?? time.date ?? '';
  let items: GoogleEvent[];
  try {
    items = ((await target.api.events.instances({ calendarId, eventId: seriesId, originalStart, maxResults: 10 })).data.items ?? []);
  } catch (error) {
    throw explainGoogleError(error, { doing: 'find the occurrence to answer', account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
  const wanted = time.date ?? Date.parse(originalStart);
  // Checked here too: a server that ignored originalStart must not make another occurrence the one answered.
  const found = items.find((item) => (item.originalStartTime?.date ?? Date.parse(item.originalStartTime?.dateTime ?? '')) === wanted);
  if (!found?.id) throw new ApiError('not_found', 'That occurrence is not in the series on Google Calendar any more (it was moved or cancelled). Nothing was changed.');
  return found;
}

function isGoneStatus(error: unknown): boolean {
  const status = (error as { status?: unknown; response?: { status?: unknown } } | null)?.status ?? (error as { response?: { status?: unknown } } | null)?.response?.status;
  return status === 410;
}
