/**
 * When a routine is due, purely: the last scheduled moment at or before now, and the next one
 * after it, in the user's time zone. A routine fires for the latest slot it has not fired for:
 * after a night asleep that is one slot, not one per missed tick.
 */
import type { Schedule } from '@shared/config/agent.js';
import { addDays, instantOf, wallClock, weekdayOf } from '../time-zone.js';

/** The instants of the schedule's slots on the calendar days from `days` back to `days` ahead of `at`. */
function slotsAround(schedule: Schedule, timeZone: string, at: Date, back: number, ahead: number): Date[] {
  const today = wallClock(at, timeZone);
  const slots: Date[] = [];
  for (let offset = -back; offset <= ahead; offset++) {
    const date = addDays(today, offset);
    if (!schedule.days.includes(weekdayOf(date))) continue;
    slots.push(instantOf(date.year, date.month, date.day, Math.floor(schedule.minuteOfDay / 60), schedule.minuteOfDay % 60, timeZone));
  }
  return slots;
}

/** The last slot at or before `now` (within the past week and a day), or null. */
export function latestSlot(schedule: Schedule, timeZone: string, now: Date): Date | null {
  const past = slotsAround(schedule, timeZone, now, 8, 0).filter((slot) => slot.getTime() <= now.getTime());
  return past.at(-1) ?? null;
}

/** The first slot after `now`, or null for a schedule with no days. */
export function nextSlot(schedule: Schedule, timeZone: string, now: Date): Date | null {
  return slotsAround(schedule, timeZone, now, 0, 8).find((slot) => slot.getTime() > now.getTime()) ?? null;
}

/**
 * Whether a routine fires now: its latest slot is one it has not fired for, and not too old to
 * be worth it (a morning brief three days late is noise).
 */
export function dueSlot(schedule: Schedule, timeZone: string, now: Date, lastFired: Date | null, maxLateMs: number): Date | null {
  const slot = latestSlot(schedule, timeZone, now);
  if (!slot) return null;
  if (lastFired && slot.getTime() <= lastFired.getTime()) return null;
  if (now.getTime() - slot.getTime() > maxLateMs) return null;
  return slot;
}
