/**
 * Where the user is in their day: in a meeting now (for the interruption policy), what comes
 * next (for the popover's "next: Design review in 25 min"), and meetings with people about to
 * start (the trigger for meeting prep). Pure: the caller passes the occurrences and the time.
 */
import { declinedBy, isBusy, mergeBusy } from './busy.js';
import { findSelf, type EventInstance } from './event-item.js';

export interface InMeeting {
  readonly inMeeting: boolean;
  /** The occurrence under way now (the one that ends last, if several), or null. */
  readonly current: EventInstance | null;
  /** When the user is free again: the end of the back-to-back run that holds now; null when not in a meeting. */
  readonly freeAtMs: number | null;
}

/** Is the user busy with a (timed) event right now? All-day occurrences never count. */
export function inMeetingNow(instances: readonly EventInstance[], nowMs: number, self: ReadonlySet<string>): InMeeting {
  const busy = instances.filter((i) => !i.allDay && isBusy(i, self));
  const current = busy.filter((i) => i.startMs <= nowMs && i.endMs > nowMs).sort((a, b) => b.endMs - a.endMs)[0] ?? null;
  if (!current) return { inMeeting: false, current: null, freeAtMs: null };
  const run = mergeBusy(busy, { startMs: nowMs, endMs: Number.MAX_SAFE_INTEGER }).find((block) => block.startMs <= nowMs);
  return { inMeeting: true, current, freeAtMs: run?.endMs ?? current.endMs };
}

export interface NextEvent {
  readonly instance: EventInstance;
  /** Whole minutes from now to its start, rounded up (a start 30 s away is "in 1 min"). */
  readonly minutesUntil: number;
}

/**
 * The next timed occurrence the user has not declined, starting after now. Transparent
 * ("free") events count: the user still wants to know about them.
 */
export function nextEvent(instances: readonly EventInstance[], nowMs: number, self: ReadonlySet<string>): NextEvent | null {
  const next = instances
    .filter((i) => !i.allDay && i.startMs > nowMs && i.item.status !== 'cancelled' && !declinedBy(i, self))
    .sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key))[0];
  return next ? { instance: next, minutesUntil: Math.ceil((next.startMs - nowMs) / 60_000) } : null;
}

/** Does anyone besides the user (people, not rooms) take part? */
export function withOtherPeople(instance: EventInstance, self: ReadonlySet<string>): boolean {
  const { organizer, attendees } = instance.item;
  const others = attendees.filter((a) => !a.isResource && a.email !== '' && !self.has(a.email));
  return others.length > 0 || (organizer !== null && organizer.email !== '' && !self.has(organizer.email) && findSelf(attendees, self) !== undefined);
}

/**
 * Meetings with other people starting within the next `withinMs` (after now, up to and
 * including now + withinMs), soonest first: what meeting prep runs for. The caller remembers
 * which keys it already handled.
 */
export function meetingsStartingWithin(instances: readonly EventInstance[], nowMs: number, withinMs: number, self: ReadonlySet<string>): EventInstance[] {
  return instances
    .filter((i) => !i.allDay && i.startMs > nowMs && i.startMs <= nowMs + withinMs && isBusy(i, self) && withOtherPeople(i, self))
    .sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key));
}
