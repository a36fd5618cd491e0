import { describe, expect, it } from 'vitest';
import { ACTIVE_POLL_MS, HOT_POLL_MS, IDLE_POLL_MS, LOCKED_POLL_MS, nextPollDelay, type PollSituation } from './poll-schedule.js';

const middle = () => 0.5; // no jitter

describe('nextPollDelay', () => {
  it.each<{ name: string; situation: PollSituation; expected: number | null }>([
    { name: 'active, nothing lately', situation: { presence: 'active', sinceLastChangeMs: null, consecutiveFailures: 0 }, expected: ACTIVE_POLL_MS },
    { name: 'active, a change a minute ago', situation: { presence: 'active', sinceLastChangeMs: 60_000, consecutiveFailures: 0 }, expected: HOT_POLL_MS },
    { name: 'active, a change long ago', situation: { presence: 'active', sinceLastChangeMs: 10 * 60_000, consecutiveFailures: 0 }, expected: ACTIVE_POLL_MS },
    { name: 'idle, even right after a change', situation: { presence: 'idle', sinceLastChangeMs: 1_000, consecutiveFailures: 0 }, expected: IDLE_POLL_MS },
    { name: 'locked', situation: { presence: 'locked', sinceLastChangeMs: null, consecutiveFailures: 0 }, expected: LOCKED_POLL_MS },
    { name: 'suspended: not at all', situation: { presence: 'suspended', sinceLastChangeMs: null, consecutiveFailures: 3 }, expected: null },
    { name: 'first failure: a second', situation: { presence: 'active', sinceLastChangeMs: null, consecutiveFailures: 1 }, expected: 1_000 },
    { name: 'many failures: five minutes at most', situation: { presence: 'locked', sinceLastChangeMs: null, consecutiveFailures: 30 }, expected: 5 * 60_000 },
  ])('$name', ({ situation, expected }) => {
    expect(nextPollDelay(situation, middle)).toBe(expected);
  });

  it('spreads polls by ±10 %', () => {
    const situation: PollSituation = { presence: 'active', sinceLastChangeMs: null, consecutiveFailures: 0 };
    expect(nextPollDelay(situation, () => 0)).toBe(ACTIVE_POLL_MS * 0.9);
    expect(nextPollDelay(situation, () => 0.999_999)).toBeCloseTo(ACTIVE_POLL_MS * 1.1, -1);
  });
});
