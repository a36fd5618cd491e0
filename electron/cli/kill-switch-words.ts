/** What `steward pause` and `steward resume` say, from the fast path and the full program alike. */
import type { HardPause } from './hard-pause.js';

export const PAUSED_WORDS = 'Paused: Steward will not act until you run `steward resume`.';
export const RESUMED_WORDS = 'Resumed.';

export function hardPauseWords(done: HardPause): string {
  return done.outcome === 'ended'
    ? `Steward (process ${done.pid}) did not answer within 1 s, so it was ended. It stays paused when it starts again, until you run \`steward resume\`.`
    : PAUSED_WORDS;
}

/** The pause's input: the reason only when one was given (an empty one is none). */
export function pauseInput(reason: string | undefined): { reason?: string } {
  return reason ? { reason } : {};
}
