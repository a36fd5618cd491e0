/**
 * Double bookings: two busy occurrences of different events that overlap. Pure.
 * The same UID in two calendars is one meeting copied twice (an invitation accepted into a
 * shared calendar too), not a conflict.
 */
import { isBusy, type Interval } from './busy.js';
import type { EventInstance } from './event-item.js';

export interface Conflict {
  /** The one that starts first (or, starting together, the shorter). */
  readonly first: EventInstance;
  readonly second: EventInstance;
  /** The overlap. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Every overlapping pair among busy occurrences, in order of overlap start. */
export function findConflicts(instances: readonly EventInstance[], self: ReadonlySet<string>): Conflict[] {
  const busy = instances.filter((i) => isBusy(i, self)).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.key.localeCompare(b.key));
  const conflicts: Conflict[] = [];
  // Sweep: `open` holds occurrences that may still overlap what comes next.
  let open: EventInstance[] = [];
  for (const current of busy) {
    open = open.filter((earlier) => earlier.endMs > current.startMs);
    for (const earlier of open) {
      if (earlier.uid === current.uid) continue;
      conflicts.push({ first: earlier, second: current, startMs: current.startMs, endMs: Math.min(earlier.endMs, current.endMs) });
    }
    open.push(current);
  }
  return conflicts.sort((a, b) => a.startMs - b.startMs || a.first.key.localeCompare(b.first.key));
}

/** The busy occurrences a proposed time would clash with (for "Accept? It conflicts with 1:1 with Ana"). */
export function conflictsWith(slot: Interval & { readonly uid?: string }, instances: readonly EventInstance[], self: ReadonlySet<string>): EventInstance[] {
  return instances.filter((i) => isBusy(i, self) && i.uid !== slot.uid && i.startMs < slot.endMs && i.endMs > slot.startMs).sort((a, b) => a.startMs - b.startMs);
}

/** Names both events and the overlap: '"Design review" overlaps "1:1 with Ana" by 30 min'. */
export function describeConflict(conflict: Conflict): string {
  return `${quoted(conflict.first)} overlaps ${quoted(conflict.second)} by ${formatMinutes(conflict.endMs - conflict.startMs)}`;
}

function quoted(instance: EventInstance): string {
  return `"${instance.item.summary || 'Untitled event'}"`;
}

/** 90 min → "1 h 30 min"; durations only (clock times are the UI's to format in the user's locale). */
export function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
