/**
 * Days without a break, and where a focus block would go. Pure.
 *
 * A working day has no break when meetings run back to back (gaps shorter than a break count
 * as none) for longer than `maxStretchMinutes`, or when no free gap of `focusMinutes` is left in
 * working hours. The proposal is the longest free gap of at least `breakMinutes` (the earliest
 * of equals), held for up to `focusMinutes` from its start, as a tentative event the user
 * approves; when no such gap is left, there is nothing to propose and the verdict says so.
 */
import { isBusy, mergeBusy, type Interval } from './busy.js';
import { formatMinutes } from './conflicts.js';
import type { EventInstance } from './event-item.js';
import type { NewEventSpec } from './ics-edit.js';
import { formatWall, parseWall, utcToWall, wallToUtcMs } from './zones.js';

export interface WorkingDay {
  /** "YYYY-MM-DD" in the user's zone. */
  readonly date: string;
  readonly zone: string;
  /** "HH:mm", local. */
  readonly workStart: string;
  readonly workEnd: string;
}

export interface FocusOptions {
  readonly breakMinutes: number;
  readonly focusMinutes: number;
  readonly maxStretchMinutes: number;
}

export const DEFAULT_FOCUS_OPTIONS: FocusOptions = { breakMinutes: 30, focusMinutes: 60, maxStretchMinutes: 180 };

export type DayVerdict =
  | { readonly kind: 'fine'; readonly longestGapMinutes: number }
  | {
      readonly kind: 'no-break';
      /** In words, durations only: "Meetings run back to back for 4 h 30 min". */
      readonly reason: string;
      /** Where a tentative focus block would go; null when the day has no gap of a break's length left. */
      readonly proposal: Interval | null;
      /** The longest back-to-back run of busy time. */
      readonly longestStretch: Interval;
    };

export function workingHours(day: WorkingDay): Interval {
  const at = (time: string) => wallToUtcMs(parseWall(`${day.date}T${time.length === 5 ? `${time}:00` : time}`), day.zone);
  return { startMs: at(day.workStart), endMs: at(day.workEnd) };
}

export function analyzeDay(instances: readonly EventInstance[], day: WorkingDay, self: ReadonlySet<string>, options: FocusOptions = DEFAULT_FOCUS_OPTIONS): DayVerdict {
  const hours = workingHours(day);
  const busy = mergeBusy(instances.filter((i) => !i.allDay && isBusy(i, self)), hours);
  const gaps = freeGaps(busy, hours);
  const longestGap = Math.max(0, ...gaps.map(length));
  if (busy.length === 0) return { kind: 'fine', longestGapMinutes: minutes(longestGap) };

  const stretches = mergeBusy(busy.flatMap((block) => block.instances), hours, options.breakMinutes * 60_000 - 1);
  const longestStretch = stretches.reduce((best, block) => (length(block) > length(best) ? block : best));
  const tooLong = length(longestStretch) > options.maxStretchMinutes * 60_000;
  const noRoom = longestGap < options.focusMinutes * 60_000;
  if (!tooLong && !noRoom) return { kind: 'fine', longestGapMinutes: minutes(longestGap) };

  const candidates = gaps.filter((gap) => length(gap) >= options.breakMinutes * 60_000);
  const best = candidates.reduce<Interval | null>((pick, gap) => (pick === null || length(gap) > length(pick) ? gap : pick), null);
  const proposal = best ? { startMs: best.startMs, endMs: Math.min(best.endMs, best.startMs + options.focusMinutes * 60_000) } : null;
  const stretch = { startMs: longestStretch.startMs, endMs: longestStretch.endMs };
  const reason = tooLong
    ? `Meetings run back to back for ${formatMinutes(length(stretch))}`
    : best
      ? `No free hour is left in working hours; the longest gap is ${formatMinutes(longestGap)}`
      : `Working hours are booked with no gap of ${formatMinutes(options.breakMinutes * 60_000)} left`;
  return { kind: 'no-break', reason, proposal, longestStretch: stretch };
}

/** A proposal as the tentative, busy event calendar.create adds, written in the user's zone. */
export function focusBlockEvent(proposal: Interval, zone: string, summary = 'Focus time'): NewEventSpec {
  const at = (ms: number) => ({ kind: 'zoned' as const, local: formatWall(utcToWall(ms, zone)), tzid: zone });
  return {
    summary,
    start: at(proposal.startMs),
    end: at(proposal.endMs),
    description: 'Held by Steward because the day had no break. Move or delete it as you like.',
    status: 'tentative',
    transparency: 'opaque',
  };
}

function freeGaps(busy: readonly Interval[], hours: Interval): Interval[] {
  const gaps: Interval[] = [];
  let cursor = hours.startMs;
  for (const block of busy) {
    if (block.startMs > cursor) gaps.push({ startMs: cursor, endMs: block.startMs });
    cursor = Math.max(cursor, block.endMs);
  }
  if (cursor < hours.endMs) gaps.push({ startMs: cursor, endMs: hours.endMs });
  return gaps;
}

function length(interval: Interval): number {
  return interval.endMs - interval.startMs;
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}
