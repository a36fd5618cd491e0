/**
 * Invitations in the mail (iMIP, RFC 6047): what a text/calendar part with METHOD:REQUEST,
 * CANCEL or REPLY concerns, so it can be linked to the event it is about; and the REPLY and
 * CANCEL messages Steward sends on the user's approval, because a CalDAV server without
 * scheduling (Radicale, many others) does not tell the organiser or the attendees anything.
 *
 * The part is untrusted like the mail around it: parsing never throws, and what could not be
 * read is in `problems`.
 */
import type ICAL from 'ical.js';
import { ical, parseComponent } from './ical-module.js';
import { buildMessage } from '../mail/build-message.js';
import { findSelf, type Attendee, type CalendarObject, type EventItem, type EventPerson, type EventTime, type PartStat } from './event-item.js';
import { setTime } from './ics-edit.js';
import { attendeeOf, parseIcs, personOf, timeOf } from './ics-parse.js';

/** Small: an invitation is a few kB; a big one is not an invitation Steward should act on. */
export const MAX_INVITATION_CHARS = 1_000_000;

export type ImipMethod = 'REQUEST' | 'CANCEL' | 'REPLY' | 'COUNTER' | 'DECLINECOUNTER' | 'ADD' | 'REFRESH' | 'PUBLISH';
const METHODS: readonly ImipMethod[] = ['REQUEST', 'CANCEL', 'REPLY', 'COUNTER', 'DECLINECOUNTER', 'ADD', 'REFRESH', 'PUBLISH'];

export interface Invitation {
  readonly method: ImipMethod;
  readonly uid: string;
  /** Set when the message is about one occurrence of a series. */
  readonly recurrenceId: EventTime | null;
  readonly sequence: number;
  readonly summary: string;
  readonly organizer: EventPerson | null;
  readonly attendees: readonly Attendee[];
  readonly start: EventTime | null;
  readonly end: EventTime | null;
  /** The full event, when the message carries one (a REQUEST always does), ready to place and compare. */
  readonly event: EventItem | null;
  /** The whole calendar object of a REQUEST, to store as the event it proposes. */
  readonly object: CalendarObject | null;
  readonly problems: readonly string[];
}

export interface InvitationParse {
  readonly invitations: readonly Invitation[];
  /** Why nothing (or not everything) could be read, in words. */
  readonly problems: readonly string[];
}

/**
 * Reads a text/calendar MIME part. `contentType` is the part's Content-Type header: its
 * method parameter counts when the calendar itself has no METHOD.
 */
export function parseInvitation(content: string | Uint8Array, contentType = 'text/calendar'): InvitationParse {
  const text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
  if (text.length > MAX_INVITATION_CHARS) return { invitations: [], problems: [`The calendar part is too large to be an invitation (${Math.round(text.length / 1000)} kB).`] };
  const parsed = parseIcs(text, { calendarId: 'mail', href: 'mail', etag: null });
  const method = methodOf(parsed.method ?? /method=["']?([A-Za-z-]+)/i.exec(contentType)?.[1] ?? null);
  const problems = parsed.problems.map((p) => p.reason);
  if (method === null) {
    return { invitations: [], problems: [...problems, 'The calendar part has no METHOD (REQUEST, CANCEL, REPLY…), so it is not an invitation.'] };
  }

  const invitations: Invitation[] = [];
  for (const vevent of lightEvents(text, problems)) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
    if (!uid) {
      problems.push('An event in the invitation has no UID, so it cannot be linked to any event.');
      continue;
    }
    const own: string[] = [];
    const recurrenceProperty = vevent.getFirstProperty('recurrence-id');
    const recurrenceId = recurrenceProperty ? timeOf(recurrenceProperty, own, 'recurrence id') : null;
    const startProperty = vevent.getFirstProperty('dtstart');
    const endProperty = vevent.getFirstProperty('dtend');
    const object = parsed.objects.find((o) => o.uid === uid) ?? null;
    const event = object ? (recurrenceId === null ? object.master : (object.overrides.find((o) => sameTime(o.recurrenceId, recurrenceId)) ?? null)) : null;
    const sequence = Number(vevent.getFirstPropertyValue('sequence') ?? 0);
    invitations.push({
      method,
      uid,
      recurrenceId,
      sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : 0,
      summary: String(vevent.getFirstPropertyValue('summary') ?? '').slice(0, 500),
      organizer: personOf(vevent.getFirstProperty('organizer')),
      attendees: vevent.getAllProperties('attendee').slice(0, 500).map(attendeeOf).filter((a): a is Attendee => a !== null),
      start: event?.start ?? (startProperty ? timeOf(startProperty, own, 'start') : null),
      end: event?.end ?? (endProperty ? timeOf(endProperty, own, 'end') : null),
      event,
      object: method === 'REQUEST' || method === 'ADD' || method === 'PUBLISH' ? object : null,
      problems: [...own, ...(event?.problems ?? [])],
    });
  }
  if (invitations.length === 0 && problems.length === 0) problems.push('The calendar part holds no event.');
  return { invitations, problems };
}

/** The VEVENTs, read leniently (a REPLY may have no DTSTART, which parseIcs requires). */
function lightEvents(text: string, problems: string[]): ICAL.Component[] {
  try {
    const root = parseComponent(text);
    return root.name === 'vevent' ? [root] : root.getAllSubcomponents('vevent');
  } catch (error) {
    problems.push(`The invitation could not be read: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}.`);
    return [];
  }
}

function methodOf(value: string | null): ImipMethod | null {
  const upper = value?.trim().toUpperCase() ?? '';
  return (METHODS as readonly string[]).includes(upper) ? (upper as ImipMethod) : null;
}

function sameTime(a: EventTime | null, b: EventTime | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// --- What an invitation means for the user ----------------------------------------------------

export type InvitationState =
  /** A REQUEST the user has not answered (or must answer again after a change). */
  | { readonly kind: 'needs-answer'; readonly isUpdate: boolean }
  /** The user answered it already. */
  | { readonly kind: 'answered'; readonly partstat: PartStat }
  /** An older version of an event the calendar already has a newer one of. */
  | { readonly kind: 'outdated' }
  /** The organiser cancelled it. */
  | { readonly kind: 'cancelled'; readonly inCalendar: boolean }
  /** An attendee answered one of the user's own events. */
  | { readonly kind: 'reply'; readonly from: Attendee | null }
  /** Addressed to someone else, or a method Steward does not act on. */
  | { readonly kind: 'not-for-user' };

/**
 * What to do with an invitation, given the event with the same UID in the user's calendars (or
 * null). Pure. Newer SEQUENCE wins (RFC 5546); an equal one is the same version.
 */
export function invitationState(invitation: Invitation, existing: EventItem | null, self: ReadonlySet<string>): InvitationState {
  if (existing !== null && invitation.sequence < existing.sequence) return { kind: 'outdated' };
  switch (invitation.method) {
    case 'CANCEL':
      return { kind: 'cancelled', inCalendar: existing !== null && existing.status !== 'cancelled' };
    case 'REPLY':
      return { kind: 'reply', from: invitation.attendees[0] ?? null };
    case 'REQUEST': {
      const me = findSelf(invitation.attendees, self);
      if (!me) return { kind: 'not-for-user' };
      const mine = existing ? (findSelf(existing.attendees, self)?.partstat ?? me.partstat) : me.partstat;
      const isUpdate = existing !== null && invitation.sequence > existing.sequence;
      if (mine === 'needs-action' || (isUpdate && me.partstat === 'needs-action')) return { kind: 'needs-answer', isUpdate };
      return { kind: 'answered', partstat: mine };
    }
    default:
      return { kind: 'not-for-user' };
  }
}

/** The key that links an invitation to an event: UID, and the occurrence when it is about one. */
export function invitationKey(invitation: Pick<Invitation, 'uid' | 'recurrenceId'>): string {
  return invitation.recurrenceId === null ? invitation.uid : `${invitation.uid}|${JSON.stringify(invitation.recurrenceId)}`;
}

// --- Building REPLY and CANCEL -------------------------------------------------------------------

/** An answer to an invitation; 'needs-action' only when undo takes an answer back. */
export type Answer = 'accepted' | 'declined' | 'tentative' | 'needs-action';

/** What a reply or cancel is about: an Invitation or an EventItem both fit. */
export interface ScheduledEvent {
  readonly uid: string;
  readonly recurrenceId: EventTime | null;
  readonly sequence: number;
  readonly summary: string;
  readonly organizer: EventPerson | null;
  readonly attendees: readonly Attendee[];
  readonly start: EventTime | null;
  readonly end: EventTime | null;
}

export interface ReplyInput {
  readonly event: ScheduledEvent;
  /** The user, as the attendee who answers. */
  readonly attendee: EventPerson;
  readonly answer: Answer;
  readonly now: Date;
  readonly comment?: string;
}

const PRODID = '-//Steward//Steward calendar//EN';

/** An iTIP REPLY (RFC 5546 §3.2.3): the organiser's calendar app reads this to record the answer. */
export function buildReplyIcs(input: ReplyInput): string {
  const { event, attendee, answer, now } = input;
  const calendar = newCalendar('REPLY');
  const vevent = new (ical().Component)('vevent');
  vevent.addPropertyWithValue('uid', event.uid);
  if (event.recurrenceId) setTime(vevent, 'recurrence-id', event.recurrenceId);
  vevent.addPropertyWithValue('sequence', event.sequence);
  vevent.addPropertyWithValue('dtstamp', utcTime(now));
  if (event.start) setTime(vevent, 'dtstart', event.start);
  if (event.end) setTime(vevent, 'dtend', event.end);
  if (event.summary) vevent.addPropertyWithValue('summary', event.summary);
  if (event.organizer) vevent.addProperty(personProperty('organizer', event.organizer));
  const me = personProperty('attendee', attendee);
  me.setParameter('partstat', answer.toUpperCase());
  vevent.addProperty(me);
  if (input.comment) vevent.addPropertyWithValue('comment', input.comment);
  calendar.addSubcomponent(vevent);
  return calendar.toString() + '\r\n';
}

/** An iTIP CANCEL (RFC 5546 §3.2.5) for every attendee of an event the user organises. */
export function buildCancelIcs(event: ScheduledEvent, now: Date): string {
  const calendar = newCalendar('CANCEL');
  const vevent = new (ical().Component)('vevent');
  vevent.addPropertyWithValue('uid', event.uid);
  if (event.recurrenceId) setTime(vevent, 'recurrence-id', event.recurrenceId);
  vevent.addPropertyWithValue('sequence', event.sequence);
  vevent.addPropertyWithValue('dtstamp', utcTime(now));
  if (event.start) setTime(vevent, 'dtstart', event.start);
  if (event.end) setTime(vevent, 'dtend', event.end);
  if (event.summary) vevent.addPropertyWithValue('summary', event.summary);
  vevent.addPropertyWithValue('status', 'CANCELLED');
  if (event.organizer) vevent.addProperty(personProperty('organizer', event.organizer));
  for (const attendee of event.attendees) vevent.addProperty(personProperty('attendee', attendee));
  calendar.addSubcomponent(vevent);
  return calendar.toString() + '\r\n';
}

export interface ImipMessage {
  readonly from: EventPerson;
  readonly to: readonly EventPerson[];
  readonly subject: string;
  readonly text: string;
  readonly method: 'REPLY' | 'CANCEL' | 'REQUEST';
  readonly ics: string;
  /** A Message-ID derived from the action, so a retried send is recognisably the same message. */
  readonly messageId: string;
}

/** The reply as a mail to the organiser: subject "Accepted: Design review", the iCalendar inside. */
export function replyMessage(input: ReplyInput, actionId: string): ImipMessage {
  const verb = { accepted: 'Accepted', declined: 'Declined', tentative: 'Tentative', 'needs-action': 'Undecided' }[input.answer];
  const did = { accepted: 'accepted', declined: 'declined', tentative: 'tentatively accepted', 'needs-action': 'not decided yet about' }[input.answer];
  const who = input.attendee.name || input.attendee.email;
  const organizer = input.event.organizer;
  if (!organizer || !organizer.email) throw new Error(`"${input.event.summary}" names no organiser to answer.`);
  return {
    from: input.attendee,
    to: [organizer],
    subject: `${verb}: ${input.event.summary || 'Invitation'}`,
    text: `${who} has ${did} the invitation "${input.event.summary}".${input.comment ? `\n\n${input.comment}` : ''}\n`,
    method: 'REPLY',
    ics: buildReplyIcs(input),
    messageId: `<steward-${actionId}@steward.invalid>`,
  };
}

/** The cancellation as a mail to every attendee but the organiser. */
export function cancelMessage(event: ScheduledEvent, organizer: EventPerson, now: Date, actionId: string): ImipMessage {
  return {
    from: organizer,
    to: event.attendees.filter((a) => a.email !== '' && a.email !== organizer.email),
    subject: `Cancelled: ${event.summary || 'Event'}`,
    text: `"${event.summary}" has been cancelled by ${organizer.name || organizer.email}.\n`,
    method: 'CANCEL',
    ics: buildCancelIcs(event, now),
    messageId: `<steward-${actionId}@steward.invalid>`,
  };
}

/** The message as RFC 5322 bytes, with the calendar as text/calendar;method=… (RFC 6047) and as an .ics attachment. */
export async function composeImip(message: ImipMessage): Promise<Buffer> {
  return buildMessage({
    from: { name: message.from.name, address: message.from.email },
    to: message.to.map((person) => ({ name: person.name, address: person.email })),
    subject: message.subject,
    text: message.text,
    messageId: message.messageId,
    icalEvent: { method: message.method, content: message.ics },
  });
}

/** The whole event sent again to its attendees (METHOD:REQUEST), as when undo restores a cancelled event. */
export function requestMessage(ics: string, organizer: EventPerson, attendees: readonly EventPerson[], summary: string, actionId: string): ImipMessage {
  const calendar = parseComponent(ics);
  calendar.updatePropertyWithValue('method', 'REQUEST');
  return {
    from: organizer,
    to: attendees.filter((a) => a.email !== '' && a.email !== organizer.email),
    subject: `Invitation: ${summary || 'Event'}`,
    text: `${organizer.name || organizer.email} invites you to "${summary}".\n`,
    method: 'REQUEST',
    ics: calendar.toString() + '\r\n',
    messageId: `<steward-${actionId}@steward.invalid>`,
  };
}

function newCalendar(method: string): ICAL.Component {
  const calendar = new (ical().Component)('vcalendar');
  calendar.addPropertyWithValue('prodid', PRODID);
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('method', method);
  return calendar;
}

function personProperty(name: 'organizer' | 'attendee', person: EventPerson): ICAL.Property {
  const property = new (ical().Property)(name);
  property.setValue(`mailto:${person.email}`);
  if (person.name) property.setParameter('cn', person.name);
  return property;
}

function utcTime(date: Date): ICAL.Time {
  return ical().Time.fromJSDate(new Date(Math.floor(date.getTime() / 1000) * 1000), true);
}

/** A MIME part as mailparser gives attachments (text/calendar parts land there). */
export interface MimePart {
  readonly contentType: string;
  readonly content: Uint8Array | string;
  /** The part's Content-Type header with parameters, when known (its method= counts). */
  readonly contentTypeHeader?: string;
}

/**
 * The invitations a mail carries. Senders usually attach the same calendar twice (a
 * text/calendar alternative and an .ics attachment): each UID and occurrence is kept once.
 */
export function invitationsInMail(parts: readonly MimePart[]): InvitationParse {
  const invitations: Invitation[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const type = part.contentType.toLowerCase();
    if (type !== 'text/calendar' && type !== 'application/ics') continue;
    const parsed = parseInvitation(part.content, part.contentTypeHeader ?? part.contentType);
    problems.push(...parsed.problems);
    for (const invitation of parsed.invitations) {
      const key = `${invitation.method}|${invitationKey(invitation)}|${invitation.sequence}`;
      if (seen.has(key)) continue;
      seen.add(key);
      invitations.push(invitation);
    }
  }
  return { invitations, problems: [...new Set(problems)] };
}
