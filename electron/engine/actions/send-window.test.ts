import { describe, expect, it } from 'vitest';
import type { ActionStatus } from '@shared/domain/types.js';
import { dueAfter, heldRemainder, msUntil, recallRefusal, waitsInOutbox } from './send-window.js';
import { mayHaveActed } from './step-journal.js';

describe('the undo window', () => {
  it.each([
    ['email.send', true],
    ['email.draft', false],
    ['email.archive', false],
    ['email.trash', false],
    ['calendar.respond', false],
  ] as const)('%s waits in the outbox: %s', (capability, expected) => {
    expect(waitsInOutbox(capability)).toBe(expected);
  });

  it('leaves after the window, and a pause keeps what was left of it', () => {
    const now = new Date('2026-11-25T09:00:00.000Z');
    expect(dueAfter(now, 10_000)).toBe('2026-11-25T09:00:10.000Z');
    expect(dueAfter(now, -5)).toBe('2026-11-25T09:00:00.000Z');
    expect(heldRemainder('2026-11-25T09:00:10.000Z', '2026-11-25T09:00:02.500Z')).toBe(7500);
    expect(heldRemainder('2026-11-25T09:00:10.000Z', '2026-11-25T09:00:12.000Z')).toBe(0);
    expect(msUntil('2026-11-25T09:00:10.000Z', now)).toBe(10_000);
    expect(msUntil('2026-11-25T08:59:00.000Z', now)).toBe(0);
  });

  it.each<[ActionStatus, RegExp | null]>([
    ['scheduled', null],
    ['approved', /^Too late to recall: the undo window has passed and the message is being sent now/],
    ['running', /^Too late to recall: the undo window has passed/],
    ['done', /^Too late to recall: the message was sent at 09:00:10\. Mail cannot be unsent/],
    ['cancelled', /^It was already recalled/],
    ['failed', /^There is nothing to recall: sending it did not complete/],
    ['proposed', /^There is nothing to recall/],
  ])('recalling a %s step: %s', (status, refusal) => {
    const said = recallRefusal(status, '2026-11-25T09:00:10.000Z', (iso) => iso.slice(11, 19));
    if (refusal === null) expect(said).toBeNull();
    else expect(said).toMatch(refusal);
  });
});

describe('whether an action may have reached the world, from its journal', () => {
  const note = (phase: string) => ({ phase, detail: {}, at: '2026-11-25T09:00:00.000Z' });
  it.each([
    [[], false],
    [['handing#1'], true],
    [['handing#1', 'not-sent#1'], false],
    [['handing#1', 'not-sent#1', 'handing#2'], true],
    [['handing#1', 'accepted'], true],
    [['flags-before'], false],
  ])('%j → %s', (phases, expected) => {
    expect(mayHaveActed(phases.map(note))).toBe(expected);
  });
});
