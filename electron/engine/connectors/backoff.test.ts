import { describe, expect, it } from 'vitest';
import { MAX_RECONNECT_MS, reconnectDelay } from './backoff.js';

describe('reconnectDelay', () => {
  it('doubles from about a second and stops at five minutes', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3].map((n) => reconnectDelay(n, mid))).toEqual([1000, 2000, 4000, 8000]);
    expect(reconnectDelay(30, mid)).toBe(MAX_RECONNECT_MS);
  });

  it('spreads reconnects by ±20%', () => {
    expect(reconnectDelay(2, () => 0)).toBe(3200);
    expect(reconnectDelay(2, () => 0.999999)).toBe(4800);
  });
});
