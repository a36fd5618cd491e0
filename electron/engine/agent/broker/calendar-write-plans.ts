/**
 * The calendar write tools as proposals: calendar_create, calendar_respond, calendar_update and
 * calendar_cancel become the calendar intents, which the event's own connector (CalDAV, Google
 * Calendar) plans into its steps (connectors/<kind>/planner.ts). The model names Steward's event
 * ids as calendar_list_events shows them; which account and calendar, the event's address, the
 * version the user sees (its etag) and what the card shows come from the stored event, never
 * from the model.
 *
 * What an executor would refuse anyway is refused here already, in words the model can act on:
 * changing an event with other guests (they would have to be told, which a change does not do),
 * cancelling an event someone else organises, invitations and notes Steward does not send.
 */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { Db } from '../../db/database.js';
import type { CalendarEventRef, EventWhen, StepIntent } from '../../intents/intents.js';
import { findSelf, selfAddresses, type CalendarObject, type EventItem, type EventTime } from '../../items/event/event-item.js';
import { EventStore } from '../../items/event/event-store.js';
import { expandObject } from '../../items/event/expand.js';
import type { EventChanges } from '../../items/event/ics-edit.js';
import { addDays, formatWall, isKnownZone, utcToWall } from '../../items/event/zones.js';
import { calendarName } from '../../items/event/calendar-name.js';
import { effectiveTimeZone } from '../time-zone.js';
import type { ProposedStep } from '../tool-broker.js';
import type { WritePlan, WritePlanContext, WritePlanner } from './write-plans.js';

export interface CalendarWriteDeps {
  readonly db: Db;
  /** The engine's clock; the system's when not given (planners that never see a calendar). */
  readonly now?: () => Date;
  /** The user's zone: where new events are written and floating times happen; the system's when not given. */
  readonly timeZone?: () => string;
}

interface Clocked {
  readonly db: Db;
  readonly now: () => Date;
  readonly timeZone: () => string;
}

const DAY_MS = 86_400_000;

export function calendarWritePlanners(given: CalendarWriteDeps): readonly WritePlanner[] {
  const deps: Clocked = { db: given.db, now: given.now ?? (() => new Date()), timeZone: given.timeZone ?? (() => effectiveTimeZone('')) };
  return [
    { capability: 'calendar.create', plan: (step, context) => planCreate(deps, step, context) },
    { capability: 'calendar.respond', plan: (step, context) => planRespond(deps, step, context) },
    { capability: 'calendar.update', plan: (step, context) => planUpdate(deps, step, context) },
    { capability: 'calendar.cancel', plan: (step, context) => planCancel(deps, step, context) },
  ];
}

/** An event the model named, as the store holds it, on an account Steward may read. */
interface FoundEvent {
  readonly account: StoredAccount;
  readonly itemId: string;
  readonly object: CalendarObject;
  readonly item: EventItem;
  readonly ref: CalendarEventRef;
  readonly self: ReadonlySet<string>;
}

function findEvent(deps: Clocked, context: WritePlanContext, eventId: string): FoundEvent | string {
  const row = deps.db.prepare("SELECT account_id, external_id FROM items WHERE id = ? AND kind = 'event' AND present = 1").get(eventId) as { account_id: string; external_id: string } | undefined;
  const account = row ? context.readable.find((a) => a.id === row.account_id) : undefined;
  if (!row || !account) return `there is no event ${eventId} in the calendars Steward may read; use an id from calendar_list_events.`;
  const object = new EventStore(deps.db).objectsAt(account.id, row.external_id)[0];
  const item = object?.master ?? object?.overrides[0];
  if (!object || !item) return `the event ${eventId} is no longer in the calendar.`;
  // An invitation to one occurrence only (no master in the resource) is answered on that occurrence.
  const ref: CalendarEventRef = { href: object.href, recurrenceId: object.master ? null : item.recurrenceId, title: item.summary || 'Untitled event', when: whenOf(deps, object, item) };
  return { account, itemId: eventId, object, item, ref, self: selfOf(account) };
}

/** The next occurrence (or the last one, for an event in the past), for the card. */
function whenOf(deps: Clocked, object: CalendarObject, item: EventItem): EventWhen {
  const nowMs = deps.now().getTime();
  const options = { userZone: deps.timeZone(), limits: { maxInstances: 50 } };
  const coming = expandObject(object, { startMs: nowMs - DAY_MS, endMs: nowMs + 400 * DAY_MS }, options).instances.find((instance) => instance.endMs > nowMs);
  const first = coming ?? expandObject(object, { startMs: 0, endMs: nowMs + 400 * DAY_MS }, options).instances.at(-1);
  if (first) return { start: first.start, end: first.end, allDay: first.allDay };
  const at = item.start.kind === 'utc' ? item.start.iso : new Date(nowMs).toISOString();
  return { start: at, end: at, allDay: item.start.kind === 'date' };
}

function selfOf(account: StoredAccount): ReadonlySet<string> {
  return selfAddresses([account.email, ...((account.settings as { readonly addresses?: readonly string[] }).addresses ?? [])]);
}

function othersOf(found: FoundEvent): string[] {
  return found.item.attendees.filter((attendee) => !attendee.isResource && attendee.email && !found.self.has(attendee.email)).map((attendee) => attendee.email);
}

function proposalOf(step: ProposedStep, context: WritePlanContext, account: StoredAccount, title: string, intent: StepIntent, itemId: string | null): WritePlan {
  return {
    ok: true,
    account,
    proposal: {
      kind: 'agent',
      accountId: account.id,
      dedupeKey: `agent:${context.stableKey}`,
      title,
      why: step.reason,
      urgency: 'normal',
      flags: [],
      sources: [],
      items: itemId ? [{ id: itemId, key: itemId }] : [],
      intents: [intent],
    },
  };
}

function planCreate(deps: Clocked, step: ProposedStep, context: WritePlanContext): WritePlan {
  const args = step.args as { calendar?: string; title: string; start: string; end: string; allDay?: boolean; location?: string; description?: string; attendees?: string[] };
  if ((args.attendees ?? []).length > 0) {
    return { ok: false, reason: 'Steward adds events without guests (nobody is invited); propose it without attendees and tell the user whom to invite.' };
  }
  const calendars = calendarsOf(deps.db, context.readable);
  const wanted = args.calendar?.toLowerCase();
  const chosen = wanted ? calendars.find((c) => c.name.toLowerCase() === wanted || c.calendarId.toLowerCase() === wanted) : calendars[0];
  if (!chosen) {
    return { ok: false, reason: wanted ? `the user has no calendar called "${args.calendar ?? ''}" that Steward may read (${calendars.map((c) => c.name).join(', ') || 'none'}).` : 'Steward knows no calendar of the user yet.' };
  }
  const account = context.readable.find((a) => a.id === chosen.accountId);
  if (!account) return { ok: false, reason: 'that calendar is not on an account Steward may read.' };
  const startMs = Date.parse(args.start);
  const endMs = Date.parse(args.end);
  if (!(endMs > startMs)) return { ok: false, reason: 'the event must end after it starts.' };
  const zone = deps.timeZone();
  const time = (iso: string, ms: number): EventTime => (args.allDay ? { kind: 'date', date: iso.slice(0, 10) } : zonedOrUtc(ms, zone));
  const event = {
    summary: args.title,
    start: time(args.start, startMs),
    end: args.allDay ? { kind: 'date' as const, date: args.end.slice(0, 10) > args.start.slice(0, 10) ? args.end.slice(0, 10) : addDays(args.start.slice(0, 10), 1) } : time(args.end, endMs),
    ...(args.location ? { location: args.location } : {}),
    ...(args.description ? { description: args.description } : {}),
    status: 'tentative' as const,
  };
  const when = { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), allDay: args.allDay === true };
  return proposalOf(step, context, account, `Add "${args.title}" to ${chosen.name}`, { type: 'calendar.create', calendarId: chosen.calendarId, event, when }, null);
}

function planRespond(deps: Clocked, step: ProposedStep, context: WritePlanContext): WritePlan {
  const args = step.args as { eventId: string; response: 'accepted' | 'tentative' | 'declined'; comment?: string };
  if (args.comment) return { ok: false, reason: 'Steward answers invitations without a note to the organiser; propose the answer without a comment, or a separate email_draft.' };
  const found = findEvent(deps, context, args.eventId);
  if (typeof found === 'string') return { ok: false, reason: found };
  const organizer = found.item.organizer;
  if (organizer && found.self.has(organizer.email)) return { ok: false, reason: `the user organises "${found.ref.title}"; there is no invitation to answer.` };
  if (!findSelf(found.item.attendees, found.self)) return { ok: false, reason: `the user is not a guest of "${found.ref.title}", so there is no invitation to answer.` };
  const verb = { accepted: 'Accept', tentative: 'Tentatively accept', declined: 'Decline' }[args.response];
  return proposalOf(step, context, found.account, `${verb} "${found.ref.title}"`, { type: 'calendar.respond', event: found.ref, answer: args.response }, found.itemId);
}

function planUpdate(deps: Clocked, step: ProposedStep, context: WritePlanContext): WritePlan {
  const args = step.args as { eventId: string; title?: string; start?: string; end?: string; location?: string; description?: string; addAttendees?: string[]; removeAttendees?: string[] };
  if ((args.addAttendees ?? []).length > 0 || (args.removeAttendees ?? []).length > 0) {
    return { ok: false, reason: 'Steward does not change who is invited (the guests would be told); propose the other changes alone, and tell the user whom to add or remove.' };
  }
  const found = findEvent(deps, context, args.eventId);
  if (typeof found === 'string') return { ok: false, reason: found };
  const others = othersOf(found);
  if (others.length > 0) {
    return { ok: false, reason: `"${found.ref.title}" has other guests (${others.slice(0, 3).join(', ')}); changing it would mean telling them, which Steward's change does not do. Suggest the change to the user in words instead.` };
  }
  const moved = timesOf(found, args.start, args.end);
  if (typeof moved === 'string') return { ok: false, reason: moved };
  const changes: EventChanges = {
    ...(args.title !== undefined ? { summary: args.title } : {}),
    ...(args.location !== undefined ? { location: args.location } : {}),
    ...(args.description !== undefined ? { description: args.description } : {}),
    ...moved.changes,
  };
  if (Object.keys(changes).length === 0) return { ok: false, reason: 'the call changes nothing: give at least one of title, start, end, location, description.' };
  const words = [
    args.title !== undefined ? `Title: "${args.title}".` : '',
    moved.words,
    args.location !== undefined ? `Place: ${args.location || '(none)'}.` : '',
    args.description !== undefined ? 'The description is replaced.' : '',
  ].filter(Boolean);
  const intent: StepIntent = { type: 'calendar.update', event: found.ref, etag: found.object.etag, changes, described: words.join(' ') };
  return proposalOf(step, context, found.account, `Change "${found.ref.title}"`, intent, found.itemId);
}

function planCancel(deps: Clocked, step: ProposedStep, context: WritePlanContext): WritePlan {
  const args = step.args as { eventId: string; message?: string };
  if (args.message) return { ok: false, reason: 'Steward cancels without a note to the attendees; propose the cancellation without a message, or a separate email_draft.' };
  const found = findEvent(deps, context, args.eventId);
  if (typeof found === 'string') return { ok: false, reason: found };
  const organizer = found.item.organizer;
  if (organizer && organizer.email && !found.self.has(organizer.email)) {
    return { ok: false, reason: `the user does not organise "${found.ref.title}" (${organizer.name || organizer.email} does), so it cannot be cancelled for everyone; propose calendar_respond with "declined" instead.` };
  }
  if (found.item.status === 'cancelled') return { ok: false, reason: `"${found.ref.title}" is already cancelled.` };
  const intent: StepIntent = { type: 'calendar.cancel', event: found.ref, etag: found.object.etag, guests: othersOf(found).length };
  return proposalOf(step, context, found.account, `Cancel "${found.ref.title}"`, intent, found.itemId);
}

/**
 * The new start and end as the event keeps its times: in its own zone when it has one. A new
 * start alone moves the event and keeps its length.
 */
function timesOf(found: FoundEvent, start: string | undefined, end: string | undefined): { changes: EventChanges; words: string } | string {
  if (start === undefined && end === undefined) return { changes: {}, words: '' };
  const item = found.item;
  if (item.start.kind === 'date') return 'the event is all-day; Steward changes only the times of events with a time of day.';
  if (found.object.master?.recurrence) return `"${found.ref.title}" repeats; Steward does not move a whole series. Suggest the new time to the user in words instead.`;
  const oldStartMs = Date.parse(found.ref.when.start);
  const oldEndMs = Date.parse(found.ref.when.end);
  const startMs = start !== undefined ? Date.parse(start) : oldStartMs;
  const endMs = end !== undefined ? Date.parse(end) : startMs + (oldEndMs - oldStartMs);
  if (!(endMs > startMs)) return 'the event must end after it starts.';
  const zone = item.start.kind === 'zoned' && isKnownZone(item.start.tzid) ? item.start.tzid : null;
  const at = (ms: number): EventTime => (zone ? { kind: 'zoned', local: formatWall(utcToWall(ms, zone)), tzid: zone } : { kind: 'utc', iso: isoSeconds(ms) });
  const kept = end === undefined ? ' (same length)' : '';
  return { changes: { start: at(startMs), end: at(endMs) }, words: `New time: ${isoSeconds(startMs)} to ${isoSeconds(endMs)}${kept}.` };
}

/** The calendars Steward holds events of on these accounts, the fullest first: the first is the user's main one. */
function calendarsOf(db: Db, accounts: readonly StoredAccount[]): { accountId: string; calendarId: string; name: string }[] {
  if (accounts.length === 0) return [];
  const rows = db
    .prepare(`SELECT account_id, calendar_id, COUNT(*) AS n FROM calendar_objects WHERE account_id IN (${accounts.map(() => '?').join(',')}) GROUP BY account_id, calendar_id ORDER BY n DESC, calendar_id`)
    .all(...accounts.map((a) => a.id)) as { account_id: string; calendar_id: string }[];
  return rows.map((row) => ({ accountId: row.account_id, calendarId: row.calendar_id, name: calendarName(row.calendar_id) }));
}

function zonedOrUtc(ms: number, zone: string): EventTime {
  return isKnownZone(zone) ? { kind: 'zoned', local: formatWall(utcToWall(ms, zone)), tzid: zone } : { kind: 'utc', iso: isoSeconds(ms) };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
