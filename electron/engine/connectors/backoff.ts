/**
 * Reconnect delays: quick at first (a blip), then backing off to a few minutes so a server
 * that is down is not hammered. Jitter spreads reconnects of many accounts apart.
 */
export const MIN_RECONNECT_MS = 1_000;
export const MAX_RECONNECT_MS = 5 * 60_000;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RECONNECT_MS, MIN_RECONNECT_MS * 2 ** Math.max(0, attempt));
  const jitter = 0.8 + random() * 0.4;
  return Math.round(Math.min(MAX_RECONNECT_MS, base * jitter));
}
