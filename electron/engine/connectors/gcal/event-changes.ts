/**
 * Changing and cancelling Google Calendar events, and putting them back on undo. The CalDAV
 * writer's rules on Google's API:
 *
 * - Every write is conditional: If-Match on the etag Steward just read (Google answers 412 when
 *   the event changed in between), so a change someone else made is never overwritten. Undo
 *   writes only over the exact version Steward's own change left; if the event changed after
 *   that, undo stops and says so.
 * - Every write marks the event with the action that wrote it (a private extended property), so
 *   a retry after a lost answer finds its own change, and reconcile can tell it happened.
 * - A change is reversible only while nobody else is told: events with other guests are refused
 *   (sendUpdates=none). A cancellation is for events the user organises, and tells every guest
 *   (sendUpdates=all). Google keeps a cancelled event (status "cancelled" is how it deletes), so
 *   undo sets the previous status again while Google still has it, and says so when it does not.
 */
import { ApiError } from '@shared/api/errors.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import type { EventChanges } from '../../items/event/ics-edit.js';
import { explainGoogleError, isNotFound } from '../google/google-errors.js';
import { googleTime, type GcalTarget } from './event-writer.js';
import { STEWARD_ACTION_KEY, type GoogleEvent } from './google-event.js';
import { GCAL_SIGN_IN_COMMAND } from './sign-in.js';

/** An event as it was before Steward changed it, and the etag Steward's change left: what undo needs. */
export interface GoogleChange {
  readonly calendarId: string;
  readonly eventId: string;
  readonly previous: GoogleEvent;
  /** The version Steward's write produced: undo writes only over exactly this one. */
  readonly etagAfter: string;
}

export interface ChangeResult {
  readonly summary: string;
  /** Null when a retry found the change already made (the earlier version is not known any more). */
  readonly change: GoogleChange | null;
}

type Capability = 'calendar.update' | 'calendar.cancel';

/** Changes the fields given on an event the user has alone. `expectedEtag` is the version the proposal showed. */
export async function updateGoogleEvent(ticket: BoundTicket, target: GcalTarget, calendarId: string, eventId: string, expectedEtag: string | null, changes: EventChanges): Promise<ChangeResult> {
  const current = await readEvent(target, calendarId, eventId, 'change');
  const title = titleOf(current);
  if (markOf(current) === ticket.actionId) return { summary: `"${title}" was already changed`, change: null };
  if (expectedEtag !== null && current.etag !== expectedEtag) throw changedSince(title);
  if (current.status === 'cancelled') throw new ApiError('invalid_input', `"${title}" is cancelled; there is nothing to change. Nothing was changed.`);
  const others = otherGuests(current, target.email);
  if (others.length > 0) {
    throw new ApiError('invalid_input', `"${title}" has other guests (${others.join(', ')}); changing it would mean telling them, which this change does not do. Nothing was changed.`);
  }
  if ((changes.start?.kind === 'date') !== (changes.end?.kind === 'date') && changes.start && changes.end) {
    throw new ApiError('invalid_input', 'The event must start and end with the same kind of time (both dates, or both times of day). Nothing was changed.');
  }
  const body: GoogleEvent = {
    ...(changes.summary !== undefined ? { summary: changes.summary } : {}),
    ...(changes.location !== undefined ? { location: changes.location } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.status !== undefined ? { status: changes.status } : {}),
    ...(changes.start !== undefined ? { start: googleTime(changes.start) } : {}),
    ...(changes.end !== undefined ? { end: googleTime(changes.end) } : {}),
    extendedProperties: marked(current, ticket.actionId),
  };
  const after = await conditionalWrite(ticket, 'calendar.update', target, calendarId, current, { method: 'patch', body, sendUpdates: 'none' }, ticket.actionId);
  if (after === null) return { summary: `"${title}" was already changed`, change: null };
  return { summary: `Changed "${titleOf({ ...current, ...body })}"`, change: { calendarId, eventId, previous: current, etagAfter: after } };
}

/** Cancels an event the user organises; every guest is told by Google. */
export async function cancelGoogleEvent(ticket: BoundTicket, target: GcalTarget, calendarId: string, eventId: string, expectedEtag: string | null): Promise<ChangeResult> {
  const current = await readEvent(target, calendarId, eventId, 'cancel');
  const title = titleOf(current);
  if (markOf(current) === ticket.actionId && current.status === 'cancelled') return { summary: `"${title}" was already cancelled`, change: null };
  if (expectedEtag !== null && current.etag !== expectedEtag) throw changedSince(title);
  if (current.status === 'cancelled') throw new ApiError('invalid_input', `"${title}" is already cancelled. Nothing was changed.`);
  const organizer = organizerOf(current);
  if (organizer !== null && !isSelf(organizer, target.email)) {
    throw new ApiError(
      'denied',
      `You do not organise "${title}" (${organizer.displayName || organizer.email} does), so Steward will not cancel it for everyone. Decline the invitation instead. Nothing was changed.`,
    );
  }
  const guests = otherGuests(current, target.email);
  // Google's way to delete is status "cancelled": it keeps the event (so undo can bring it back) and tells the guests.
  const body: GoogleEvent = { status: 'cancelled', extendedProperties: marked(current, ticket.actionId) };
  const after = await conditionalWrite(ticket, 'calendar.cancel', target, calendarId, current, { method: 'patch', body, sendUpdates: 'all' }, ticket.actionId);
  const told = guests.length > 0 ? `; Google told ${guests.length} guest(s)` : '';
  if (after === null) return { summary: `"${title}" was already cancelled${told}`, change: null };
  return { summary: `Cancelled "${title}"${told}`, change: { calendarId, eventId, previous: current, etagAfter: after } };
}

/**
 * Undo of a change or a cancellation: puts the previous version back (events.update with the
 * whole earlier resource), only over the version Steward's change left. After a cancellation the
 * guests are told the event is back.
 */
export async function restoreGoogleEvent(ticket: BoundTicket, capability: Capability, target: GcalTarget, change: GoogleChange): Promise<{ readonly summary: string }> {
  const title = titleOf(change.previous);
  let current: GoogleEvent;
  try {
    current = (await target.api.events.get({ calendarId: change.calendarId, eventId: change.eventId })).data;
  } catch (error) {
    // Google answers 404, or 410 Gone, for an event it has purged.
    if (isNotFound(error) || statusOf(error) === 410) {
      throw new ApiError('conflict', `Google no longer keeps "${title}", so undo is not available for it. Add it again yourself if you still want it.`);
    }
    throw explainGoogleError(error, { doing: `put "${title}" back`, account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
  const undoMark = `undo:${ticket.actionId}`;
  if (markOf(current) === undoMark) return { summary: `"${title}" was already put back` };
  if (current.etag !== change.etagAfter) throw changedAfter(title);
  const body: GoogleEvent = { ...restorable(change.previous), extendedProperties: marked(change.previous, undoMark) };
  // Guests heard of the cancellation; they hear that the event is back. A change told nobody, and so does its undo.
  const sendUpdates = capability === 'calendar.cancel' ? 'all' : 'none';
  const written = await conditionalWrite(ticket, capability, target, change.calendarId, current, { method: 'update', body, sendUpdates }, undoMark, changedAfter);
  const told = capability === 'calendar.cancel' && otherGuests(change.previous, target.email).length > 0 ? '; Google told the guests it is on again' : '';
  return { summary: written === null ? `"${title}" was already put back` : `Put back "${title}" as it was${told}` };
}

/** The action that last wrote the event (Steward's mark), if any. */
export function markOf(event: GoogleEvent): string | undefined {
  return event.extendedProperties?.private?.[STEWARD_ACTION_KEY];
}

async function readEvent(target: GcalTarget, calendarId: string, eventId: string, doing: string): Promise<GoogleEvent> {
  try {
    return (await target.api.events.get({ calendarId, eventId })).data;
  } catch (error) {
    if (isNotFound(error) || statusOf(error) === 410) throw new ApiError('not_found', 'The event is no longer in your Google Calendar (it was deleted or moved); nothing was changed.');
    throw explainGoogleError(error, { doing: `read the event to ${doing} it`, account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
}

/**
 * The write, with If-Match on the version just read. Returns the new etag, or null when Google
 * refused it (412) because the event already carries this write's mark: a retry of a write that
 * went through.
 */
async function conditionalWrite(
  ticket: BoundTicket,
  capability: Capability,
  target: GcalTarget,
  calendarId: string,
  current: GoogleEvent,
  write: { method: 'patch' | 'update'; body: GoogleEvent; sendUpdates: 'all' | 'none' },
  mark: string,
  refused: (title: string) => ApiError = changedSince,
): Promise<string | null> {
  const eventId = current.id ?? '';
  const title = titleOf(current);
  const params = { calendarId, eventId, sendUpdates: write.sendUpdates, requestBody: write.body as never };
  const options = { headers: { 'If-Match': current.etag ?? '*' } };
  assertTicket(ticket, capability, target.accountId);
  try {
    const response = write.method === 'patch' ? await target.api.events.patch(params, options) : await target.api.events.update(params, options);
    return response.data.etag ?? '';
  } catch (error) {
    if (statusOf(error) === 412) {
      const now = await readEvent(target, calendarId, eventId, 'look at');
      if (markOf(now) === mark) return null;
      throw refused(title);
    }
    throw explainGoogleError(error, { doing: capability === 'calendar.cancel' ? `cancel "${title}"` : `change "${title}"`, account: target.email, signInCommand: GCAL_SIGN_IN_COMMAND });
  }
}

/** The earlier resource as a body for events.update: without what Google sets itself (a stale sequence would be refused). */
function restorable(event: GoogleEvent): GoogleEvent {
  const { etag: _etag, sequence: _sequence, updated: _updated, ...rest } = event as GoogleEvent & { created?: unknown; htmlLink?: unknown; kind?: unknown };
  const { created: _created, htmlLink: _htmlLink, kind: _kind, ...body } = rest as typeof rest & { created?: unknown; htmlLink?: unknown; kind?: unknown };
  return body;
}

function marked(event: GoogleEvent, mark: string): NonNullable<GoogleEvent['extendedProperties']> {
  return { ...event.extendedProperties, private: { ...event.extendedProperties?.private, [STEWARD_ACTION_KEY]: mark } };
}

function organizerOf(event: GoogleEvent): { email?: string | null; displayName?: string | null; self?: boolean | null } | null {
  if (event.organizer?.email || event.organizer?.self) return event.organizer;
  return (event.attendees ?? []).find((attendee) => attendee.organizer) ?? null;
}

function isSelf(person: { email?: string | null; self?: boolean | null }, email: string): boolean {
  return person.self === true || person.email?.toLowerCase() === email.toLowerCase();
}

/** The guests other than the user (and rooms), by address. */
function otherGuests(event: GoogleEvent, email: string): string[] {
  return (event.attendees ?? []).filter((attendee) => !isSelf(attendee, email) && !attendee.resource && attendee.email).map((attendee) => attendee.email ?? '');
}

function titleOf(event: GoogleEvent): string {
  return event.summary || 'the event';
}

function statusOf(error: unknown): unknown {
  const failed = error as { status?: unknown; response?: { status?: unknown } } | null;
  return failed?.status ?? failed?.response?.status;
}

function changedSince(title: string): ApiError {
  return new ApiError('conflict', `"${title}" was changed in Google Calendar since Steward looked at it, so nothing was written. Look at it again.`);
}

function changedAfter(title: string): ApiError {
  return new ApiError('conflict', `"${title}" was changed after Steward's change (by someone else or in another app), so undo left it as it is rather than overwrite that.`);
}
