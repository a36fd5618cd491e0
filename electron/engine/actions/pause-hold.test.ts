import { expect, it } from 'vitest';
import { pauseHolds } from './pause-hold.js';

it.each<[string | null, string, boolean]>([
  ['user:ui', 'user:ui', true],
  ['user:cli', 'engine (allowed by your permissions)', true],
  ['shell', 'rule:r1', true],
  ['breaker', 'user:web', true],
  ['breaker', 'shell', true],
  ['breaker', 'rule:r1', false],
  ['breaker', 'engine (allowed by your permissions)', false],
])('a pause by %s holds a step approved by %s: %s', (pausedBy, approver, holds) => {
  expect(pauseHolds(pausedBy, approver)).toBe(holds);
});
