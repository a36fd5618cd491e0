/**
 * The only code that changes anything on a CalDAV server. Every operation takes the gate's
 * ticket and checks it, against the capability and the account, immediately before the request
 * that writes (and the iMIP sender checks it again before the mail that tells people).
 *
 * Every write is conditional (If-Match on the ETag Steward just read, If-None-Match for a new
 * object), so a change another app made in between is never overwritten: the write stops and
 * says so. Every write is idempotent: the object carries the action that wrote it
 * (X-STEWARD-ACTION), so a retry after a lost answer finds its own change and stops there.
 * The only deletion is the undo of a creation, and only of an unchanged event Steward created.
 */
import { ApiError } from '@shared/api/errors.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import { capabilityId, type CalendarCapability } from '../../items/event/calendar-capabilities.js';
import { findSelf, type EventItem, type EventPerson, type EventTime, type PartStat } from '../../items/event/event-item.js';
import {
  applyChanges,
  attendeesToNotify,
  markCancelled,
  newEventIcs,
  restoredVersion,
  setOwnAnswer,
  stewardMarks,
  storedInvitation,
  type EventChanges,
  type NewEventSpec,
} from '../../items/event/ics-edit.js';
import { parseIcs } from '../../items/event/ics-parse.js';
import { cancelMessage, replyMessage, requestMessage, type Answer, type ImipMessage } from '../../items/event/imip.js';
import { bodyText, CalDavHttpError, type CalDavSession } from './caldav-session.js';

/** Sends iMIP mail in the user's name. It must check the ticket before it sends. */
export interface ImipSender {
  send(ticket: BoundTicket, capability: CalendarCapability, message: ImipMessage): Promise<void>;
}

export interface WriteTarget {
  readonly session: CalDavSession;
  /** The account the session is logged in to. */
  readonly accountId: string;
  /** The user's addresses (lower-case): whose attendee entry is theirs, which events they organise. */
  readonly self: ReadonlySet<string>;
  /** True when the server tells organisers and attendees itself (RFC 6638); otherwise `sender` mails them. */
  readonly serverSchedules: boolean;
  readonly sender: ImipSender | null;
  readonly now: () => Date;
}

export interface StoredVersion {
  readonly url: string;
  readonly etag: string;
  readonly ics: string;
}

// --- create ----------------------------------------------------------------------------------------

export interface CreateOutcome {
  readonly url: string;
  readonly uid: string;
  readonly etag: string;
  /** False when a retry found the event its first attempt had created. */
  readonly created: boolean;
  readonly summary: string;
}

/** Adds an event (tentative unless told otherwise) named after the action, so a retry finds it. */
export async function createEvent(ticket: BoundTicket, target: WriteTarget, calendarUrl: string, spec: NewEventSpec): Promise<CreateOutcome> {
  const uid = `steward-${ticket.actionId}@steward.invalid`;
  const url = createdObjectUrl(calendarUrl, ticket.actionId);
  const ics = newEventIcs(uid, spec, ticket.actionId, target.now());
  write(ticket, 'calendar.create', target);
  const response = await target.session.fetch(url, { method: 'PUT', headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' }, body: ics });
  if (response.status === 412) {
    await response.body?.cancel();
    const existing = await readObject(target.session, url);
    if (existing && stewardMarks(existing.ics).createdBy === ticket.actionId) {
      return { url, uid, etag: existing.etag, created: false, summary: `"${spec.summary}" was already added` };
    }
    throw new ApiError('conflict', `Another event already has the address Steward chose (${url}); nothing was added.`);
  }
  await expectWritten(response, 'PUT', url);
  const etag = response.headers.get('etag') ?? (await readObject(target.session, url))?.etag ?? '';
  return { url, uid, etag, created: true, summary: `Added "${spec.summary}" (${spec.status ?? 'tentative'})` };
}

/** Where createEvent puts the event of an action: fixed by the action, so a retry finds it. */
export function createdObjectUrl(calendarUrl: string, actionId: string): string {
  return new URL(`steward-${encodeURIComponent(actionId)}.ics`, calendarUrl.endsWith('/') ? calendarUrl : `${calendarUrl}/`).href;
}

/**
 * Undo of a creation: deletes the event, but only if Steward created it in this action and
 * nobody changed it since (its ETag is the one creation left). Otherwise it stays, and the
 * refusal says why.
 */
export async function deleteCreatedEvent(ticket: BoundTicket, target: WriteTarget, created: Pick<CreateOutcome, 'url' | 'etag'>): Promise<{ readonly summary: string }> {
  const current = await readObject(target.session, created.url);
  if (current === null) return { summary: 'The event was already gone' };
  if (stewardMarks(current.ics).createdBy !== ticket.actionId) {
    throw new ApiError('denied', 'Steward did not create this event in that action, and it deletes only events it created. It was left in place.');
  }
  if (current.etag !== created.etag) {
    throw new ApiError('conflict', 'The event was changed after Steward added it (perhaps by you), so undo left it in place. Delete it yourself if you no longer want it.');
  }
  write(ticket, 'calendar.create', target);
  const response = await target.session.fetch(created.url, { method: 'DELETE', headers: { 'If-Match': created.etag } });
  if (response.status === 404) return { summary: 'The event was already gone' };
  if (response.status === 412) {
    await response.body?.cancel();
    throw new ApiError('conflict', 'The event was changed just now, so undo left it in place. Delete it yourself if you no longer want it.');
  }
  await expectWritten(response, 'DELETE', created.url);
  return { summary: `Removed "${summaryOf(current.ics)}", which Steward had added` };
}

// --- update ------------------------------------------------------------------------------------------

export interface ChangeOutcome {
  readonly url: string;
  readonly etag: string;
  /** What was there before, for undo; null when a retry found the change already made. */
  readonly previous: StoredVersion | null;
  readonly summary: string;
}

/**
 * Changes an event the user has alone. `expectedEtag` is the version the user saw in the
 * proposal: if the event changed since, nothing is written.
 */
export async function updateEvent(ticket: BoundTicket, target: WriteTarget, url: string, expectedEtag: string | null, changes: EventChanges): Promise<ChangeOutcome> {
  const current = await requireObject(target.session, url);
  if (stewardMarks(current.ics).lastAction === ticket.actionId) return { url, etag: current.etag, previous: null, summary: `"${summaryOf(current.ics)}" was already changed` };
  if (expectedEtag !== null && current.etag !== expectedEtag) throw changedSince(current.ics);
  const after = applyChanges(current.ics, changes, target.self, ticket.actionId, target.now());
  const etag = await conditionalPut(ticket, 'calendar.update', target, current, after);
  return { url, etag: etag ?? '', previous: etag === null ? null : current, summary: `Changed "${summaryOf(after)}"` };
}

/** Undo of an update or a cancellation: puts the previous version back, unless someone changed the event since. */
export async function restoreEvent(ticket: BoundTicket, capability: 'calendar.update' | 'calendar.cancel', target: WriteTarget, previous: StoredVersion): Promise<{ readonly summary: string; readonly notified: number }> {
  const current = await requireObject(target.session, previous.url);
  const marks = stewardMarks(current.ics);
  if (marks.lastAction === `undo:${ticket.actionId}`) return { summary: `"${summaryOf(current.ics)}" was already restored`, notified: 0 };
  if (marks.lastAction !== ticket.actionId) {
    throw new ApiError('conflict', `"${summaryOf(current.ics)}" was changed after Steward's change, so undo left it as it is rather than overwrite that.`);
  }
  const restored = restoredVersion(previous.ics, current.ics, ticket.actionId, target.now());
  // Attendees were told of the cancellation: they are told of the restored event too.
  const attendees = capability === 'calendar.cancel' ? attendeesToNotify(restored, target.self) : [];
  const message = attendees.length > 0 && !target.serverSchedules ? requestMessage(restored, organizerOf(restored, target.self), attendees, summaryOf(restored), `undo-${ticket.actionId}`) : null;
  if (message && !target.sender) throw noSender('invite the attendees again');
  const etag = await conditionalPut(ticket, capability, target, current, restored, `undo:${ticket.actionId}`);
  if (message && etag !== null) await target.sender?.send(ticket, capability, message);
  return { summary: `Put back "${summaryOf(restored)}" as it was`, notified: message ? message.to.length : 0 };
}

// --- respond ----------------------------------------------------------------------------------------

export interface RespondOutcome {
  readonly url: string;
  readonly etag: string;
  /** The answer this one replaced: undo sends it again. */
  readonly previousAnswer: PartStat;
  /** Who told the organiser: the server, Steward by mail, or nobody (a retry on a scheduling server). */
  readonly notified: 'server' | 'mail' | 'none';
  /** A retry that found the answer already written (previousAnswer is then unknown: no undo). */
  readonly repeated: boolean;
  readonly summary: string;
}

/**
 * Answers an invitation: sets the user's PARTSTAT on the event in their calendar and, where the
 * server does not do it, mails the organiser an iMIP REPLY. Undo is the same call with the
 * previous answer (the organiser then sees both answers).
 */
export async function respondToEvent(ticket: BoundTicket, target: WriteTarget, url: string, answer: Answer, recurrenceId: EventTime | null = null): Promise<RespondOutcome> {
  if (!target.serverSchedules && !target.sender) throw noSender('tell the organiser your answer');
  const current = await requireObject(target.session, url);
  const edit = setOwnAnswer(current.ics, target.self, answer, recurrenceId, ticket.actionId, target.now());
  const event = eventOf(edit.ics, url, recurrenceId);
  const verb = { accepted: 'Accepted', declined: 'Declined', tentative: 'Tentatively accepted', 'needs-action': 'Took back the answer to' }[answer];
  const message = target.serverSchedules ? null : replyMessage({ event, attendee: edit.attendee, answer, now: target.now() }, ticket.actionId);
  const alreadyWritten = stewardMarks(current.ics).lastAction === ticket.actionId && edit.previous === answer;
  const etag = alreadyWritten ? null : await conditionalPut(ticket, 'calendar.respond', target, current, edit.ics);
  // A retry finds the answer already in the calendar, but not whether the mail went out before
  // the step was cut short: it sends it again (same Message-ID) rather than risk the organiser
  // never hearing. A repeated REPLY changes nothing for them.
  if (message) await target.sender?.send(ticket, 'calendar.respond', message);
  const who = edit.organizer ? edit.organizer.name || edit.organizer.email : 'the organiser';
  const told = message ? `${who} was sent your answer` : `${who} is told by your calendar server`;
  if (etag === null) return { url, etag: current.etag, previousAnswer: answer, notified: message ? 'mail' : 'none', repeated: true, summary: `${verb} "${event.summary}" (the calendar already had it); ${told}` };
  return { url, etag, previousAnswer: edit.previous, notified: message ? 'mail' : 'server', repeated: false, summary: `${verb} "${event.summary}"; ${told}` };
}

/**
 * Answers an invitation that came by mail. When the calendar already holds the event (the
 * server put it there, or an earlier answer did), this is respondToEvent on it; otherwise the
 * invitation is added to `calendarUrl` with the answer on it, so the answer shows in the
 * calendar too, and the organiser is mailed the REPLY.
 */
export async function respondToInvitation(
  ticket: BoundTicket,
  target: WriteTarget,
  invitation: { readonly ics: string; readonly recurrenceId: EventTime | null },
  answer: Answer,
  place: { readonly existingUrl: string } | { readonly calendarUrl: string },
): Promise<RespondOutcome> {
  if ('existingUrl' in place) return respondToEvent(ticket, target, place.existingUrl, answer, invitation.recurrenceId);
  if (!target.serverSchedules && !target.sender) throw noSender('tell the organiser your answer');
  const url = createdObjectUrl(place.calendarUrl, ticket.actionId);
  const edit = storedInvitation(invitation.ics, target.self, answer, invitation.recurrenceId, ticket.actionId, target.now());
  const event = eventOf(edit.ics, url, invitation.recurrenceId);
  const message = target.serverSchedules ? null : replyMessage({ event, attendee: edit.attendee, answer, now: target.now() }, ticket.actionId);
  write(ticket, 'calendar.respond', target);
  const response = await target.session.fetch(url, { method: 'PUT', headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' }, body: edit.ics });
  let repeated = false;
  if (response.status === 412) {
    await response.body?.cancel();
    const existing = await readObject(target.session, url);
    if (!existing || stewardMarks(existing.ics).lastAction !== ticket.actionId) throw new ApiError('conflict', `Another event already has the address Steward chose (${url}); nothing was answered.`);
    repeated = true;
  } else {
    await expectWritten(response, 'PUT', url);
  }
  if (message) await target.sender?.send(ticket, 'calendar.respond', message);
  const etag = response.headers.get('etag') ?? (await readObject(target.session, url))?.etag ?? '';
  const verb = { accepted: 'Accepted', declined: 'Declined', tentative: 'Tentatively accepted', 'needs-action': 'Took back the answer to' }[answer];
  const who = edit.organizer ? edit.organizer.name || edit.organizer.email : 'the organiser';
  const told = message ? `${who} was sent your answer` : `${who} is told by your calendar server`;
  return { url, etag, previousAnswer: repeated ? answer : edit.previous, notified: message ? 'mail' : 'server', repeated, summary: `${verb} "${event.summary}" and added it to your calendar; ${told}` };
}

// --- cancel -------------------------------------------------------------------------------------------

/**
 * Cancels an event the user organises: STATUS:CANCELLED with a higher SEQUENCE, kept in the
 * calendar (nothing is deleted), and every attendee told. Undo is restoreEvent.
 */
export async function cancelEvent(ticket: BoundTicket, target: WriteTarget, url: string, expectedEtag: string | null): Promise<ChangeOutcome & { readonly notified: number }> {
  const current = await requireObject(target.session, url);
  const alreadyWritten = stewardMarks(current.ics).lastAction === ticket.actionId;
  if (!alreadyWritten && expectedEtag !== null && current.etag !== expectedEtag) throw changedSince(current.ics);
  const after = alreadyWritten ? current.ics : markCancelled(current.ics, target.self, ticket.actionId, target.now());
  const attendees = attendeesToNotify(after, target.self);
  const event = eventOf(after, url, null);
  const message = attendees.length > 0 && !target.serverSchedules ? cancelMessage(event, organizerOf(after, target.self), target.now(), ticket.actionId) : null;
  if (message && !target.sender) throw noSender('tell the attendees');
  const etag = alreadyWritten ? null : await conditionalPut(ticket, 'calendar.cancel', target, current, after);
  // As for answers: a retry cannot know whether the mail went out, so the attendees may hear twice, never not at all.
  if (message) await target.sender?.send(ticket, 'calendar.cancel', message);
  const told = message ? `; ${message.to.length} attendee(s) were told` : attendees.length > 0 ? '; your calendar server tells the attendees' : '';
  if (etag === null) return { url, etag: current.etag, previous: null, notified: message?.to.length ?? 0, summary: `Cancelled "${event.summary}" (the calendar already had it)${told}` };
  return { url, etag, previous: current, notified: message?.to.length ?? 0, summary: `Cancelled "${event.summary}"${told}` };
}

// --- HTTP ---------------------------------------------------------------------------------------------

/** Reads one object (GET); null when it is not there. */
export async function readObject(session: CalDavSession, url: string): Promise<StoredVersion | null> {
  const response = await session.fetch(url, { method: 'GET', headers: { Accept: 'text/calendar' } });
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) throw new CalDavHttpError('GET', url, response.status, await bodyText(response));
  const etag = response.headers.get('etag');
  const ics = await response.text();
  if (!etag) throw new ApiError('unavailable', `The calendar server gave no ETag for ${url}, so Steward cannot change it safely.`);
  return { url, etag, ics };
}

async function requireObject(session: CalDavSession, url: string): Promise<StoredVersion> {
  const current = await readObject(session, url);
  if (current === null) throw new ApiError('not_found', 'The event is no longer in the calendar (it was deleted or moved); nothing was changed.');
  return current;
}

/**
 * PUT with If-Match on the version just read. Returns the new ETag, or null when the PUT was
 * refused because the object already carries this action's mark (a retry of a write that went
 * through).
 */
async function conditionalPut(ticket: BoundTicket, capability: CalendarCapability, target: WriteTarget, current: StoredVersion, ics: string, mark = ticket.actionId): Promise<string | null> {
  write(ticket, capability, target);
  const response = await target.session.fetch(current.url, { method: 'PUT', headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-Match': current.etag }, body: ics });
  if (response.status === 412) {
    await response.body?.cancel();
    const now = await readObject(target.session, current.url);
    if (now && stewardMarks(now.ics).lastAction === mark) return null;
    throw changedSince(now?.ics ?? current.ics);
  }
  await expectWritten(response, 'PUT', current.url);
  return response.headers.get('etag') ?? (await readObject(target.session, current.url))?.etag ?? '';
}

/** The ticket check, immediately before every request that writes. */
function write(ticket: BoundTicket, capability: CalendarCapability, target: WriteTarget): void {
  assertTicket(ticket, capabilityId(capability), target.accountId);
}

async function expectWritten(response: Response, method: string, url: string): Promise<void> {
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  throw new CalDavHttpError(method, url, response.status, await bodyText(response));
}

function changedSince(ics: string): ApiError {
  return new ApiError('conflict', `"${summaryOf(ics)}" was changed in the calendar since Steward looked at it, so nothing was written. Look at it again.`);
}

function noSender(what: string): ApiError {
  return new ApiError('unavailable', `This calendar server does not send invitations and answers itself, and Steward has no mail account to ${what}. Nothing was changed.`);
}

function eventOf(ics: string, url: string, recurrenceId: EventTime | null): EventItem {
  const [object] = parseIcs(ics, { calendarId: '', href: url, etag: null }).objects;
  const item = recurrenceId === null ? object?.master : object?.overrides.find((o) => JSON.stringify(o.recurrenceId) === JSON.stringify(recurrenceId));
  if (!item) throw new ApiError('invalid_input', 'The event could not be read after the change; nothing was written.');
  return item;
}

function summaryOf(ics: string): string {
  const object = parseIcs(ics, { calendarId: '', href: '', etag: null }).objects[0];
  return object?.master?.summary || object?.overrides[0]?.summary || 'the event';
}

function organizerOf(ics: string, self: ReadonlySet<string>): EventPerson {
  const item = parseIcs(ics, { calendarId: '', href: '', etag: null }).objects[0]?.master;
  const organizer = item?.organizer;
  if (organizer && organizer.email) return organizer;
  const me = item ? findSelf(item.attendees, self) : undefined;
  const email = me?.email ?? [...self][0] ?? '';
  return { email, name: me?.name ?? '' };
}
