/**
 * What the calendar detectors share about a stored event: the user's addresses on its account,
 * its coming occurrences among the user's others, when an occurrence is in words ("Tue 10:00"),
 * and the card's source chip. Pure.
 */
import type { SourceRef } from '@shared/domain/types.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { EventWhen } from '../../intents/intents.js';
import { selfAddresses, type EventInstance } from '../../items/event/event-item.js';
import type { StoredEvent } from '../../items/event/event-kind.js';
import { effectiveTimeZone } from '../../agent/time-zone.js';
import type { DetectorContext } from '../types.js';

/** The user's calendar addresses on this account: its address plus any the server listed. */
export function selfOf(account: StoredAccount): ReadonlySet<string> {
  const settings = account.settings as { readonly addresses?: readonly string[] };
  return selfAddresses([account.email, ...(settings.addresses ?? [])]);
}

export function zoneOf(context: DetectorContext): string {
  return effectiveTimeZone(context.config('user.timeZone'));
}

/** This event's occurrences that have not ended yet, soonest first. */
export function comingOccurrences(event: StoredEvent, nowMs: number): EventInstance[] {
  return event.around.filter((instance) => instance.href === event.href && instance.endMs > nowMs);
}

/** "Tue 10:00", or "Tue 3 Dec" for an all-day occurrence, in the user's zone. */
export function whenInWords(instance: EventInstance, zone: string): string {
  if (instance.allDay) return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(`${instance.startDate ?? instance.start.slice(0, 10)}T00:00:00Z`));
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instance.startMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('hour')}:${part('minute')}`;
}

export function whenOf(instance: EventInstance): EventWhen {
  return { start: instance.start, end: instance.end, allDay: instance.allDay };
}

export function titleOf(instance: EventInstance): string {
  return instance.item.summary || 'Untitled event';
}

export function eventSource(event: StoredEvent, instance: EventInstance): SourceRef {
  const organiser = instance.item.organizer;
  return { kind: 'event', itemId: event.id, label: organiser?.name || organiser?.email || 'Your calendar', subject: titleOf(instance), at: instance.start };
}
