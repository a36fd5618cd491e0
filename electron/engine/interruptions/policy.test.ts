import { describe, expect, it } from 'vitest';
import { shouldInterrupt } from './policy.js';

describe('shouldInterrupt', () => {
  it.each([
    { urgency: 'high' as const, paused: false, interrupt: true },
    { urgency: 'normal' as const, paused: false, interrupt: true },
    { urgency: 'low' as const, paused: false, interrupt: false },
    { urgency: 'high' as const, paused: true, interrupt: false },
  ])('$urgency, paused $paused → $interrupt', ({ urgency, paused, interrupt }) => {
    expect(shouldInterrupt({ urgency, paused })).toBe(interrupt);
  });
});
