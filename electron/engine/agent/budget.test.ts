import { describe, expect, it } from 'vitest';
import { checkJobCaps, dailyBudgetState, isTimeZone, startOfDayIn, startOfNextDayIn } from './budget.js';

describe('local days', () => {
  it.each([
    { zone: 'UTC', at: '2026-11-25T09:14:00Z', start: '2026-11-25T00:00:00.000Z', next: '2026-11-26T00:00:00.000Z' },
    { zone: 'Europe/Berlin', at: '2026-11-25T09:14:00Z', start: '2026-11-24T23:00:00.000Z', next: '2026-11-25T23:00:00.000Z' },
    // 00:30 in Berlin on the 25th is still the 24th in UTC.
    { zone: 'Europe/Berlin', at: '2026-11-24T23:30:00Z', start: '2026-11-24T23:00:00.000Z', next: '2026-11-25T23:00:00.000Z' },
    { zone: 'Asia/Kolkata', at: '2026-11-25T20:00:00Z', start: '2026-11-25T18:30:00.000Z', next: '2026-11-26T18:30:00.000Z' },
    { zone: 'America/Los_Angeles', at: '2026-11-25T07:59:00Z', start: '2026-11-24T08:00:00.000Z', next: '2026-11-25T08:00:00.000Z' },
    // The day clocks go forward (Berlin, 29 March 2026) is 23 hours long…
    { zone: 'Europe/Berlin', at: '2026-03-29T12:00:00Z', start: '2026-03-28T23:00:00.000Z', next: '2026-03-29T22:00:00.000Z' },
    // …and the day they go back (25 October 2026) is 25.
    { zone: 'Europe/Berlin', at: '2026-10-25T12:00:00Z', start: '2026-10-24T22:00:00.000Z', next: '2026-10-25T23:00:00.000Z' },
    // New York springs forward at 02:00 on 8 March 2026: midnight still exists.
    { zone: 'America/New_York', at: '2026-03-08T15:00:00Z', start: '2026-03-08T05:00:00.000Z', next: '2026-03-09T04:00:00.000Z' },
  ])('$zone at $at', ({ zone, at, start, next }) => {
    expect(startOfDayIn(zone, new Date(at)).toISOString()).toBe(start);
    expect(startOfNextDayIn(zone, new Date(at)).toISOString()).toBe(next);
  });

  it('knows a time zone from a typo', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Europe/Berlim')).toBe(false);
  });
});

describe('dailyBudgetState', () => {
  const base = { budgetTokens: 1_000_000, spentUsd: 0.42, now: new Date('2026-11-25T09:14:00Z'), timeZone: 'Europe/Berlin' };
  it('counts what is left and when it refills', () => {
    expect(dailyBudgetState({ ...base, spentTokens: 250_000 })).toEqual({
      budgetTokens: 1_000_000,
      spentTokens: 250_000,
      remainingTokens: 750_000,
      spentUsd: 0.42,
      exhausted: false,
      dayStartedAt: '2026-11-24T23:00:00.000Z',
      resetsAt: '2026-11-25T23:00:00.000Z',
    });
  });
  it('is exhausted at the budget and beyond it', () => {
    expect(dailyBudgetState({ ...base, spentTokens: 1_000_000 }).exhausted).toBe(true);
    expect(dailyBudgetState({ ...base, spentTokens: 1_200_000 })).toMatchObject({ exhausted: true, remainingTokens: 0 });
    expect(dailyBudgetState({ ...base, spentTokens: 999_999 }).exhausted).toBe(false);
  });
});

describe('checkJobCaps', () => {
  const caps = { maxTokens: 4_000, maxModelCalls: 2, maxProposals: 0 };
  it.each([
    { name: 'lets the first call go', progress: { tokensUsed: 0, modelCalls: 0, nextPromptEstimate: 1_500 }, ok: true },
    { name: 'stops at the step cap', progress: { tokensUsed: 100, modelCalls: 2, nextPromptEstimate: 100 }, ok: false, cap: 'steps' },
    { name: 'stops before a call whose prompt would cross the token cap', progress: { tokensUsed: 2_500, modelCalls: 1, nextPromptEstimate: 1_600 }, ok: false, cap: 'tokens' },
    { name: 'lets a call go that fits', progress: { tokensUsed: 2_000, modelCalls: 1, nextPromptEstimate: 1_900 }, ok: true },
  ])('$name', ({ progress, ok, cap }) => {
    const check = checkJobCaps(progress, caps);
    expect(check.ok).toBe(ok);
    if (!check.ok) {
      expect(check.cap).toBe(cap);
      expect(check.detail).toMatch(/cap of/);
    }
  });
});
