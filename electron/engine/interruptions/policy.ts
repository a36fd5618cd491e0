/**
 * Whether a new suggestion interrupts the user (a desktop notification) or waits quietly in
 * the popover. A pure decision; quiet hours, calendar-busy and an hourly budget join it later.
 */
import type { Urgency } from '@shared/domain/types.js';

export interface InterruptionQuestion {
  readonly urgency: Urgency;
  /** While paused the user asked Steward to stand still: it does not tap them on the shoulder either. */
  readonly paused: boolean;
}

export function shouldInterrupt(q: InterruptionQuestion): boolean {
  return !q.paused && q.urgency !== 'low';
}
