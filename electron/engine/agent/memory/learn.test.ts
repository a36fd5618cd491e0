import { describe, expect, it } from 'vitest';
import { editSignal, learnPreferences, type SignalCount } from './learn.js';

describe('learnPreferences', () => {
  it.each<{ name: string; counts: SignalCount[]; rules: string[] }>([
    { name: 'nothing from nothing', counts: [], rules: [] },
    { name: 'one act is not a habit', counts: [{ signal: 'reply.shortened', subject: '', count: 1 }], rules: [] },
    { name: 'two shortened drafts: short replies', counts: [{ signal: 'reply.shortened', subject: '', count: 2 }], rules: ['replies.short'] },
    {
      name: 'contradicted by as many lengthened: nothing',
      counts: [
        { signal: 'reply.shortened', subject: '', count: 2 },
        { signal: 'reply.lengthened', subject: '', count: 2 },
      ],
      rules: [],
    },
    { name: 'lengthened: fuller replies', counts: [{ signal: 'reply.lengthened', subject: '', count: 3 }], rules: ['replies.full'] },
    { name: 'archives dismissed twice: never archive that sender', counts: [{ signal: 'archive.dismissed', subject: 'bank.example', count: 2 }], rules: ['archive.never:bank.example'] },
    {
      name: 'but not when an archive of it was approved',
      counts: [
        { signal: 'archive.dismissed', subject: 'bank.example', count: 3 },
        { signal: 'archive.approved', subject: 'bank.example', count: 1 },
      ],
      rules: [],
    },
    { name: 'replies to someone dismissed twice: no drafts for them', counts: [{ signal: 'reply.dismissed', subject: 'bob@x.example', count: 2 }], rules: ['reply.skip:bob@x.example'] },
  ])('$name', ({ counts, rules }) => {
    expect(learnPreferences(counts).map((p) => p.rule)).toEqual(rules);
  });

  it('says what it learned from', () => {
    expect(learnPreferences([{ signal: 'archive.dismissed', subject: 'bank.example', count: 2 }])[0]).toEqual({
      rule: 'archive.never:bank.example',
      text: 'Never suggest archiving mail from bank.example.',
      evidence: 'dismissed 2 suggestions to archive mail from bank.example, approved none',
    });
  });
});

describe('editSignal', () => {
  it.each([
    [400, 100, 'reply.shortened'],
    [400, 300, 'reply.shortened'],
    [400, 350, null],
    [400, 600, 'reply.lengthened'],
    [0, 100, null],
  ] as const)('%i → %i chars: %s', (before, after, signal) => {
    expect(editSignal(before, after)).toBe(signal);
  });
});
