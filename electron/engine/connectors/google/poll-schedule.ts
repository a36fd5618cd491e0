/**
 * How often to ask Google (Gmail, Calendar) what changed. Gmail's push needs a Google Cloud Pub/Sub topic and a
 * subscriber that can receive its messages, which a desktop app behind NAT cannot be; so Steward
 * polls, cheaply: one history.list from the stored history id, which costs 2 of the 250 quota
 * units a user may spend per second and, when nothing changed, answers in about a hundred bytes.
 *
 * The pace follows the user, since a change matters most while they are there to act on it:
 * - active: every 20 s, and every 10 s for two minutes after something changed (a conversation is
 *   going, or Steward just wrote). At 10 s that is 8,640 polls and ~17,000 quota units a day, far
 *   below Gmail's limits (about 0.002 % of the 1e9 units a day a Cloud project gets, and the
 *   project is the user's own), and a few MB of traffic;
 * - idle (away from the keyboard): every minute;
 * - locked: every 5 minutes;
 * - suspended: not at all (the machine is asleep); waking polls at once.
 * After failures it backs off like a reconnect (1 s doubling to 5 minutes). A little jitter keeps
 * several accounts from polling in step.
 */
import type { PresenceState } from '@shared/domain/types.js';
import { reconnectDelay } from '../backoff.js';

export const ACTIVE_POLL_MS = 20_000;
export const HOT_POLL_MS = 10_000;
/** How long after a change polling stays at HOT_POLL_MS. */
export const HOT_WINDOW_MS = 2 * 60_000;
export const IDLE_POLL_MS = 60_000;
export const LOCKED_POLL_MS = 5 * 60_000;

export interface PollSituation {
  readonly presence: PresenceState;
  /** Since Gmail last reported a change (or Steward wrote); null if never. */
  readonly sinceLastChangeMs: number | null;
  /** Polls that failed in a row since the last good one. */
  readonly consecutiveFailures: number;
}

/** Milliseconds until the next poll, or null for "do not poll until woken". */
export function nextPollDelay(situation: PollSituation, random: () => number = Math.random): number | null {
  if (situation.presence === 'suspended') return null;
  if (situation.consecutiveFailures > 0) return reconnectDelay(situation.consecutiveFailures - 1, random);
  const base =
    situation.presence === 'locked'
      ? LOCKED_POLL_MS
      : situation.presence === 'idle'
        ? IDLE_POLL_MS
        : situation.sinceLastChangeMs !== null && situation.sinceLastChangeMs < HOT_WINDOW_MS
          ? HOT_POLL_MS
          : ACTIVE_POLL_MS;
  return Math.round(base * (0.9 + random() * 0.2));
}
