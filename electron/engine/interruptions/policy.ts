/**
 * Whether a new suggestion interrupts the user (a desktop notification) or waits quietly in the
 * popover, and why, in words the card shows ("held: quiet hours"). A pure decision over facts
 * gathered elsewhere.
 */
import type { Urgency } from '@shared/domain/types.js';
import { zoneFormat } from '../zone-format.js';

export interface InterruptionQuestion {
  readonly urgency: Urgency;
  /** While paused the user asked Steward to stand still: it does not tap them on the shoulder either. */
  readonly paused: boolean;
  /** Idle, locked, asleep, or away by setting: held and summarised on return. */
  readonly away: boolean;
  readonly minUrgency: Urgency;
  /** "22:00-07:00", or null for none. */
  readonly quietHours: string | null;
  /** Minutes since local midnight, in the user's time zone. */
  readonly minuteOfDay: number;
  readonly inMeeting: boolean;
  readonly perHour: number;
  /** Notifications already shown in the past hour. */
  readonly notifiedLastHour: number;
}

export type HoldReason = 'paused' | 'away' | 'urgency' | 'quiet-hours' | 'meeting' | 'budget';

export type InterruptionVerdict =
  | { readonly notify: true; readonly reason: string }
  | { readonly notify: false; readonly hold: HoldReason; readonly reason: string };

const RANK: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, high: 2 };

export function decideInterruption(q: InterruptionQuestion): InterruptionVerdict {
  const held = (hold: HoldReason, why: string): InterruptionVerdict => ({ notify: false, hold, reason: `held: ${why}` });
  if (q.paused) return held('paused', 'Steward is paused');
  if (q.away) return held('away', 'you were away; summarised when you are back');
  if (RANK[q.urgency] < RANK[q.minUrgency]) return held('urgency', `${q.urgency} urgency (you are notified from ${q.minUrgency} up)`);
  if (q.quietHours && inSpan(q.quietHours, q.minuteOfDay)) return held('quiet-hours', `quiet hours (${q.quietHours.replace('-', '–')})`);
  // Only something urgent breaks into a meeting.
  if (q.inMeeting && q.urgency !== 'high') return held('meeting', 'you are in a meeting');
  if (q.notifiedLastHour >= q.perHour) {
    return held('budget', q.perHour === 0 ? 'notifications are off (0 per hour)' : `${q.perHour} notifications in the past hour already`);
  }
  return { notify: true, reason: q.urgency === 'high' ? 'notified: urgent' : 'notified' };
}

/** Whether a minute of the day falls in "HH:MM-HH:MM", a span that may cross midnight. */
export function inSpan(span: string, minuteOfDay: number): boolean {
  const [from, to] = span.split('-').map(minutes);
  if (from === undefined || to === undefined || from === to) return false;
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** Minutes since local midnight at `at` in a time zone ('' for the system's). */
export function minuteOfDayIn(at: Date, timeZone: string): number {
  const parts = zoneFormat('en-GB', CLOCK, timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

