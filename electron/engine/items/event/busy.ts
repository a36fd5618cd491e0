/**
 * Free/busy from the user's own events: which occurrences take the user's time. Pure.
 *
 * An occurrence is busy unless it is cancelled, the user declined it, or it is marked
 * transparent ("show as free"). All-day occurrences (holidays, trips, birthdays) are busy only
 * when they say so explicitly (TRANSP:OPAQUE): most calendars write nothing for them, and
 * treating every birthday as a day of meetings would make every other rule useless.
 */
import { findSelf, type EventInstance } from './event-item.js';

export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

export interface BusyBlock extends Interval {
  /** The occurrences that make up this block, by start. */
  readonly instances: readonly EventInstance[];
}

export interface FreeBusy {
  readonly busy: readonly BusyBlock[];
  readonly free: readonly Interval[];
}

/** Did the user decline this occurrence? */
export function declinedBy(instance: EventInstance, self: ReadonlySet<string>): boolean {
  return findSelf(instance.item.attendees, self)?.partstat === 'declined';
}

export function isBusy(instance: EventInstance, self: ReadonlySet<string>): boolean {
  const { item } = instance;
  if (item.status === 'cancelled' || declinedBy(instance, self)) return false;
  if (instance.allDay) return item.transparency === 'opaque';
  return item.transparency !== 'transparent' && instance.endMs > instance.startMs;
}

/** Busy blocks (overlapping and touching occurrences merged) and the free time between them, inside a window. */
export function freeBusy(instances: readonly EventInstance[], window: Interval, self: ReadonlySet<string>): FreeBusy {
  const busy = mergeBusy(instances.filter((i) => isBusy(i, self) && i.endMs > window.startMs && i.startMs < window.endMs), window);
  const free: Interval[] = [];
  let cursor = window.startMs;
  for (const block of busy) {
    if (block.startMs > cursor) free.push({ startMs: cursor, endMs: block.startMs });
    cursor = Math.max(cursor, block.endMs);
  }
  if (cursor < window.endMs) free.push({ startMs: cursor, endMs: window.endMs });
  return { busy, free };
}

/** Merges busy occurrences into blocks, clipped to a window. Blocks closer than `joinGapMs` become one. */
export function mergeBusy(instances: readonly EventInstance[], window: Interval, joinGapMs = 0): BusyBlock[] {
  const sorted = [...instances].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const blocks: { startMs: number; endMs: number; instances: EventInstance[] }[] = [];
  for (const instance of sorted) {
    const startMs = Math.max(instance.startMs, window.startMs);
    const endMs = Math.min(instance.endMs, window.endMs);
    if (endMs <= startMs) continue;
    const last = blocks.at(-1);
    if (last && startMs <= last.endMs + joinGapMs) {
      last.endMs = Math.max(last.endMs, endMs);
      last.instances.push(instance);
    } else {
      blocks.push({ startMs, endMs, instances: [instance] });
    }
  }
  return blocks;
}
